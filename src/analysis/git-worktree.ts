/**
 * A cheap look at a git work tree, for the incremental analysis: a fingerprint of the index
 * (paths, modes, blob ids, stages and flags, but not the stat data git refreshes on its own),
 * the tracked files git reports changed in the work tree, and the untracked files. When the
 * fingerprints match the previous run's, only the reported paths can differ from it.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { isGitTopLevel, runGit } from "./list-local-files.js";

export interface WorktreeProbe {
  /** sha1 of `git ls-files -z -s -v`. */
  indexHash: string;
  /** The raw listing, to look up the blob id of a path without parsing every record. */
  index: Buffer;
  /** Tracked paths whose work-tree file git reports changed (or deleted). */
  modified: string[];
  /** Tracked paths git does not vouch for: assume-unchanged, skip-worktree, or conflicted. */
  flagged: string[];
  /** Untracked, not ignored files (sorted). */
  untracked: string[];
  /** sha1 of the untracked list. */
  untrackedHash: string;
  head: string | null;
}

const OWN_FOLDER = ".lodestar/";

function splitNul(out: Buffer): string[] {
  return out.toString("utf8").split("\0").filter((p) => p !== "");
}

/** Tagged records of `ls-files -s -v`: "<tag> <mode> <blob> <stage>\t<path>"; H is a normal cached entry. */
function flaggedPaths(index: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < index.length) {
    const nul = index.indexOf(0, at);
    const end = nul === -1 ? index.length : nul;
    const tab = index.indexOf(9, at);
    // The stage is the digit just before the tab.
    if (tab !== -1 && tab < end && (index[at] !== 72 /* H */ || index[tab - 1] !== 48 /* 0 */)) out.push(index.toString("utf8", tab + 1, end));
    at = end + 1;
  }
  return out;
}

/**
 * Probes `root` when it is the top level of a git work tree (null otherwise, or when git
 * fails there). Never writes to the repository: no index refresh, no untracked cache.
 */
export async function probeGitWorktree(root: string): Promise<WorktreeProbe | null> {
  try {
    // All at once: asking first whether this is a work tree's top level would cost a round trip.
    const [top, index, changed, others, head] = await Promise.all([
      isGitTopLevel(root),
      runGit(root, ["ls-files", "-z", "-s", "-v"]),
      runGit(root, ["diff-files", "-z", "--name-only"]),
      runGit(root, ["ls-files", "-z", "--others", "--exclude-standard"]),
      runGit(root, ["rev-parse", "--verify", "-q", "HEAD"]).catch(() => null),
    ]);
    if (!top) return null;
    const untracked = splitNul(others.out).filter((p) => !p.startsWith(OWN_FOLDER)).sort();
    return {
      indexHash: createHash("sha1").update(index.out).digest("hex"),
      index: index.out,
      modified: splitNul(changed.out),
      flagged: flaggedPaths(index.out),
      untracked,
      untrackedHash: createHash("sha1").update(untracked.join("\0")).digest("hex"),
      head: head?.out.toString().trim() || null,
    };
  } catch {
    return null;
  }
}

/** The index's blob id for `rel` (stage 0), found in the raw listing; undefined when absent. */
export function indexBlobOf(probe: WorktreeProbe, rel: string): string | undefined {
  const needle = Buffer.from(`\t${rel}\0`);
  const at = probe.index.indexOf(needle);
  if (at === -1) return undefined;
  // "<tag> <mode> <blob> <stage>\t": the blob ends two characters before the tab.
  const blobEnd = at - 2;
  const blobStart = probe.index.lastIndexOf(32, blobEnd - 1) + 1;
  return probe.index.toString("latin1", blobStart, blobEnd);
}

/** `size:mtimeMs` of a regular file (never following a symlink), or why there is none. */
export async function lstatValidator(root: string, rel: string): Promise<{ validator: string; size: number } | { skip: "missing" | "symlink" | "unreadable" }> {
  try {
    const info = await fs.lstat(path.join(root, rel));
    if (info.isSymbolicLink()) return { skip: "symlink" };
    if (!info.isFile()) return { skip: info.isDirectory() ? "missing" : "unreadable" };
    return { validator: `${info.size}:${info.mtimeMs}`, size: info.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { skip: code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable" };
  }
}
