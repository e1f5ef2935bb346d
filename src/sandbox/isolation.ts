import { spawn } from "node:child_process";
import { constants, existsSync, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { HostProtection } from "./host-paths.js";
import type { SandboxIsolation } from "./types.js";

/**
 * What this machine can do to confine a command, probed once per process by running `true`
 * (or a small mount check) under each tool: a tool that is installed but not permitted (user
 * namespaces switched off, as by Ubuntu 24.04's AppArmor default) counts as absent. Binaries
 * are kept as absolute paths, so the sandboxed PATH cannot swap them.
 */
export interface IsolationTools {
  /** GNU `timeout`: a backstop that kills the run even if Lodestar itself dies first. */
  timeout: string | null;
  /** util-linux `prlimit`, to set RLIMIT_DATA. */
  prlimit: string | null;
  /** `/bin/sh` whose `ulimit -d` works: the RLIMIT_DATA fallback without prlimit. */
  ulimitShell: string | null;
  /** util-linux `unshare` with a user namespace, and which further namespaces work under it. */
  unshare: { path: string; net: boolean; pid: boolean; mount: string | null; proc: boolean } | null;
  /** `ip`, to bring the loopback interface up inside the new network namespace. */
  ip: string | null;
  /** /proc is readable: the memory watchdog and the sweep for stray processes work. */
  procfs: boolean;
  shell: string | null;
  /** `env`, which starts the command from the init script. */
  env: string | null;
}

const SEARCH_EXTRA = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

/** The absolute path of an executable named `name` on PATH (plus the sbin folders), or null. */
async function which(name: string): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...SEARCH_EXTRA];
  for (const dir of dirs) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, constants.X_OK);
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

/** Exit code of a probe run (null when it could not start or took more than 10 s). */
function probe(argv: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(argv[0]!, argv.slice(1), { stdio: "ignore", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("error", () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * The init script of a namespaced run. Its operations come as arguments up to `--`, then the
 * command; it is a constant, so nothing of the command is ever parsed by a shell. The command
 * runs as a child (through `env`, so a name like `test` is the program, not a shell builtin)
 * rather than being exec'd: PID 1 of a namespace ignores signals it has no handler for, and the
 * command should behave as it does anywhere else. A mount that fails stops the run (fail closed).
 */
const INIT_SCRIPT = `m= e=
fail() { echo "lodestar sandbox: cannot $1" >&2; exit 125; }
for op do
  shift
  case "$op" in
    --) break ;;
    mount=*) m=\${op#mount=} ;;
    env=*) e=\${op#env=} ;;
    lo=*) "\${op#lo=}" link set lo up 2>/dev/null ;;
    rw=*) p=\${op#rw=}; "$m" --bind "$p" "$p" || fail "keep $p writable" ;;
    ro=*) p=\${op#ro=}; { "$m" --rbind "$p" "$p" && "$m" -o remount,bind,ro "$p" "$p"; } || fail "make $p read-only" ;;
    hide-dir=*) p=\${op#hide-dir=}; [ -d "$p" ] || continue; "$m" -t tmpfs -o size=64k,mode=0700 tmpfs "$p" || fail "hide $p" ;;
    hide-file=*) p=\${op#hide-file=}; [ -e "$p" ] && [ ! -d "$p" ] || continue; "$m" --bind /dev/null "$p" || fail "hide $p" ;;
  esac
done
cd "$(pwd -P)" || fail "enter the workspace"
"\${e:-env}" -- "$@"
exit $?`;

/** The mount operations work here: a writable folder under a read-only one, a hidden folder and file. */
async function probeMounts(unshare: string, shell: string, mount: string): Promise<boolean> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "lodestar-mount-probe-"));
  try {
    const home = path.join(root, "h");
    const inner = path.join(home, "c");
    await fs.mkdir(path.join(home, "s"), { recursive: true });
    await fs.mkdir(inner);
    await fs.writeFile(path.join(home, "f"), "secret");
    const check = ': > "$1" && ! (: > "$2") 2>/dev/null && [ ! -s "$3" ]';
    const code = await probe([
      unshare, "--map-root-user", "--mount", "--", shell, "-c", INIT_SCRIPT, "sh",
      `mount=${mount}`, `rw=${inner}`, `ro=${home}`, `hide-dir=${path.join(home, "s")}`, `hide-file=${path.join(home, "f")}`, "--",
      shell, "-c", check, "sh", path.join(inner, "ok"), path.join(home, "no"), path.join(home, "f"),
    ]);
    return code === 0 && existsSync(path.join(inner, "ok")) && !existsSync(path.join(home, "no"));
  } finally {
    await fs.rm(root, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function probeTools(): Promise<IsolationTools> {
  const none: IsolationTools = { timeout: null, prlimit: null, ulimitShell: null, unshare: null, ip: null, procfs: false, shell: null, env: null };
  if (process.platform === "win32") return none;
  const [timeout = null, prlimit = null, shell = null, unshare = null, ip = null, mount = null, trueBin = null, env = null] = await Promise.all(
    ["timeout", "prlimit", "sh", "unshare", "ip", "mount", "true", "env"].map(which),
  );
  const tools: IsolationTools = { ...none, shell, env };
  if (!trueBin) return tools;
  if (timeout && (await probe([timeout, "-s", "KILL", "10", trueBin])) === 0) tools.timeout = timeout;
  if (process.platform !== "linux") return tools;
  tools.procfs = existsSync("/proc/self/stat");
  if (prlimit && (await probe([prlimit, `--data=${1 << 30}`, "--", trueBin])) === 0) tools.prlimit = prlimit;
  if (!tools.prlimit && shell && (await probe([shell, "-c", 'ulimit -d 1048576 && exec "$0"', trueBin])) === 0) tools.ulimitShell = shell;
  if (unshare && shell && (await probe([unshare, "--map-root-user", "--", trueBin])) === 0) {
    const [net, pid, proc, mounts] = await Promise.all([
      probe([unshare, "--map-root-user", "--net", "--", trueBin]).then((c) => c === 0),
      probe([unshare, "--map-root-user", "--pid", "--fork", "--kill-child", "--", trueBin]).then((c) => c === 0),
      probe([unshare, "--map-root-user", "--pid", "--fork", "--kill-child", "--mount-proc", "--", trueBin]).then((c) => c === 0),
      mount ? probeMounts(unshare, shell, mount) : Promise.resolve(false),
    ]);
    tools.unshare = { path: unshare, net, pid, mount: mounts ? mount : null, proc: pid && proc };
    if (net && ip && (await probe([unshare, "--map-root-user", "--net", "--", ip, "link", "set", "lo", "up"])) === 0) tools.ip = ip;
  }
  return tools;
}

let probed: Promise<IsolationTools> | null = null;

/** The probed tools (the probe runs once per process). */
export function isolationTools(): Promise<IsolationTools> {
  probed ??= probeTools();
  return probed;
}

/** What a run on this machine gets by default, for `lodestar doctor` and the tests. */
export async function probeIsolation(): Promise<{
  network: "none" | "not-isolated";
  memory: "enforced" | "not-enforced";
  filesystem: "protected" | "not-isolated";
  pidNamespace: boolean;
  loopback: boolean;
  backstop: boolean;
}> {
  const tools = await isolationTools();
  return {
    network: tools.unshare?.net ? "none" : "not-isolated",
    memory: tools.prlimit || tools.ulimitShell ? "enforced" : "not-enforced",
    filesystem: tools.unshare?.mount && tools.unshare.proc ? "protected" : "not-isolated",
    pidNamespace: tools.unshare?.pid === true,
    loopback: tools.ip !== null,
    backstop: tools.timeout !== null,
  };
}

/** The least RLIMIT_DATA given to a command, in MiB: what a runtime reserves to start at all. */
export const DATA_LIMIT_FLOOR_MB = 1024;

export interface ConfineOptions {
  network: boolean;
  memoryMb: number;
  timeoutMs: number;
  /** False forces the fallback without namespaces. */
  namespaces: boolean;
  /** Host paths to keep read-only or hidden (applied only with a mount namespace). */
  protection?: HostProtection;
}

/**
 * The argv that runs `argv` confined, outermost wrapper first, and what it really applies:
 *
 *   timeout -s KILL <limit + 30 s>      backstop if Lodestar dies before its own timer fires
 *   prlimit --data=<bytes> --           RLIMIT_DATA (or `sh -c 'ulimit -d'`)
 *   unshare --map-root-user [--net] [--pid --fork --kill-child --mount-proc] [--mount] --
 *   sh -c INIT_SCRIPT sh <ops> -- argv  loopback up, host paths read-only or hidden, then the command
 *
 * RLIMIT_DATA, not RLIMIT_AS: V8 reserves gigabytes of address space for WebAssembly (Node's
 * own fetch uses it), so an address-space limit breaks Node tooling while RLIMIT_DATA counts
 * only memory mapped writable. When a PID namespace's init exits, the kernel kills every
 * process left in it: a daemon the tests forked cannot outlive the run, even after setsid.
 */
export function confine(argv: string[], tools: IsolationTools, options: ConfineOptions): { argv: string[]; isolation: SandboxIsolation } {
  const ns = options.namespaces ? tools.unshare : null;
  const isolateNet = !options.network && ns?.net === true;
  const mount = ns?.mount && options.protection ? ns.mount : null;
  let inner = argv;
  if (ns && tools.shell && (isolateNet || ns.pid || mount)) {
    // A /proc of the PID namespace only: the host's would show every process of the runner
    // user, and /proc/<pid>/environ of Lodestar itself holds its tokens.
    const flags = [
      "--map-root-user",
      ...(isolateNet ? ["--net"] : []),
      ...(ns.pid ? ["--pid", "--fork", "--kill-child"] : []),
      ...(ns.proc ? ["--mount-proc"] : []),
      ...(mount ? ["--mount"] : []),
    ];
    const ops: string[] = tools.env ? [`env=${tools.env}`] : [];
    if (isolateNet && tools.ip) ops.push(`lo=${tools.ip}`);
    if (mount && options.protection) {
      const p = options.protection;
      ops.push(`mount=${mount}`, ...p.writable.map((x) => `rw=${x}`), ...p.readOnly.map((x) => `ro=${x}`));
      ops.push(...p.hiddenDirs.map((x) => `hide-dir=${x}`), ...p.hiddenFiles.map((x) => `hide-file=${x}`));
    }
    inner = [ns.path, ...flags, "--", tools.shell, "-c", INIT_SCRIPT, "sh", ...ops, "--", ...argv];
  }
  const isolation: SandboxIsolation = {
    network: options.network ? "allowed" : isolateNet && inner !== argv ? "none" : "not-isolated",
    memory: "not-enforced",
    filesystem: mount && ns?.proc && inner !== argv ? "protected" : "not-isolated",
  };
  // RLIMIT_DATA is the per-process backstop; the limit itself is the watchdog on the whole tree's
  // resident memory (run-confined.ts). V8 reserves address space that counts as data at start
  // (Node 24 needs about 1 GiB before running a line), so the backstop never goes below that.
  const bytes = Math.max(DATA_LIMIT_FLOOR_MB, Math.floor(options.memoryMb)) * 1024 * 1024;
  if (tools.prlimit) {
    inner = [tools.prlimit, `--data=${bytes}`, "--", ...inner];
    isolation.memory = "enforced";
  } else if (tools.ulimitShell) {
    inner = [tools.ulimitShell, "-c", 'ulimit -d "$1" || exit 126; shift; exec "$@"', "sh", String(bytes / 1024), ...inner];
    isolation.memory = "enforced";
  }
  if (tools.timeout) inner = [tools.timeout, "-s", "KILL", String(Math.ceil(options.timeoutMs / 1000) + 30), ...inner];
  return { argv: inner, isolation };
}
