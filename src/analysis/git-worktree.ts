/**
 * A cheap look at a git work tree, for the incremental analysis: a fingerprint of the index
 * (paths, modes, blob ids, stages and flags, but not the stat data git refreshes on its own),
 * the tracked files git reports changed in the work tree, and the untracked files. When the
 * fingerprints match the previous run's, only the reported paths can differ from it.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { gitEnv, runGit } from "./list-local-files.js";

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

/**
 * Splits `ls-files -z -c -o -s -v`: untracked files come as "? <path>" records (git prints
 * them before the cached ones), cached ones as "<tag> <mode> <blob> <stage>\t<path>", where
 * tag H is a normal entry (lower case: assume-unchanged, S: skip-worktree).
 */
function splitListing(out: Buffer): { cached: Buffer; untracked: string[]; flagged: string[] } {
  const untracked: string[] = [];
  const flagged: string[] = [];
  let cachedStart = -1;
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf(0, at);
    const end = nul === -1 ? out.length : nul;
    if (out[at] === 63 /* ? */ && out[at + 1] === 32) {
      if (cachedStart !== -1) throw new Error("git listed an untracked file among the cached ones");
      const rel = out.toString("utf8", at + 2, end);
      if (!rel.startsWith(OWN_FOLDER)) untracked.push(rel);
    } else {
      if (cachedStart === -1) cachedStart = at;
      const tab = out.indexOf(9, at);
      // The stage is the digit just before the tab.
      if (tab !== -1 && tab < end && (out[at] !== 72 /* H */ || out[tab - 1] !== 48 /* 0 */)) flagged.push(out.toString("utf8", tab + 1, end));
    }
    at = end + 1;
  }
  return { cached: cachedStart === -1 ? Buffer.alloc(0) : out.subarray(cachedStart), untracked: untracked.sort(), flagged };
}

/** Runs git and resolves with its output and exit code (a failing command is an answer here). */
function runGitStatus(cwd: string, args: string[]): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, env: gitEnv(), maxBuffer: 1 << 20 }, (error, stdout) => {
      resolve({ out: stdout, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
    });
  });
}

/**
 * Probes `root` when it is the top level of a git work tree (null otherwise, or when git
 * fails there). Three git processes, started together: spawning costs more than it seems
 * when the calling process is large. Never writes to the repository: no index refresh, no
 * untracked cache.
 */
export async function probeGitWorktree(root: string): Promise<WorktreeProbe | null> {
  try {
    const [revs, listing, changed] = await Promise.all([
      // Prints the top level, then HEAD (exit 1 with no HEAD line in a repository without commits).
      runGitStatus(root, ["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"]),
      runGit(root, ["ls-files", "-z", "-c", "-o", "--exclude-standard", "-s", "-v"]),
      runGit(root, ["diff-files", "-z", "--name-only"]),
    ]);
    const [top, head] = revs.out.split("\n");
    if (!top || (revs.code !== 0 && revs.code !== 1) || (await fs.realpath(top)) !== root) return null;
    const { cached, untracked, flagged } = splitListing(listing.out);
    return {
      indexHash: createHash("sha1").update(cached).digest("hex"),
      index: cached,
      modified: splitNul(changed.out),
      flagged,
      untracked,
      untrackedHash: createHash("sha1").update(untracked.join("\0")).digest("hex"),
      head: revs.code === 0 && head ? head.trim() : null,
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
