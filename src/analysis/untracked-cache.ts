/**
 * An untracked cache of Lodestar's own, so a re-analysis need not walk every folder of the
 * work tree (`git ls-files -o`) to learn that no untracked file appeared or vanished.
 *
 * The idea is git's (core.untrackedCache), kept in Lodestar's state instead of the user's
 * index, which Lodestar never writes: a file created, removed or renamed in a folder changes
 * the folder's mtime. After a full analysis, every folder git's walk enters (all but `.git`,
 * ignored folders and nested repositories) is stat'ed, then git lists the untracked files
 * again; if that list is the one the analysis used, it stays valid for as long as:
 *  - every watched folder has the same mtime, ctime and inode;
 *  - every `.gitignore` in them, `$GIT_COMMON_DIR/info/exclude`, the excludes file and the
 *    config files (with the environment variables that choose them) are unchanged;
 *  - the index lists the same entries (the caller compares the index fingerprint).
 * A folder changed less than two seconds before it was stat'ed could change again within the
 * same timestamp tick unseen, so then no cache is kept; nor for trees of over 100,000 folders.
 */
import { readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runGit, splitUntracked } from "./list-local-files.js";

export interface UntrackedCache {
  /** The environment variables that choose git's config and excludes files. */
  env: string;
  /** Config, exclude and `.gitignore` files (absolute paths) → validator ("" when absent). */
  inputs: Record<string, string>;
  /** Watched folders relative to the root ("" is the root), newline-separated. */
  dirs: string;
  /** Their validators, newline-separated, in the same order. */
  validators: string;
  /** The untracked list this cache vouches for (as `ls-files -o --exclude-standard` gives it, sorted). */
  untracked: string[];
}

const RACY_MS = 2000;
const MAX_FOLDERS = 100_000;

function envKey(): string {
  const keys = Object.keys(process.env)
    .filter((k) => k.startsWith("GIT_CONFIG") || k === "HOME" || k === "XDG_CONFIG_HOME")
    .sort();
  return JSON.stringify(keys.map((k) => [k, process.env[k]]));
}

function fileValidator(full: string): string {
  try {
    const s = statSync(full);
    return `${s.mtimeMs}:${s.ctimeMs}:${s.ino}:${s.size}`;
  } catch {
    return "";
  }
}

/** Config files (every origin git reports, and the default places), exclude files. */
async function ignoreInputs(root: string): Promise<string[]> {
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, ".config");
  const files = new Set([path.join(home, ".gitconfig"), path.join(xdg, "git", "config"), path.join(xdg, "git", "ignore"), "/etc/gitconfig"]);
  const [config, dirs] = await Promise.all([
    runGit(root, ["config", "-z", "--list", "--show-origin"]),
    runGit(root, ["rev-parse", "--path-format=absolute", "--git-common-dir"]),
  ]);
  const commonDir = dirs.out.toString("utf8").trim();
  if (!commonDir) throw new Error("git printed no common dir");
  files.add(path.join(commonDir, "info", "exclude"));
  files.add(path.join(commonDir, "config"));
  // -z --show-origin: "file:<path>\0<key>\n<value>\0" per entry.
  const parts = config.out.toString("utf8").split("\0");
  for (let k = 0; k + 1 < parts.length; k += 2) {
    const origin = parts[k] as string;
    if (origin.startsWith("file:")) files.add(path.resolve(root, origin.slice(5)));
    const entry = parts[k + 1] as string;
    const nl = entry.indexOf("\n");
    if (nl !== -1 && entry.slice(0, nl).toLowerCase() === "core.excludesfile") {
      const value = entry.slice(nl + 1);
      files.add(value.startsWith("~/") ? path.join(home, value.slice(2)) : path.resolve(root, value));
    }
  }
  return [...files];
}

/**
 * Builds the cache after a full analysis used `untracked` (the probe's list). `skip` holds
 * folders git does not enter besides `.git`: ignored folders ("dir/"), nested repositories
 * and submodules. Null when no cache can be vouched for.
 */
export async function buildUntrackedCache(root: string, untracked: readonly string[], skip: ReadonlySet<string>): Promise<UntrackedCache | null> {
  try {
    const env = envKey();
    const inputs: Record<string, string> = {};
    for (const file of await ignoreInputs(root)) inputs[file] = fileValidator(file);
    const ignored = await runGit(root, ["ls-files", "-z", "-o", "-i", "--directory", "--exclude-standard"]);
    const notEntered = new Set(skip);
    for (const p of ignored.out.toString("utf8").split("\0")) if (p.endsWith("/")) notEntered.add(p);

    const now = Date.now();
    const dirs: string[] = [];
    const validators: string[] = [];
    const stack = [""];
    while (stack.length > 0) {
      const rel = stack.pop() as string;
      const full = rel ? `${root}/${rel}` : root;
      // Stat first, then read: a change after the stat shows in the next check.
      const s = statSync(full);
      if (now - s.mtimeMs < RACY_MS) return null;
      dirs.push(rel);
      validators.push(`${s.mtimeMs}:${s.ctimeMs}:${s.ino}`);
      if (dirs.length > MAX_FOLDERS) return null;
      for (const entry of readdirSync(full, { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.name === ".gitignore") inputs[`${full}/${entry.name}`] = fileValidator(`${full}/${entry.name}`);
        if (!entry.isDirectory() || entry.name === ".git" || child === ".lodestar" || notEntered.has(`${child}/`) || notEntered.has(child)) continue;
        stack.push(child);
      }
    }
    // The list again, after every folder was stat'ed: it must be the one the analysis used.
    const again = await runGit(root, ["ls-files", "-z", "-o", "--exclude-standard"]);
    const list = splitUntracked(again.out);
    if (list.length !== untracked.length || list.some((p, k) => p !== untracked[k])) return null;
    return { env, inputs, dirs: dirs.join("\n"), validators: validators.join("\n"), untracked: list };
  } catch {
    return null;
  }
}

/** Whether nothing the cache depends on changed (stats only: a few milliseconds per 10,000 folders). */
export function untrackedCacheHolds(root: string, cache: UntrackedCache): boolean {
  if (cache.env !== envKey()) return false;
  for (const [file, v] of Object.entries(cache.inputs)) if (fileValidator(file) !== v) return false;
  const dirs = cache.dirs.split("\n");
  const validators = cache.validators.split("\n");
  if (dirs.length !== validators.length) return false;
  for (let k = 0; k < dirs.length; k++) {
    const rel = dirs[k] as string;
    let v = "";
    try {
      const s = statSync(rel ? `${root}/${rel}` : root);
      v = `${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
    } catch {
      return false;
    }
    if (v !== validators[k]) return false;
  }
  return true;
}
