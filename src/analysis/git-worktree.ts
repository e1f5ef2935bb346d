/**
 * A cheap look at a git work tree, for the incremental analysis: a fingerprint of the index
 * (paths, modes, blob ids, stages and flags, but not the stat data git refreshes on its own),
 * the tracked files git reports changed in the work tree, and the untracked files. When the
 * fingerprints match the previous run's, only the reported paths can differ from it.
 */
import { execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, openSync, promises as fs, readFileSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gitEnv, splitUntracked } from "./list-local-files.js";

export interface WorktreeProbe {
  /** sha1 of the cached records of `git ls-files -z -s -v` (see splitListing). */
  indexHash: string;
  /** Those records, to look up the blob id of a path without parsing every record. */
  index: Buffer;
  /** Tracked paths whose work-tree file git reports changed in content, type or mode, or deleted. */
  modified: string[];
  /** Tracked paths git does not vouch for: assume-unchanged, skip-worktree, or conflicted. */
  flagged: string[];
  /** Untracked, not ignored files (sorted). */
  untracked: string[];
  /** sha1 of the untracked list. */
  untrackedHash: string;
  head: string | null;
}

/**
 * Splits `ls-files -z -c -m -s -v`: per index entry, "<tag> <mode> <blob> <stage>\t<path>",
 * where tag H is a normal entry (lower case: assume-unchanged, S: skip-worktree, M: conflicted),
 * followed by a "C" record of the same form when the work-tree file is modified or deleted.
 * `-m` checks content when only the stat data changed, like `git diff` (unlike `diff-files`,
 * which reports those too). The index fingerprint covers the cached records only.
 */
function splitListing(out: Buffer): { index: Buffer; indexHash: string; modified: string[]; flagged: string[] } {
  const modified: string[] = [];
  const flagged: string[] = [];
  const kept: Buffer[] = [];
  // Start of the cached records not yet kept: the "C" records are cut out.
  let runStart = 0;
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf(0, at);
    const end = nul === -1 ? out.length : nul;
    const tag = out[at];
    // Paths are decoded only for the few records that need them.
    if (tag === 67 /* C */ || tag === 99 /* c */) {
      if (runStart < at) kept.push(out.subarray(runStart, at));
      runStart = Math.min(end + 1, out.length);
      const rel = pathOf(out, at, end);
      if (rel) modified.push(rel);
    } else if (tag !== 72 /* H */ || out[out.indexOf(9, at) - 1] !== 48 /* stage 0 */) {
      const rel = pathOf(out, at, end);
      if (rel) flagged.push(rel);
    }
    at = end + 1;
  }
  if (runStart < out.length) kept.push(out.subarray(runStart));
  const index = kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept);
  return { index, indexHash: createHash("sha1").update(index).digest("hex"), modified, flagged };
}

/** The path of the record at `at` (after its first tab). */
function pathOf(out: Buffer, at: number, end: number): string {
  const tab = out.indexOf(9, at);
  return tab !== -1 && tab < end ? out.toString("utf8", tab + 1, end) : "";
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
 * Runs git with its output going to a temporary file, not a pipe: the caller parses a big
 * JSON document meanwhile, and a pipe nobody drains would stall git after 64 KiB.
 */
function runGitToFile(cwd: string, args: string[]): Promise<Buffer> {
  const file = path.join(os.tmpdir(), `lodestar-git-${process.pid}-${randomBytes(6).toString("hex")}.out`);
  const fd = openSync(file, "wx", 0o600);
  return new Promise<Buffer>((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", fd, "ignore"] });
    closeSync(fd);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(readFileSync(file));
      else reject(new Error(`git ${args[0]} failed (${code})`));
    });
  }).finally(() => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone: nothing to clean.
    }
  });
}

/** What a previous run knows of the untracked files: valid only with the same index. */
export interface KnownUntracked {
  untracked: string[];
  indexHash: string;
}

/**
 * Probes `root` when it is the top level of a git work tree (null otherwise, or when git
 * fails there). Up to three git processes, started together; the modified files come from
 * the `ls-files` of the index (no `diff-files`: spawning costs more than it seems when the
 * calling process is large). `known` runs while they work (see untracked-cache.ts): when it
 * vouches for the untracked list and the index is the one it was made with, git does not
 * walk the work tree for untracked files. Never writes to the repository: no index refresh.
 */
export async function probeGitWorktree(root: string, known?: () => KnownUntracked | null): Promise<WorktreeProbe | null> {
  const others = () => runGitToFile(root, ["ls-files", "-z", "-o", "--exclude-standard"]);
  try {
    // Prints the top level, then HEAD (exit 1 with no HEAD line in a repository without commits).
    const revsRun = runGitStatus(root, ["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"]);
    const listingRun = runGitToFile(root, ["ls-files", "-z", "-c", "-m", "-s", "-v"]);
    let cached: KnownUntracked | null = null;
    try {
      cached = known?.() ?? null;
    } catch {
      cached = null;
    }
    const walking = cached ? undefined : others();
    // Awaited below, unless git fails first: then its failure must not go unhandled.
    walking?.catch(() => undefined);
    const [revs, listing] = await Promise.all([revsRun, listingRun]);
    const [top, head] = revs.out.split("\n");
    if (!top || (revs.code !== 0 && revs.code !== 1) || (await fs.realpath(top)) !== root) return null;
    const { index, indexHash, modified, flagged } = splitListing(listing);
    const untracked = cached && cached.indexHash === indexHash ? cached.untracked : splitUntracked(await (walking ?? others()));
    return {
      indexHash,
      index,
      modified,
      flagged,
      untracked,
      untrackedHash: createHash("sha1").update(untracked.join("\0")).digest("hex"),
      head: revs.code === 0 && head ? head.trim() : null,
    };
  } catch {
    return null;
  }
}

/**
 * The index record of `rel` (its first stage when conflicted), found in the raw listing
 * without parsing every record; undefined when the index does not hold the path.
 */
export function indexEntryOf(probe: WorktreeProbe, rel: string): { mode: string; blob: string; stage: string } | undefined {
  const index = probe.index;
  const needle = Buffer.from(`\t${rel}\0`);
  for (let at = index.indexOf(needle); at !== -1; at = index.indexOf(needle, at + 1)) {
    // "<tag> <mode> <blob> <stage>\t<path>\0": the match must be the record's first tab (a
    // path may hold tabs, and end with this one's).
    const start = index.lastIndexOf(0, at) + 1;
    if (index.indexOf(9, start) !== at) continue;
    const [, mode, blob, stage] = index.toString("latin1", start, at).split(" ");
    if (mode !== undefined && blob !== undefined && stage !== undefined) return { mode, blob, stage };
  }
  return undefined;
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
