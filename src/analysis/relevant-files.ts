/**
 * A few repository files relevant to a question, found cheaply: by path first, then by the
 * content of the best candidates. Used by `lodestar ask` and by the fix module (the issue's
 * text is the question).
 */
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { classifyPath, isBinary } from "./classify.js";
import { listLocalFiles } from "./list-local-files.js";

/** A repository file given to a model as context. */
export interface RelevantFile {
  path: string;
  content: string;
}

/** Limits that keep the context cheap: a few files, a bounded prompt, a bounded read. */
export const ASK_LIMITS = {
  /** Files given to the model. */
  files: 6,
  /** Characters of context in all (~12k tokens: fits a local model's window with room to answer). */
  chars: 48_000,
  /** Characters kept of one file. */
  fileChars: 16_000,
  /** Files read to score their content; the rest are ranked by path alone. */
  read: 300,
  /** Files larger than this are not read at all. */
  fileBytes: 256 * 1024,
  /** Longest question accepted. */
  questionChars: 4000,
  /** Output tokens for the answer. */
  answerTokens: 1024,
} as const;

const STOP_WORDS = new Set(
  "a an and are as at be by can could do does for from has have how i if in into is it its of on or should that the this to was what when where which who why will with would you your me my we our there their them then than any all".split(" "),
);

/** The words of a question worth looking for: lower case, identifiers split, no stop words. */
export function keywords(question: string): string[] {
  const out = new Set<string>();
  for (const word of question.match(/[\p{L}\p{N}_]+/gu) ?? []) {
    const parts = word.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2").split(/[\s_]+/);
    for (const w of [word, ...parts].map((p) => p.toLowerCase())) {
      if (w.length >= 3 && !STOP_WORDS.has(w)) out.add(w);
    }
  }
  return [...out];
}

/** How well a path matches: 3 per keyword that is a whole name part, 1 per keyword inside it. */
export function pathScore(file: string, words: readonly string[]): number {
  const lower = file.toLowerCase();
  const parts = new Set(lower.split(/[/._-]+/));
  let score = 0;
  for (const w of words) score += parts.has(w) ? 3 : lower.includes(w) ? 1 : 0;
  return score;
}

/** How well content matches: occurrences per keyword, each capped at 5 so one word cannot dominate. */
export function contentScore(text: string, words: readonly string[]): number {
  const lower = text.toLowerCase();
  let score = 0;
  for (const w of words) {
    let n = 0;
    for (let at = lower.indexOf(w); at !== -1 && n < 5; at = lower.indexOf(w, at + w.length)) n++;
    score += n;
  }
  return score;
}

/**
 * A few files relevant to the question, cheaply: every listed file is ranked by its path, the
 * best few hundred small text files are read and ranked by content too, and the top ones are
 * kept within the character budget. The README is a fallback when nothing matches.
 */
export async function pickContext(repoDir: string, question: string): Promise<RelevantFile[]> {
  const words = keywords(question);
  const listing = await listLocalFiles(repoDir, { maxFiles: 100_000 });
  const candidates = listing.files
    .filter((f) => f.size > 0 && f.size <= ASK_LIMITS.fileBytes && classifyPath(f.path) === null)
    // The README is read early (a tie-break), but is context only if it matches or nothing does.
    .map((f) => ({ path: f.path, score: pathScore(f.path, words) + (/^readme(\.|$)/i.test(f.path) ? 0.5 : 0), depth: f.path.split("/").length, size: f.size }))
    .sort((a, b) => b.score - a.score || a.depth - b.depth || a.size - b.size || a.path.localeCompare(b.path))
    .slice(0, ASK_LIMITS.read);
  const scored: { path: string; content: string; score: number }[] = [];
  for (const c of candidates) {
    const content = await readRepoText(repoDir, c.path);
    if (content === undefined) continue;
    scored.push({ path: c.path, content, score: 2 * pathScore(c.path, words) + contentScore(content, words) });
  }
  scored.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
  let chosen = scored.filter((s) => s.score > 0);
  if (chosen.length === 0) chosen = scored.filter((s) => /^readme(\.|$)/i.test(s.path));
  const out: RelevantFile[] = [];
  let budget: number = ASK_LIMITS.chars;
  for (const file of chosen) {
    if (out.length >= ASK_LIMITS.files || budget <= 0) break;
    const limit = Math.min(ASK_LIMITS.fileChars, budget);
    const content = file.content.length > limit ? `${file.content.slice(0, limit)}\n… (cut: the file has ${file.content.length} characters)\n` : file.content;
    out.push({ path: file.path, content });
    budget -= content.length;
  }
  return out;
}

/** A listed file's text; undefined for a binary, a file that is now a symlink, or one that cannot be read. */
async function readRepoText(repoDir: string, file: string): Promise<string | undefined> {
  const full = path.join(repoDir, file);
  try {
    // The listing never returns symlinks; check again at read time (it may have changed since).
    const stats = await lstat(full);
    if (!stats.isFile() || stats.size > ASK_LIMITS.fileBytes) return undefined;
    const bytes = await readFile(full);
    if (isBinary(bytes)) return undefined;
    return bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

