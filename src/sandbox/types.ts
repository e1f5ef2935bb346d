/**
 * The sandbox contract shared by the test-generation, refactor and fix modules (issue 6).
 * Everything a module runs from a repository goes through a `Workspace`: a scratch copy with
 * limits, an allow-listed environment and, where the platform allows, no network.
 */

export interface SandboxLimits {
  /** Wall time per command; the whole process group is killed at the limit. */
  timeoutMs: number;
  /** Memory per command (Linux: RLIMIT_DATA per process and a watchdog on the tree's RSS). */
  memoryMb: number;
  /** Output kept per stream; beyond it the command is stopped. */
  outputBytes: number;
}

export interface SandboxCommand {
  /** Never a shell string: argv[0] is the program (FAULTS 13). */
  argv: string[];
  /** Relative to the workspace root; must stay inside it. */
  cwd?: string;
  limits?: Partial<SandboxLimits>;
  /** Default false: no network where the platform allows (install steps may ask for true). */
  network?: boolean;
  /** Extra variables, still filtered: nothing that looks like a secret. */
  env?: Record<string, string>;
}

/** What isolation was really applied to a run (never what was merely asked for). */
export interface SandboxIsolation {
  network: "none" | "allowed" | "not-isolated";
  memory: "enforced" | "not-enforced";
  /**
   * "protected": the user's home and the original repository were read-only and known
   * credential files hidden (a mount namespace); "not-isolated": the command could reach
   * whatever the runner user can. See src/sandbox/README.md.
   */
  filesystem?: "protected" | "not-isolated";
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  outputTruncated: boolean;
  /** Each capped at `outputBytes`, decoded as UTF-8. */
  stdout: string;
  stderr: string;
  durationMs: number;
  killed?: "timeout" | "memory" | "output";
  isolation: SandboxIsolation;
  /** Names of `env` extras that were dropped because they looked like secrets (values never echoed). */
  droppedEnv?: string[];
}

export interface Workspace {
  /** Absolute path of the scratch copy. */
  readonly dir: string;
  run(cmd: SandboxCommand): Promise<SandboxResult>;
  /** Null when absent; rejects paths leaving the workspace, `.git`, symlinks out. */
  readFile(rel: string): Promise<string | null>;
  /** Same path rules as readFile (FAULTS 17); never writes through a symlink. */
  writeFile(rel: string, content: string): Promise<void>;
  /** Unified diff; rejects unsafe paths; throws on a hunk that does not apply. */
  applyPatch(patch: string): Promise<void>;
  /** Unified diff (`a/`, `b/` paths) of the workspace against where it started, new files included. */
  diff(): Promise<string>;
  /** Back to the starting state (keeps installed dependencies such as node_modules). */
  reset(): Promise<void>;
  /** Stops running commands and removes the scratch copy; idempotent. */
  dispose(): Promise<void>;
}

export type Ecosystem = "npm" | "yarn" | "pnpm" | "pytest" | "go" | "cargo" | "maven" | "gradle" | "node-test" | "config";

export interface CoverageCommand {
  argv: string[];
  /** Report path relative to the workspace. */
  report: string;
  format: "lcov" | "istanbul" | "cobertura";
}

export interface RepoCommands {
  install?: string[];
  build?: string[];
  test: string[];
  coverage?: CoverageCommand;
  source: "config" | "detected";
  ecosystem: Ecosystem;
}

export interface CreateWorkspaceOptions {
  /** Must be true: code from an untrusted ref (a fork's PR) is never run (FAULTS 15). */
  trusted: boolean;
  /** Where the scratch copy is made (a module passes its `ctx.scratchDir`); default the OS temp dir. */
  scratchRoot?: string;
  /** Defaults for every run in this workspace; a command's own `limits` win. */
  limits?: Partial<SandboxLimits>;
  /**
   * Use Linux namespaces (no network, a PID namespace) when the platform allows; default true.
   * False forces the plain fallback (process group, environment sweep), as on a platform without them.
   */
  namespaces?: boolean;
}
