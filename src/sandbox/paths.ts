import { constants, promises as fs } from "node:fs";
import path from "node:path";

/**
 * Why `rel` may not be read or written in a workspace, or null. The sandbox refuses only what
 * leaves the workspace or reaches git's own data (FAULTS 17); which files a proposal may touch
 * (workflows, CODEOWNERS) is the cycle's proposal policy, not ours.
 */
export function workspacePathReason(rel: string): string | null {
  if (typeof rel !== "string" || rel.length === 0) return "empty path";
  if (rel.includes("\0")) return "path contains NUL";
  if (rel.startsWith("/") || rel.startsWith("\\") || /^[A-Za-z]:/.test(rel)) return `absolute path ${JSON.stringify(rel)}`;
  const parts = rel.split(/[\\/]/);
  if (parts.includes("..")) return `path leaves the workspace: ${JSON.stringify(rel)}`;
  // Compared in lower case: on a case-insensitive disk `.GIT/config` is git's config.
  if (parts.some((p) => p.toLowerCase() === ".git")) return `path reaches .git: ${JSON.stringify(rel)}`;
  if (parts.every((p) => p === "" || p === ".")) return "path names the workspace itself";
  return null;
}

/** True when `target` is `root` or inside it, and not inside `root/.git`. */
function insideWorkspace(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  if (rel === "") return true;
  if (rel.startsWith("..") || path.isAbsolute(rel)) return false;
  return !rel.split(path.sep).some((p) => p.toLowerCase() === ".git");
}

/** The deepest ancestor of `abs` that exists, resolved through symlinks. */
async function realAncestor(abs: string): Promise<string> {
  let at = abs;
  for (;;) {
    try {
      return await fs.realpath(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      const parent = path.dirname(at);
      if (parent === at) throw error;
      at = parent;
    }
  }
}

/**
 * The absolute path for `rel` in the workspace whose real path is `root`, after the path
 * rules and a check that no symlink on the way leads out (FAULTS 16). For a write, the file
 * itself must not be a symlink (writing through one would change a file the diff never names).
 */
export async function resolveInside(root: string, rel: string, mode: "read" | "write"): Promise<string> {
  const why = workspacePathReason(rel);
  if (why) throw new Error(`unsafe path: ${why}`);
  const abs = path.join(root, rel);
  const parentReal = await realAncestor(path.dirname(abs));
  if (!insideWorkspace(root, parentReal)) throw new Error(`unsafe path: ${JSON.stringify(rel)} leads out of the workspace through a symlink`);
  let info;
  try {
    info = await fs.lstat(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return abs;
    throw error;
  }
  if (info.isSymbolicLink()) {
    if (mode === "write") throw new Error(`unsafe path: ${JSON.stringify(rel)} is a symlink`);
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      return abs; // A dangling link reads as absent.
    }
    if (!insideWorkspace(root, real)) throw new Error(`unsafe path: ${JSON.stringify(rel)} is a symlink out of the workspace`);
  }
  return abs;
}

/** Reads a regular file as UTF-8, or null when there is none (absent, a dangling link, a folder). */
export async function readInside(root: string, rel: string): Promise<string | null> {
  const abs = await resolveInside(root, rel, "read");
  try {
    const info = await fs.stat(abs);
    if (!info.isFile()) return null;
    return await fs.readFile(abs, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

/**
 * Writes `content` to `rel`, creating folders. O_NOFOLLOW closes the gap between the check
 * and the open: a symlink planted there meanwhile makes the open fail instead of writing out.
 */
export async function writeInside(root: string, rel: string, content: string): Promise<void> {
  const abs = await resolveInside(root, rel, "write");
  await fs.mkdir(path.dirname(abs), { recursive: true });
  // mkdir may have walked through a link made after the check: look again.
  if (!insideWorkspace(root, await fs.realpath(path.dirname(abs)))) throw new Error(`unsafe path: ${JSON.stringify(rel)} leads out of the workspace`);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);
  const handle = await fs.open(abs, flags, 0o644);
  try {
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
}
