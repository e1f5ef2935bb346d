import type { Proposal } from "../modules/index.js";

/**
 * Files the bot never proposes to change, whatever a model or module says. Compared in lower
 * case: on a case-insensitive disk `.GitHub/Workflows` is the same folder.
 */
const FORBIDDEN = [
  { test: (p: string) => p === ".github/workflows" || p.startsWith(".github/workflows/"), why: "touches .github/workflows" },
  { test: (p: string) => /(^|\/)codeowners$/.test(p), why: "touches CODEOWNERS" },
  { test: (p: string) => p === ".git" || p.startsWith(".git/") || p.includes("/.git/") || p.endsWith("/.git"), why: "touches .git/" },
];

/** Why a path is not acceptable in a proposal, or null when it is. */
export function unsafePathReason(filePath: string): string | null {
  if (filePath.length === 0) return "empty path";
  if (filePath.includes("\0")) return "path contains NUL";
  if (filePath.startsWith("/") || /^[A-Za-z]:[\\/]/.test(filePath) || filePath.startsWith("\\")) return `absolute path ${JSON.stringify(filePath)}`;
  const parts = filePath.split(/[\\/]/);
  if (parts.includes("..")) return `path leaves the repository: ${JSON.stringify(filePath)}`;
  const normalized = parts.filter((p) => p !== "" && p !== ".").join("/");
  for (const rule of FORBIDDEN) if (rule.test(normalized.toLowerCase())) return `${rule.why} (${normalized})`;
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

/**
 * Git writes unusual names C-quoted: `"b/.github/workflows/n\\145w.yml"`. Returns the name as
 * git apply reads it (octal escapes are bytes of UTF-8).
 */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2) return raw;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  const body = raw.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

const stripPrefix = (p: string) => p.replace(/^[ab]\//, "");

/**
 * Every path a unified diff names, as `git apply` would see it: `---`/`+++` headers, the
 * `diff --git` line, and `rename`/`copy` headers, unquoted, without the a/ b/ prefixes.
 */
export function patchPaths(patch: string): string[] {
  const paths = new Set<string>();
  const add = (raw: string | undefined) => {
    if (!raw) return;
    const path = stripPrefix(unquoteGitPath(raw.trim()));
    if (path !== "/dev/null") paths.add(path);
  };
  for (const line of patch.split("\n")) {
    let m = /^(?:---|\+\+\+) ("(?:[^"\\]|\\.)*"|[^\t]+)/.exec(line);
    if (m) {
      add(m[1]);
      continue;
    }
    m = /^(?:rename|copy) (?:from|to) (.+)$/.exec(line);
    if (m) {
      add(m[1]);
      continue;
    }
    if (line.startsWith("diff --git ")) {
      const rest = line.slice("diff --git ".length);
      const quoted = rest.match(/"(?:[^"\\]|\\.)*"/g);
      if (quoted) quoted.forEach(add);
      else {
        // Unquoted: "a/X b/Y". Names with spaces make the split ambiguous, so take both readings.
        const split = / b\//.exec(rest);
        if (split) {
          add(rest.slice(0, split.index));
          add(rest.slice(split.index + 1));
        } else add(rest);
      }
    }
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
