/**
 * The proposal's unified diff, written the way `git diff` writes it: `a/`/`b/` paths, and
 * `new file mode` with `--- /dev/null` for a file the tests add. Pure.
 */
import { structuredPatch } from "diff";

/** One file of a proposal: its text before (null when the file is new) and after. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string;
}

const C_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A name as git writes it in a header: C-quoted when it holds a quote, backslash or control character. */
function gitName(prefix: string, path: string): string {
  const name = `${prefix}${path}`;
  if (!/["\\\x00-\x1f\x7f]/.test(name)) return name;
  return `"${name.replace(/["\\\x00-\x1f\x7f]/g, (ch) => C_ESCAPES[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, "0")}`)}"`;
}

/** A unified diff of the changes (files in the order given); empty when nothing changes. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  let out = "";
  for (const change of changes) {
    const before = change.before ?? "";
    if (change.before !== null && before === change.after) continue;
    const a = gitName("a/", change.path);
    const b = gitName("b/", change.path);
    const hunks = structuredPatch(a, b, before, change.after, undefined, undefined, { context: 3 }).hunks;
    out += `diff --git ${a} ${b}\n`;
    if (change.before === null) out += "new file mode 100644\n";
    out += `--- ${change.before === null ? "/dev/null" : a}\n+++ ${b}\n`;
    for (const h of hunks) {
      // git writes an empty side's start as 0 (`-0,0`), and a one-line side without its count.
      const oldStart = h.oldLines === 0 ? Math.max(0, h.oldStart - 1) : h.oldStart;
      const newStart = h.newLines === 0 ? Math.max(0, h.newStart - 1) : h.newStart;
      const side = (start: number, lines: number) => (lines === 1 ? `${start}` : `${start},${lines}`);
      out += `@@ -${side(oldStart, h.oldLines)} +${side(newStart, h.newLines)} @@\n`;
      for (const line of h.lines) out += `${line}\n`;
    }
  }
  return out;
}
