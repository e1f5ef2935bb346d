/**
 * Git for the sandbox: reading the user's repository (trusted, never written), and the
 * workspace's own git, which the sandboxed code may have tampered with. So every git call on
 * the workspace pins its locations (GIT_DIR, GIT_WORK_TREE, GIT_COMMON_DIR: a planted
 * `core.worktree` or `commondir` cannot point our `reset --hard` at the user's checkout),
 * overrides the config keys that run programs (hooks, fsmonitor, external diff, textconv,
 * pager), and itself runs confined like a test: a filter driver planted in .git/config runs
 * with no network, no secrets and a time limit.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { HostProtection } from "./host-paths.js";
import { runConfined } from "./run-confined.js";
import type { SandboxLimits } from "./types.js";

/** Command-line config (the highest precedence): nothing in .git/config can start a program through these. */
export const HARDENED = [
  "-c", "core.hooksPath=/dev/null",
  "-c", "core.fsmonitor=false",
  "-c", "core.untrackedCache=false",
  "-c", "core.pager=cat",
  "-c", "core.sshCommand=false",
  "-c", "diff.external=",
  "-c", "diff.noprefix=false",
  "-c", "diff.mnemonicPrefix=false",
  "-c", "diff.relative=false",
  "-c", "color.ui=false",
  "-c", "advice.detachedHead=false",
  "-c", "safe.directory=*",
  "-c", "protocol.allow=never",
  "-c", "user.name=Lodestar",
  "-c", "user.email=lodestar@localhost",
  "-c", "commit.gpgsign=false",
];

/** Variables for git on the user's repo: no secrets, no prompt, the user's own git config. */
function hostGitEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", GIT_TERMINAL_PROMPT: "0", LANG: "C.UTF-8" };
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

/** Runs git on the user's (trusted) repository; resolves stdout, rejects with git's message. */
export function hostGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", [...HARDENED, ...args], { cwd, env: hostGitEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args[0]} failed: ${String(stderr).trim().slice(0, 500) || error.message}`));
      else resolve(stdout);
    });
  });
}

export interface ScratchGit {
  /** The work tree (the workspace dir). */
  workTree: string;
  /** Variables for the control git runs: the scratch home, no secrets. */
  env: Record<string, string>;
  limits: SandboxLimits;
  namespaces: boolean;
  protection?: HostProtection;
  /** Makes a `track` callback per control run (see ConfinedRun.track). */
  tracker?: () => (kill: (() => void) | null) => void;
}

/** Control runs may print big diffs: their own output cap, checked (a cut diff is an error, not a diff). */
const CONTROL_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Runs git on the workspace, confined. `extraEnv` adds variables (GIT_INDEX_FILE). Rejects when
 * git fails, or when the workspace's .git is no longer a real folder of its own.
 */
export async function scratchGit(g: ScratchGit, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const gitDir = path.join(g.workTree, ".git");
  for (const dir of [gitDir, path.join(gitDir, "objects")]) {
    const info = await fs.lstat(dir).catch(() => null);
    if (!info || !info.isDirectory()) throw new Error("the workspace's .git was replaced or removed by the code that ran in it; the workspace cannot be trusted any more");
  }
  const result = await runConfined({
    argv: ["git", ...HARDENED, ...args],
    cwd: g.workTree,
    env: { ...g.env, ...extraEnv, GIT_DIR: gitDir, GIT_WORK_TREE: g.workTree, GIT_COMMON_DIR: gitDir, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    limits: { ...g.limits, outputBytes: CONTROL_OUTPUT_BYTES },
    network: false,
    namespaces: g.namespaces,
    ...(g.protection ? { protection: g.protection } : {}),
    ...(g.tracker ? { track: g.tracker() } : {}),
  });
  if (result.exitCode !== 0 || result.killed) {
    const why = result.killed ? `stopped (${result.killed})` : result.stderr.trim().slice(0, 1000) || `exit ${result.exitCode ?? result.signal}`;
    throw new Error(`git ${args[0]} failed in the workspace: ${why}`);
  }
  return result.stdout;
}
