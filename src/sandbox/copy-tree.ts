import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * Copies a folder that is not a git repository into `to`: regular files with their mode,
 * folders, and symlinks that resolve inside the source (copied as links). Skipped: `.git`
 * folders, links leading out (FAULTS 16), sockets, devices and fifos.
 */
export async function copyTree(from: string, to: string): Promise<void> {
  const root = await fs.realpath(from);
  await walk(root, root, to);
}

async function walk(root: string, dir: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name === ".git") continue;
    const src = path.join(dir, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) await walk(root, src, dst);
    else if (entry.isFile()) await fs.copyFile(src, dst);
    else if (entry.isSymbolicLink()) {
      const real = await fs.realpath(src).catch(() => null);
      if (!real) continue;
      const rel = path.relative(root, real);
      if (rel.startsWith("..") || path.isAbsolute(rel)) continue;
      // Relative, so that a link written with an absolute target points into the copy, not back at the source.
      await fs.symlink(path.relative(dir, real) || ".", dst);
    }
  }
}
