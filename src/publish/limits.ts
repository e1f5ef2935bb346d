/** GitHub's limits (DESIGN §5), in one place. */
export const GITHUB_LIMITS = {
  checkRunText: 65_535,
  annotationsPerRequest: 50,
  /** Issue and comment bodies may hold 65,536 characters; we keep a margin. */
  issueBody: 60_000,
} as const;

/** Cuts text to `max` characters, saying so at the end, so a limit never fails a request. */
export function fitText(text: string, max: number, note = "\n\n…(truncated to fit GitHub's limit)"): string {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}
