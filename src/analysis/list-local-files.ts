import { execFile } from "node:child_process";
import { lstat, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { FileListing, ListedFile } from "./types.js";

const run = promisify(execFile);

/** Folders a plain walk never enters (a git work tree uses .gitignore instead). */
const WALK_IGNORED = new Set([".git", "node_modules", ".hg", ".svn", "vendor", ".lodestar", "dist", "coverage"]);

async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    const { stdout } = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: dir });
    return stdout.trim() === "true";
  } catch {
    return false;
  }
}

async function gitFiles(dir: string): Promise<string[]> {
  // -z: NUL-separated, so names with newlines or quotes come back verbatim.
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: dir,
    maxBuffer: 512 * 1024 * 1024,
  });
  return [...new Set(stdout.split("\0").filter(Boolean))];
}

async function walk(root: string, rel = "", out: string[] = []): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  for (const entry of entries) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!WALK_IGNORED.has(entry.name)) await walk(root, relPath, out);
    } else {
      out.push(relPath);
    }
  }
  return out;
}

/** Lodestar's own output and state folder: never part of what it analyses. */
const OWN_FOLDER = ".lodestar/";

/**
 * Folders whose real path leaves the root (a tracked folder later replaced by a symlink):
 * checked once per folder, not per file.
 */
async function foldersOutsideRoot(root: string, paths: readonly string[]): Promise<Set<string>> {
  const realRoot = await realpath(root);
  const outside = new Set<string>();
  const folders = new Set(paths.map((p) => path.posix.dirname(p)).filter((d) => d !== "."));
  for (const folder of folders) {
    const real = await realpath(path.join(root, folder)).catch(() => null);
    if (real !== null && real !== realRoot && !real.startsWith(realRoot + path.sep)) outside.add(folder);
  }
  return outside;
}

/**
 * Lists the files of a local repository: `git ls-files` in a git work tree (so .gitignore
 * holds), a walk otherwise. Symlinks are never followed (one could point outside the repo);
 * they are counted as skipped.
 */
export async function listLocalFiles(dir: string): Promise<FileListing> {
  const root = path.resolve(dir);
  const git = await isGitWorkTree(root);
  const candidates = (git ? await gitFiles(root) : await walk(root)).filter((p) => !p.startsWith(OWN_FOLDER));
  const outside = await foldersOutsideRoot(root, candidates);
  const files: ListedFile[] = [];
  const skipped: Record<string, number> = {};
  for (const rel of candidates.sort()) {
    if (outside.has(path.posix.dirname(rel))) {
      skipped.symlink = (skipped.symlink ?? 0) + 1;
      continue;
    }
    let stats;
    try {
      stats = await lstat(path.join(root, rel));
    } catch {
      // Listed by git but deleted in the work tree.
      skipped.missing = (skipped.missing ?? 0) + 1;
      continue;
    }
    if (stats.isSymbolicLink()) skipped.symlink = (skipped.symlink ?? 0) + 1;
    else if (stats.isFile()) files.push({ path: rel, size: stats.size });
  }
  return { source: git ? "git" : "walk", files, skipped, truncated: false };
}
