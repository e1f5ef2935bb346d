import type { Proposal } from "../modules/index.js";

/** Files the bot never proposes to change, whatever a model or module says. */
const FORBIDDEN = [
  { test: (p: string) => p === ".github/workflows" || p.startsWith(".github/workflows/"), why: "touches .github/workflows" },
  { test: (p: string) => /(^|\/)CODEOWNERS$/.test(p), why: "touches CODEOWNERS" },
  { test: (p: string) => p === ".git" || p.startsWith(".git/") || p.includes("/.git/"), why: "touches .git/" },
];

/** Why a path is not acceptable in a proposal, or null when it is. */
export function unsafePathReason(filePath: string): string | null {
  if (filePath.length === 0) return "empty path";
  if (filePath.includes("\0")) return "path contains NUL";
  if (filePath.startsWith("/") || /^[A-Za-z]:[\\/]/.test(filePath) || filePath.startsWith("\\")) return `absolute path ${JSON.stringify(filePath)}`;
  const parts = filePath.split(/[\\/]/);
  if (parts.includes("..")) return `path leaves the repository: ${JSON.stringify(filePath)}`;
  const normalized = parts.filter((p) => p !== "" && p !== ".").join("/");
  for (const rule of FORBIDDEN) if (rule.test(normalized)) return `${rule.why} (${normalized})`;
  return null;
}

/** Lines added plus lines removed in a unified diff. */
export function changedLines(patch: string): number {
  let count = 0;
  for (const line of patch.split("\n")) {
    if ((line.startsWith("+") && !line.startsWith("+++")) || (line.startsWith("-") && !line.startsWith("---"))) count++;
  }
  return count;
}

/** Paths named in a unified diff's `---`/`+++` headers (without the a/ b/ prefixes). */
export function patchPaths(patch: string): string[] {
  const paths = new Set<string>();
  for (const line of patch.split("\n")) {
    const m = /^(?:---|\+\+\+) (?:[ab]\/)?(.+?)(?:\t.*)?$/.exec(line);
    if (m?.[1] && m[1] !== "/dev/null") paths.add(m[1]);
  }
  return [...paths];
}

/**
 * The rules every proposal must pass before anything else looks at it: only paths inside
 * the repo, never workflows or CODEOWNERS, and small enough to review. Returns the reason
 * for rejection, or null.
 */
export function proposalRejection(proposal: Proposal, maxChangedLines: number): string | null {
  const paths = new Set([...proposal.files, ...patchPaths(proposal.patch)]);
  if (paths.size === 0) return "the proposal names no file";
  for (const p of paths) {
    const why = unsafePathReason(p);
    if (why) return why;
  }
  const lines = changedLines(proposal.patch);
  if (lines === 0) return "the patch changes nothing";
  if (lines > maxChangedLines) return `the patch changes ${lines} lines, over the limit of ${maxChangedLines}`;
  return null;
}
