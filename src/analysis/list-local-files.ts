/**
 * Lists the files of a local directory: through git when the directory is the top level of a
 * git work tree (so .gitignore, .git/info/exclude and the global excludes hold, and unchanged
 * files come with their blob id), by a walk otherwise (honouring the .gitignore files found
 * on the way). Symlinks are never followed — they are counted as skipped — and nothing
 * outside the directory is ever listed (FAULTS 16).
 */
import { spawn } from "node:child_process";
import { lstatSync, promises as fs, readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { FileListing, ListedFile } from "./types.js";

/** Options for {@link listLocalFiles}. */
export interface ListLocalFilesOptions {
  /** Listing stops after this many files and says `truncated` (default 500,000). */
  maxFiles?: number;
  signal?: AbortSignal;
  /** Called for each entry the listing left out, once the listing is complete. */
  onSkip?: (path: string, reason: ListingSkipReason) => void;
}

export const DEFAULT_MAX_FILES = 500_000;

/** Why the listing left an entry out. */
export type ListingSkipReason = "symlink" | "submodule" | "missing" | "unreadable";

/** Lodestar's output and state folder, and git's: never part of what is analysed. */
const NEVER_ENTER = new Set([".git", ".lodestar"]);
const OWN_FOLDER = ".lodestar/";

/** Yield to the event loop this often during synchronous file-system loops. */
const YIELD_EVERY = 2000;

type Skipped = Record<string, number>;
/** The entries left out, in order, for {@link ListLocalFilesOptions.onSkip}. */
type SkipLog = [path: string, reason: ListingSkipReason][];
const count = (skipped: Skipped, log: SkipLog, why: ListingSkipReason, rel: string) => {
  skipped[why] = (skipped[why] ?? 0) + 1;
  log.push([rel, why]);
};
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** git's environment without variables that would point it at another repository. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES"]) delete env[key];
  return env;
}

/**
 * Runs git and collects stdout, stopping (and killing git) once `maxRecords` NUL-terminated
 * records arrived, so a tree with millions of untracked files cannot exhaust memory.
 */
export function runGit(cwd: string, args: string[], maxRecords = Infinity): Promise<{ out: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let records = 0;
    let stopped = false;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (stopped) return;
      chunks.push(chunk);
      for (let at = chunk.indexOf(0); at !== -1; at = chunk.indexOf(0, at + 1)) records++;
      if (records > maxRecords) {
        stopped = true;
        child.kill();
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (stopped) resolve({ out: Buffer.concat(chunks), complete: false });
      else if (code === 0) resolve({ out: Buffer.concat(chunks), complete: true });
      else reject(new Error(`git ${args[0]} failed (${code}): ${stderr.trim()}`));
    });
  });
}

/** Whether `root` (a real path) is the top level of a git work tree. */
async function isGitTopLevel(root: string): Promise<boolean> {
  try {
    const { out } = await runGit(root, ["rev-parse", "--show-toplevel"]);
    const top = out.toString().trim();
    return top !== "" && (await fs.realpath(top)) === root;
  } catch {
    return false;
  }
}

/** Index entry flags that make git's stat check meaningless: assume-unchanged, intent-to-add, skip-worktree. */
const UNTRUSTED_FLAGS = 0x8000 | (1 << 29) | (1 << 30);

interface IndexEntry {
  /** "160000" submodule, "120000" symlink, "100644"/"100755" file. */
  mode: string;
  blob: string;
  /** 0, or 1–3 for the sides of a merge conflict. */
  stage: number;
  path: string;
  /** Size git recorded at its last stat of the file, or -1 when the debug block was not understood. */
  size: number;
  flags: number;
}

const SIZE_PREFIX = Buffer.from("  size: ");
const FLAGS_PREFIX = Buffer.from("\tflags: ");

/** Whether `out` holds `prefix` at `at` (compared in place: no slice per record). */
function hasAt(out: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > out.length) return false;
  for (let k = 0; k < prefix.length; k++) if (out[at + k] !== prefix[k]) return false;
  return true;
}

/** Parses the decimal (base 10) or hexadecimal (base 16) number at `at` up to a non-digit; -1 if none. */
function numberAt(out: Buffer, at: number, base: 10 | 16): [value: number, end: number] {
  let value = 0;
  let j = at;
  for (; j < out.length; j++) {
    const c = out[j] as number;
    const digit = c >= 48 && c <= 57 ? c - 48 : base === 16 && c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) break;
    value = value * base + digit;
  }
  return j === at ? [-1, j] : [value, j];
}

/**
 * Parses `git ls-files -z -s --debug`: "<mode> <blob> <stage>\t<path>\0" followed by five
 * "  name: value" lines of the index's stat data (ctime, mtime, dev/ino, uid/gid, size/flags).
 * Byte by byte, with two strings per entry: this runs over every file of the repository on
 * each analysis, where a regular expression and a split per record cost more than git itself.
 */
function parseIndexListing(out: Buffer): IndexEntry[] {
  const entries: IndexEntry[] = [];
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf(0, at);
    if (nul === -1) break;
    const tab = out.indexOf(9, at);
    const firstSpace = out.indexOf(32, at);
    const secondSpace = out.indexOf(32, firstSpace + 1);
    const valid = tab !== -1 && tab < nul && firstSpace !== -1 && secondSpace !== -1 && secondSpace < tab;
    const entry: IndexEntry = {
      mode: valid ? out.toString("latin1", at, firstSpace) : "",
      blob: valid ? out.toString("latin1", firstSpace + 1, secondSpace) : "",
      stage: valid ? (out[secondSpace + 1] as number) - 48 : -1,
      path: valid ? out.toString("utf8", tab + 1, nul) : "",
      size: -1,
      flags: 0,
    };
    at = nul + 1;
    // The debug block: five lines, each starting with two spaces; the fifth is "  size: N\tflags: X".
    for (let line = 0; line < 5 && out[at] === 32; line++) {
      const nl = out.indexOf(10, at);
      if (nl === -1) {
        at = out.length;
        break;
      }
      if (line === 4 && hasAt(out, at, SIZE_PREFIX)) {
        const [size, sizeEnd] = numberAt(out, at + SIZE_PREFIX.length, 10);
        if (hasAt(out, sizeEnd, FLAGS_PREFIX)) {
          const [flags, flagsEnd] = numberAt(out, sizeEnd + FLAGS_PREFIX.length, 16);
          if (flagsEnd === nl && flags >= 0) {
            entry.size = size;
            entry.flags = flags;
          }
        }
      }
      at = nl + 1;
    }
    if (valid) entries.push(entry);
  }
  return entries;
}

function splitNul(out: Buffer): string[] {
  return out.toString("utf8").split("\0").filter((p) => p !== "");
}

/** The untracked, not ignored files of `ls-files -z -o --exclude-standard`, sorted, without Lodestar's own folder. */
export function splitUntracked(out: Buffer): string[] {
  return splitNul(out)
    .filter((p) => !p.startsWith(OWN_FOLDER))
    .sort();
}

/** lstat results turned into a listed file or a skip reason; never follows the last component. */
function statEntry(root: string, rel: string): ListedFile | ListingSkipReason {
  let stats;
  try {
    // root is a real path and rel a clean relative one: plain concatenation (path.join's
    // normalisation costs more than the lstat over tens of thousands of files).
    stats = lstatSync(`${root}/${rel}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "missing" : "unreadable";
  }
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isDirectory()) return "missing"; // a listed file that became a folder
  if (!stats.isFile()) return "unreadable"; // FIFO, socket, device: nothing to read
  return { path: rel, size: stats.size, mtimeMs: stats.mtimeMs };
}

/**
 * Git mode. Unchanged tracked files are taken from the index alone (size and blob id, no
 * lstat): `git diff-files` lstat()s every tracked path and reports one whose stat data differ,
 * that vanished, or whose leading folder is now a symlink (git refuses to look through one),
 * so a file it does not report is a regular file at its place inside the tree. Only reported
 * (or conflicted, or flagged) tracked files and untracked ones are lstat'ed here; of those,
 * only the tracked ones can sit behind a symlinked folder (git's walk for untracked files
 * does not follow symlinks), so only their folders get the realpath check — a handful of
 * folders after an edit, instead of every folder of the tree.
 */
async function listWithGit(root: string, maxFiles: number, log: SkipLog, signal?: AbortSignal): Promise<FileListing> {
  const [index, changed, others] = await Promise.all([
    runGit(root, ["ls-files", "-z", "-s", "--debug"], maxFiles),
    runGit(root, ["diff-files", "-z", "--name-only"]),
    runGit(root, ["ls-files", "-z", "--others", "--exclude-standard"], maxFiles),
  ]);
  signal?.throwIfAborted();
  const modified = new Set(splitNul(changed.out));
  const skipped: Skipped = {};
  const files: ListedFile[] = [];
  const toStat: string[] = [];
  const trackedToStat: string[] = [];
  let previous = "";

  for (const entry of parseIndexListing(index.out)) {
    // The stages of a conflicted path come one after the other: one entry is enough.
    if (entry.path === previous || entry.path.startsWith(OWN_FOLDER)) continue;
    previous = entry.path;
    if (entry.mode === "160000") count(skipped, log, "submodule", entry.path);
    else if (entry.mode === "120000") count(skipped, log, "symlink", entry.path);
    else if (entry.stage !== 0 || entry.size < 0 || (entry.flags & UNTRUSTED_FLAGS) !== 0 || modified.has(entry.path)) {
      // Conflicted, changed, or not vouched for by git's stat check: look at the work tree.
      toStat.push(entry.path);
      trackedToStat.push(entry.path);
    } else {
      files.push({ path: entry.path, size: entry.size, blob: entry.blob });
    }
  }
  for (const rel of splitNul(others.out)) {
    if (rel.startsWith(OWN_FOLDER)) continue;
    // An untracked nested repository is listed as its folder.
    if (rel.endsWith("/")) count(skipped, log, "submodule", rel);
    else toStat.push(rel);
  }

  const symlinked = await symlinkedFolders(root, trackedToStat);
  for (let k = 0; k < toStat.length; k++) {
    if (k % YIELD_EVERY === YIELD_EVERY - 1) {
      await yieldToLoop();
      signal?.throwIfAborted();
    }
    const rel = toStat[k] as string;
    if (symlinked.has(path.posix.dirname(rel))) {
      count(skipped, log, "symlink", rel);
      continue;
    }
    const result = statEntry(root, rel);
    if (typeof result === "string") count(skipped, log, result, rel);
    else files.push(result);
  }
  return finish("git", files, skipped, maxFiles, !index.complete || !others.complete);
}

/**
 * Folders (of the given paths) reached through a symlink — one leading out of the repository
 * or not: their real path differs from their path. Checked once per folder; a folder that no
 * longer exists is left to lstat, which reports its files missing.
 */
async function symlinkedFolders(root: string, paths: readonly string[]): Promise<Set<string>> {
  const symlinked = new Set<string>();
  const folders = new Set(paths.map((p) => path.posix.dirname(p)).filter((d) => d !== "."));
  for (const folder of folders) {
    const real = await fs.realpath(`${root}/${folder}`).catch(() => null);
    if (real !== null && real !== `${root}/${folder}`) symlinked.add(folder);
  }
  return symlinked;
}

/** A .gitignore and the folder (relative, "" for the root) it applies to. */
interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/** Git's precedence: the deepest .gitignore with a matching rule (ignore or `!` re-include) decides. */
function isIgnored(layers: readonly IgnoreLayer[], rel: string, isDir: boolean): boolean {
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k] as IgnoreLayer;
    const local = (layer.base ? rel.slice(layer.base.length + 1) : rel) + (isDir ? "/" : "");
    try {
      const { ignored, unignored } = layer.rules.test(local);
      if (ignored) return true;
      if (unignored) return false;
    } catch {
      // A name the ignore package cannot represent: not ignored.
    }
  }
  return false;
}

function readIgnoreFile(file: string): Ignore | null {
  try {
    return ignore({ ignorecase: false }).add(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Walk mode: depth-first, never entering `.git` or `.lodestar`, never following a symlink
 * (so a symlink loop is just one skipped entry), counting folders it cannot read as
 * "unreadable" instead of failing. Synchronous file-system calls with regular yields: for
 * tens of thousands of lstat()s they are several times faster than promises.
 */
async function listByWalking(root: string, maxFiles: number, log: SkipLog, signal?: AbortSignal): Promise<FileListing> {
  const skipped: Skipped = {};
  const files: ListedFile[] = [];
  const stack: { rel: string; layers: IgnoreLayer[] }[] = [{ rel: "", layers: [] }];
  let work = 0;

  walk: while (stack.length > 0) {
    const { rel, layers: parentLayers } = stack.pop() as { rel: string; layers: IgnoreLayer[] };
    let entries: Dirent[];
    try {
      entries = readdirSync(rel ? `${root}/${rel}` : root, { withFileTypes: true });
    } catch {
      count(skipped, log, "unreadable", rel);
      continue;
    }
    let layers = parentLayers;
    if (entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      const rules = readIgnoreFile(path.join(root, rel, ".gitignore"));
      if (rules) layers = [...parentLayers, { base: rel, rules }];
    }
    for (const entry of entries) {
      if (++work % YIELD_EVERY === 0) {
        await yieldToLoop();
        signal?.throwIfAborted();
      }
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (NEVER_ENTER.has(entry.name) || isIgnored(layers, childRel, true)) continue;
        stack.push({ rel: childRel, layers });
        continue;
      }
      if (isIgnored(layers, childRel, false)) continue;
      if (entry.isSymbolicLink()) {
        count(skipped, log, "symlink", childRel);
        continue;
      }
      if (!entry.isFile()) {
        count(skipped, log, "unreadable", childRel);
        continue;
      }
      const result = statEntry(root, childRel);
      if (typeof result === "string") count(skipped, log, result, childRel);
      else files.push(result);
      // One file past the bound proves there is more; finish() drops it.
      if (files.length > maxFiles) break walk;
    }
  }
  return finish("walk", files, skipped, maxFiles, false);
}

function finish(source: "git" | "walk", files: ListedFile[], skipped: Skipped, maxFiles: number, cut: boolean): FileListing {
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const truncated = cut || files.length > maxFiles;
  if (files.length > maxFiles) files.length = maxFiles;
  return { source, files, skipped, truncated };
}

/**
 * Lists the regular files of a local directory (paths relative to it, `/`-separated,
 * sorted), with counts of what was left out: symlinks, submodules and nested repositories,
 * files listed by git but missing or unreadable in the work tree. Uses git only when `dir`
 * is the top level of a work tree (a folder inside one, even an ignored one such as
 * node_modules, is walked), and falls back to a walk when git fails there. Rejects only when
 * `dir` itself cannot be resolved, or on abort.
 */
export async function listLocalFiles(dir: string, options: ListLocalFilesOptions = {}): Promise<FileListing> {
  const root = await fs.realpath(path.resolve(dir));
  const maxFiles = Math.max(0, options.maxFiles ?? DEFAULT_MAX_FILES);
  const report = (log: SkipLog, listing: FileListing) => {
    if (options.onSkip) for (const [rel, why] of log) options.onSkip(rel, why);
    return listing;
  };
  if (await isGitTopLevel(root)) {
    const log: SkipLog = [];
    try {
      return report(log, await listWithGit(root, maxFiles, log, options.signal));
    } catch {
      options.signal?.throwIfAborted();
      // git failed on this tree (a corrupt index, say): the walk still works.
    }
  }
  const log: SkipLog = [];
  return report(log, await listByWalking(root, maxFiles, log, options.signal));
}
