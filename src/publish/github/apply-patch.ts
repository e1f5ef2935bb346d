/**
 * Applying a proposal's unified diff to the base branch's files, in memory: no git, no disk,
 * no shell. Pure, so the GitHub writer can read the files it needs, apply, and only then write;
 * a patch that does not apply throws a `PatchError` and no branch or pull request is made.
 */
import { applyPatch, parsePatch, type StructuredPatch } from "diff";

/** A patch that cannot be applied; the message says why, for the summary and the decision log. */
export class PatchError extends Error {
  override name = "PatchError";
}

/** File modes a proposal may give a file: plain or executable. Symlinks and submodules are refused. */
export type FileMode = "100644" | "100755";

const DEV_NULL = "/dev/null";

/** One file section of the diff, with repository paths resolved (null = /dev/null). */
interface Section {
  patch: StructuredPatch;
  from: string | null;
  to: string | null;
}

function parse(patch: string): StructuredPatch[] {
  try {
    return parsePatch(patch);
  } catch (error) {
    throw new PatchError(`the patch cannot be read: ${(error as Error).message}`);
  }
}

/**
 * Git writes `a/` and `b/` before the names; `diff -u` and `git diff --no-prefix` do not. Strip
 * them only when both sides carry them, so a real folder named `a` in a prefix-less diff survives.
 */
function sections(patch: string): Section[] {
  const out: Section[] = [];
  for (const p of parse(patch)) {
    const oldName = p.oldFileName?.trim();
    const newName = p.newFileName?.trim();
    if (oldName === undefined && newName === undefined) {
      if (p.hunks.length > 0) throw new PatchError("the patch has a hunk without file names");
      continue;
    }
    const prefixed = (oldName === undefined || oldName === DEV_NULL || oldName.startsWith("a/")) && (newName === undefined || newName === DEV_NULL || newName.startsWith("b/"));
    const resolve = (name: string | undefined, prefix: string) => {
      if (name === undefined || name === DEV_NULL) return null;
      return prefixed && name.startsWith(prefix) ? name.slice(prefix.length) : name;
    };
    let from = p.isCreate ? null : resolve(oldName, "a/");
    let to = p.isDelete ? null : resolve(newName, "b/");
    // A header with one name only (hunk-only git sections) means the same file on both sides.
    if (oldName === undefined && !p.isCreate) from = to;
    if (newName === undefined && !p.isDelete) to = from;
    if (from === null && to === null) throw new PatchError("the patch has a file section that names no file");
    out.push({ patch: p, from, to });
  }
  if (out.length === 0) throw new PatchError("the patch changes no file");
  return out;
}

/**
 * Every path the patch reads or writes, in the repository (no `a/`/`b/` prefix). The caller
 * reads these from the base branch (absent ones as null) before `applyProposal`. Throws a
 * `PatchError` when the patch cannot be read.
 */
export function patchFiles(patch: string): string[] {
  const paths = new Set<string>();
  for (const s of sections(patch)) {
    if (s.from !== null) paths.add(s.from);
    if (s.to !== null) paths.add(s.to);
  }
  return [...paths];
}

/**
 * The modes a git patch asks for (`new file mode`, `new mode`), by path. Other files keep the
 * mode they have on the base branch. Symlink (120000) and submodule (160000) modes throw: a
 * model must not be able to plant a link that points outside the repository.
 */
export function requestedModes(patch: string): Map<string, FileMode> {
  const modes = new Map<string, FileMode>();
  for (const s of sections(patch)) {
    const mode = s.patch.newMode;
    if (mode === undefined || s.to === null) continue;
    if (mode !== "100644" && mode !== "100755") throw new PatchError(`the patch gives ${JSON.stringify(s.to)} mode ${mode}: only plain and executable files are proposed`);
    modes.set(s.to, mode);
  }
  return modes;
}

/**
 * Applies a unified diff to the base files. `base` holds every path of `patchFiles(patch)`:
 * its text, or null when the file does not exist on the base branch. Returns the files the
 * patch changes: new text, or null for a deleted file (renames give both). Every section is
 * applied to the base text (as `git apply` does), so a rename swap works; the same file
 * written twice is refused.
 *
 * Throws a `PatchError` naming the file when a hunk does not apply, a created file already
 * exists, a changed or deleted file is missing, or the patch holds a binary change.
 */
export function applyProposal(base: ReadonlyMap<string, string | null>, patch: string): Map<string, string | null> {
  const all = sections(patch);
  const result = new Map<string, string | null>();
  const written = new Set<string>();
  // Paths this patch empties (deleted or renamed away): another section may take their name.
  const vacated = new Set(all.flatMap((s) => (s.from !== null && (s.to === null || (s.patch.isRename && s.to !== s.from)) ? [s.from] : [])));
  const baseText = (path: string): string | null => {
    if (!base.has(path)) throw new PatchError(`no base content was read for ${JSON.stringify(path)}`);
    return base.get(path) ?? null;
  };
  for (const { patch: section, from, to } of all) {
    const label = JSON.stringify(to ?? from);
    if (section.isBinary) throw new PatchError(`the patch holds a binary change to ${label}: only text is proposed`);
    const moves = from !== null && to !== null && from !== to;
    if (moves && !section.isRename && !section.isCopy) {
      throw new PatchError(`the patch names two files, ${JSON.stringify(from)} and ${label}, without a rename or copy header`);
    }
    let source = "";
    if (from === null) {
      if (baseText(to!) !== null && !vacated.has(to!)) throw new PatchError(`the patch creates ${label}, which already exists on the base branch`);
    } else {
      const text = baseText(from);
      if (text === null) throw new PatchError(`the patch changes ${JSON.stringify(from)}, which does not exist on the base branch`);
      source = text;
    }
    let next = source;
    if (section.hunks.length > 0) {
      const applied = applyPatch(source, section);
      if (applied === false) {
        throw new PatchError(`the patch does not apply to ${JSON.stringify(from ?? to)}: a hunk's context or removed lines are not in the base branch's file`);
      }
      next = applied;
    }
    if (to === null) {
      if (next !== "") throw new PatchError(`the patch deletes ${label} but leaves lines in it`);
      // A name another section wrote (a rename swap) keeps its new text.
      if (!written.has(from!)) result.set(from!, null);
      continue;
    }
    if (written.has(to)) throw new PatchError(`the patch writes ${label} twice`);
    if (moves && baseText(to) !== null && !vacated.has(to)) throw new PatchError(`the patch renames or copies onto ${label}, which already exists on the base branch`);
    if (moves && section.isRename && !written.has(from!)) result.set(from!, null);
    written.add(to);
    result.set(to, next);
  }
  return result;
}

/**
 * The patch reduced to what it changes, for fingerprints: line endings unified, and only the
 * file names (trimmed, without prefixes), git's create/delete/rename/copy/mode facts and the
 * hunk lines kept. Dates in `---` headers, `index` lines and hunk line numbers do not count, so
 * the same change made on a base that moved by a few lines keeps its identity. A patch that
 * cannot be read falls back to its text with line endings and trailing header spaces unified.
 */
export function canonicalPatch(patch: string): string {
  const text = patch.replace(/\r\n?/g, "\n");
  try {
    return JSON.stringify(
      sections(text).map(({ patch: p, from, to }) => [
        from,
        to,
        p.isCreate ?? false,
        p.isDelete ?? false,
        p.isRename ?? false,
        p.isCopy ?? false,
        p.newMode ?? null,
        p.hunks.map((h) => h.lines),
      ]),
    );
  } catch {
    return text
      .split("\n")
      .map((line) => (/^(?:[-+ ]|\\)/.test(line) && !/^(?:---|\+\+\+) /.test(line) ? line : line.trimEnd()))
      .join("\n")
      .trimEnd();
  }
}
