import { execFile } from "node:child_process";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs git in `dir` with a fixed identity (argument arrays, never a shell). */
export async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run("git", ["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Writes files (creating folders) under `dir`. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

/** `git init` in `dir`, then one commit per entry of `commits` (files written, all added). */
export async function commitAll(dir: string, commits: Record<string, string | Buffer>[]): Promise<void> {
  await git(dir, "init", "-q", "-b", "main");
  for (const [i, files] of commits.entries()) {
    await writeFiles(dir, files);
    await git(dir, "add", "-A");
    await git(dir, "commit", "-q", "-m", `commit ${i + 1}`);
  }
}

/** Sets the times of every folder but .git a minute back, as if the tree had been left alone. */
export async function backdateFolders(dir: string): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) if (e.isDirectory() && e.name !== ".git") await backdateFolders(path.join(dir, e.name));
  await utimes(dir, past, past);
}
