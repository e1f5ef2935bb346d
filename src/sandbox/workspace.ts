import { promises as fs, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { patchPaths } from "../cycle/proposal-policy.js";
import { copyTree } from "./copy-tree.js";
import { sandboxEnv, type ScratchDirs } from "./environment.js";
import { hostProtection } from "./host-paths.js";
import { mergeLimits } from "./limits.js";
import { readInside, resolveInside, writeInside } from "./paths.js";
import { runConfined } from "./run-confined.js";
import { hostGit, scratchGit, type ScratchGit } from "./scratch-git.js";
import type { CreateWorkspaceOptions, SandboxCommand, SandboxResult, Workspace } from "./types.js";

/** Thrown by createWorkspace for code from an untrusted ref: a fork's code never runs on the runner (FAULTS 15). */
export class UntrustedCodeError extends Error {
  constructor() {
    super("refusing to run code from an untrusted ref (a fork's pull request): only static analysis is allowed there");
    this.name = "UntrustedCodeError";
  }
}

/**
 * Untracked outputs of test and coverage runs: kept out of `diff()` (and so out of proposals),
 * still removed by `reset()`. Only untracked files are affected; a repo that commits one keeps it.
 */
const LOCAL_EXCLUDES = [
  "/.lodestar-lcov.info",
  "/coverage/",
  "/.nyc_output/",
  "/htmlcov/",
  "/.coverage",
  "/.coverage.*",
  "/coverage.xml",
  "/lcov.info",
  "__pycache__/",
  "*.pyc",
  ".pytest_cache/",
  "node_modules/",
  ".venv/",
  "/target/",
  "/.gradle/",
];
/** Installed dependencies and build caches `reset()` keeps, so a reset does not cost a reinstall. */
const KEPT_ON_RESET = ["node_modules", ".venv", "venv", "/target", "/.gradle"];

/** Scratch folders not yet disposed: removed at exit if the caller never got to dispose them. */
const live = new Set<string>();
let exitHook = false;
function remember(container: string): void {
  live.add(container);
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const dir of live) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Best effort at exit.
      }
    }
  });
}

/** Removes a folder even when the code that ran there took away its own permissions. */
async function removeTree(dir: string): Promise<void> {
  try {
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM" && code !== "ENOTEMPTY") throw error;
  }
  await grantAll(dir);
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

async function grantAll(dir: string): Promise<void> {
  await fs.chmod(dir, 0o700).catch(() => undefined);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isDirectory()) await grantAll(path.join(dir, e.name));
}

function checkArgv(argv: unknown): asserts argv is string[] {
  if (!Array.isArray(argv) || argv.length === 0) throw new TypeError("a sandbox command is an argument list with the program first (never a shell string)");
  for (const a of argv) if (typeof a !== "string" || a.includes("\0")) throw new TypeError("every argument of a sandbox command must be a string without NUL");
  if (argv[0] === "") throw new TypeError("a sandbox command needs a program");
}

/**
 * A scratch copy of a trusted repository's committed tree (HEAD), where its commands can run.
 * A git repository becomes a shared clone (`git clone --shared`: no objects copied; its own
 * refs, config, hooks and index, so nothing done in it reaches the user's repository, its
 * branches or its worktree list); another folder is copied and committed as the start. The copy
 * lives in `<scratchRoot>/lodestar-sandbox-*` next to its own HOME, TMPDIR and caches.
 * Throws when `trusted` is false (FAULTS 15).
 */
export async function createWorkspace(repoDir: string, options: CreateWorkspaceOptions): Promise<Workspace> {
  if (options?.trusted !== true) throw new UntrustedCodeError();
  const source = await fs.realpath(repoDir);
  const scratchRoot = path.resolve(options.scratchRoot ?? os.tmpdir());
  await fs.mkdir(scratchRoot, { recursive: true });
  const container = await fs.realpath(await fs.mkdtemp(path.join(scratchRoot, "lodestar-sandbox-")));
  remember(container);
  try {
    const dirs: ScratchDirs = { home: path.join(container, "home"), tmp: path.join(container, "tmp"), cache: path.join(container, "cache") };
    for (const dir of Object.values(dirs)) await fs.mkdir(dir, { recursive: true });
    const work = path.join(container, "repo");
    const limits = mergeLimits(options.limits);
    const namespaces = options.namespaces !== false;
    const protection = await hostProtection(source, container);
    const git: ScratchGit = { workTree: work, env: sandboxEnv(dirs, { network: false }).env, limits, namespaces, protection };
    const base = await makeCopy(source, work, git);
    return new ScratchWorkspace(container, work, dirs, base, git, options);
  } catch (error) {
    live.delete(container);
    await removeTree(container).catch(() => undefined);
    throw error;
  }
}

/** Fills `work` with the committed tree of `source`; returns the starting commit. */
async function makeCopy(source: string, work: string, git: ScratchGit): Promise<string> {
  const top = await hostGit(source, ["rev-parse", "--show-toplevel"]).then(
    (out) => out.trim(),
    () => null,
  );
  const isRepoRoot = top !== null && (await fs.realpath(top).catch(() => null)) === source;
  if (isRepoRoot) {
    const base = (await hostGit(source, ["rev-parse", "--verify", "-q", "HEAD^{commit}"]).catch(() => "")).trim();
    if (!/^[0-9a-f]{40,64}$/.test(base)) throw new Error(`${source} has no commit to copy`);
    // --template=: no hooks copied in; file protocol for this local clone only.
    await hostGit(path.dirname(work), ["-c", "protocol.file.allow=always", "clone", "-q", "--template=", "--shared", "--no-checkout", "--", source, work]);
    await writeExcludes(work);
    await scratchGit(git, ["remote", "remove", "origin"]);
    await scratchGit(git, ["checkout", "-q", "--detach", base]);
    return base;
  }
  await copyTree(source, work);
  await hostGit(work, ["init", "-q", "--template="]);
  await writeExcludes(work);
  await scratchGit(git, ["add", "-A"]);
  await scratchGit(git, ["commit", "-q", "--no-verify", "--allow-empty", "-m", "lodestar: starting state"]);
  return (await scratchGit(git, ["rev-parse", "--verify", "HEAD^{commit}"])).trim();
}

async function writeExcludes(work: string): Promise<void> {
  const info = path.join(work, ".git", "info");
  await fs.mkdir(info, { recursive: true });
  await fs.writeFile(path.join(info, "exclude"), LOCAL_EXCLUDES.join("\n") + "\n");
}

class ScratchWorkspace implements Workspace {
  readonly dir: string;
  private disposed = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly killers = new Set<() => void>();

  constructor(
    private readonly container: string,
    work: string,
    private readonly dirs: ScratchDirs,
    private readonly base: string,
    private readonly git: ScratchGit,
    private readonly options: CreateWorkspaceOptions,
  ) {
    this.dir = work;
    git.tracker = () => this.tracker();
  }

  /** A `track` callback for one run: its kill function is held while it runs, so dispose can stop it. */
  private tracker(): (kill: (() => void) | null) => void {
    let held: (() => void) | null = null;
    return (kill) => {
      if (held) this.killers.delete(held);
      held = kill;
      if (kill) this.killers.add(kill);
    };
  }

  private alive(): void {
    if (this.disposed) throw new Error("the workspace was disposed");
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }

  async run(cmd: SandboxCommand): Promise<SandboxResult> {
    this.alive();
    checkArgv(cmd?.argv);
    const cwd = await this.resolveCwd(cmd.cwd);
    const network = cmd.network === true;
    const { env, dropped } = sandboxEnv(this.dirs, { network, ...(cmd.env ? { extra: cmd.env } : {}) });
    const result = await this.track(
      runConfined({
        argv: [...cmd.argv],
        cwd,
        env,
        limits: mergeLimits(this.options.limits, cmd.limits),
        network,
        namespaces: this.git.namespaces,
        ...(this.git.protection ? { protection: this.git.protection } : {}),
        track: this.tracker(),
      }),
    );
    return dropped.length > 0 ? { ...result, droppedEnv: dropped } : result;
  }

  private async resolveCwd(cwd: string | undefined): Promise<string> {
    if (cwd === undefined || cwd === "" || cwd === ".") return this.dir;
    const abs = await resolveInside(this.dir, cwd, "read");
    const info = await fs.stat(abs).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`cwd ${JSON.stringify(cwd)} is not a folder in the workspace`);
    const real = path.relative(this.dir, await fs.realpath(abs));
    if (real.startsWith("..") || path.isAbsolute(real)) throw new Error(`cwd ${JSON.stringify(cwd)} leads out of the workspace`);
    return abs;
  }

  async readFile(rel: string): Promise<string | null> {
    this.alive();
    return readInside(this.dir, rel);
  }

  async writeFile(rel: string, content: string): Promise<void> {
    this.alive();
    if (typeof content !== "string") throw new TypeError("writeFile takes text");
    await writeInside(this.dir, rel, content);
  }

  async applyPatch(patch: string): Promise<void> {
    this.alive();
    if (typeof patch !== "string" || patch.trim() === "") throw new Error("the patch is empty");
    const paths = patchPaths(patch);
    if (paths.length === 0) throw new Error("the patch names no file");
    // Every path first, so a patch is applied whole or not at all.
    for (const p of paths) await resolveInside(this.dir, p, "write");
    const file = path.join(this.container, `patch-${randomBytes(6).toString("hex")}.diff`);
    await fs.writeFile(file, patch.endsWith("\n") ? patch : patch + "\n", { mode: 0o600 });
    try {
      await this.track(scratchGit(this.git, ["apply", "--check", "--whitespace=nowarn", file]));
      await this.track(scratchGit(this.git, ["apply", "--whitespace=nowarn", file]));
    } finally {
      await fs.rm(file, { force: true });
    }
  }

  async diff(): Promise<string> {
    this.alive();
    // A throwaway index: the workspace's own index (which its code may use) is left alone.
    const index = path.join(this.container, `diff-index-${randomBytes(6).toString("hex")}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await this.track(scratchGit(this.git, ["read-tree", this.base], env));
      await this.track(scratchGit(this.git, ["add", "-A", "--", "."], env));
      return await this.track(
        scratchGit(this.git, ["diff", "--cached", "--no-ext-diff", "--no-textconv", "--no-color", "--no-renames", "--src-prefix=a/", "--dst-prefix=b/", this.base], env),
      );
    } finally {
      await fs.rm(index, { force: true });
    }
  }

  async reset(): Promise<void> {
    this.alive();
    await this.track(scratchGit(this.git, ["reset", "-q", "--hard", this.base]));
    await this.track(scratchGit(this.git, ["clean", "-ffdxq", ...KEPT_ON_RESET.flatMap((p) => ["-e", p])]));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const kill of this.killers) kill();
    await Promise.allSettled([...this.running]);
    await removeTree(this.container);
    live.delete(this.container);
  }
}
