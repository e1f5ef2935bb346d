import { promises as fs } from "node:fs";
import path from "node:path";

/** Manifests bigger than this are not read: detection needs names and scripts, not megabytes. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

/**
 * The text of a regular file at `rel` in the repository, or null (absent, a symlink, a folder,
 * too big). Symlinks are not followed: a manifest pointing outside the repo is not ours to read.
 */
export async function readManifest(repoDir: string, rel: string): Promise<string | null> {
  const abs = path.join(repoDir, rel);
  try {
    const info = await fs.lstat(abs);
    if (!info.isFile() || info.size > MAX_MANIFEST_BYTES) return null;
    return await fs.readFile(abs, "utf8");
  } catch {
    return null;
  }
}

/** True when `rel` exists as a regular file (not through a symlink). */
export async function hasFile(repoDir: string, rel: string): Promise<boolean> {
  const info = await fs.lstat(path.join(repoDir, rel)).catch(() => null);
  return info?.isFile() === true;
}
