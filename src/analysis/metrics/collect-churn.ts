import { spawn } from "node:child_process";
import { NumstatParser } from "./numstat-parser.js";
import type { FileChurn } from "./types.js";

export interface ChurnOptions {
  /** Start of the window, in any form `git log --since` reads (default "12 months ago"). */
  since?: string;
  /** At most this many (non-merge) commits, newest first (default 2000). */
  maxCommits?: number;
  /** Stop git after this long and keep what was read, i.e. the newest commits (default 120 s). */
  timeoutMs?: number;
}

/**
 * Environment variables that would point git at another repository or index than the one
 * under `root` (they are set, for instance, when Lodestar runs inside a git hook).
 */
const REPOSITORY_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
];

/**
 * Per-file churn of the git repository at `root`: commits that touched each file, lines added
 * and deleted, over non-merge commits in the window. One `git log --numstat` run, read as a
 * stream. Paths are relative to `root` with `/` separators (only files under `root` when it
 * is a subfolder of a repository). Renames are not followed (`--no-renames`): a moved file's
 * history stays with its old path, as a delete there and an add at the new one. Binary
 * changes count commits but no lines. A folder that is not in a git work tree, a repository
 * without commits, or a missing git give an empty map; this never throws.
 */
export async function collectChurn(root: string, options: ChurnOptions = {}): Promise<Map<string, FileChurn>> {
  const maxCommits = Math.floor(options.maxCommits ?? 2000);
  if (!(maxCommits > 0)) return new Map();
  const args = [
    // Repository config must not change the output's shape: signatures and follow mode add or reorder lines.
    "-c", "log.showSignature=false",
    "-c", "log.follow=false",
    "-c", "core.quotePath=false",
    "log",
    "--no-merges",
    "--no-renames",
    "--numstat",
    "-z",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--relative",
    "--format=%x1e",
    `--max-count=${maxCommits}`,
    `--since=${options.since ?? "12 months ago"}`,
    "--",
    ".",
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
  for (const name of REPOSITORY_VARIABLES) delete env[name];

  const parser = new NumstatParser();
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (files: Map<string, FileChurn>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(files);
    };
    let child;
    try {
      child = spawn("git", args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    } catch {
      finish(new Map());
      return;
    }
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(parser.end());
    }, options.timeoutMs ?? 120_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (!settled) parser.push(chunk);
    });
    // Not a repository / no commits yet: git explains on stderr and exits 128. Drain it, do not keep it.
    child.stderr.resume();
    child.on("error", () => finish(new Map()));
    child.on("close", (code) => finish(code === 0 ? parser.end() : new Map()));
  });
}
