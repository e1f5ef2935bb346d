import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import type { HostProtection } from "./host-paths.js";
import { confine, isolationTools } from "./isolation.js";
import { killGroup, killMarked, treeRssBytes } from "./processes.js";
import { RUN_MARKER } from "./environment.js";
import type { SandboxLimits, SandboxResult } from "./types.js";

/** How often the memory watchdog looks at the tree's RSS. */
const WATCH_INTERVAL_MS = 500;
/** After the command is gone, how long a stray holder of its pipes may keep them open. */
const PIPE_GRACE_MS = 2_000;

export interface ConfinedRun {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  limits: SandboxLimits;
  network: boolean;
  namespaces: boolean;
  protection?: HostProtection;
  /** Called with a kill function while the run is live, and with null when it ended (dispose uses it). */
  track?: (kill: (() => void) | null) => void;
}

/** A fresh id for the run marker. */
export function newRunId(): string {
  return randomBytes(12).toString("hex");
}

/** Collects a stream up to `cap` bytes; past it, `onOverflow` fires once and the rest is dropped. */
function capture(stream: Readable | null, cap: number, onOverflow: () => void): { text: () => string; truncated: () => boolean } {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  stream?.on("data", (chunk: Buffer) => {
    if (truncated) return;
    if (size + chunk.length > cap) {
      chunks.push(chunk.subarray(0, cap - size));
      size = cap;
      truncated = true;
      onOverflow();
      return;
    }
    chunks.push(chunk);
    size += chunk.length;
  });
  // A reset pipe after a kill is expected; never an unhandled error.
  stream?.on("error", () => undefined);
  return { text: () => Buffer.concat(chunks).toString("utf8"), truncated: () => truncated };
}

/**
 * Runs one command confined (see isolation.ts): its own session and process group, the
 * wrappers this machine supports, a wall-time limit, an output cap per stream and, on Linux,
 * a watchdog on the resident memory of its whole tree. Whatever ends it, the group is killed
 * afterwards and processes that left the group but carry the run marker are swept, so nothing
 * it started outlives it. Never rejects: a program that cannot start is exit code 127.
 */
export async function runConfined(run: ConfinedRun): Promise<SandboxResult> {
  const tools = await isolationTools();
  // A fresh marker per run: the sweep after one run must not hit another running in parallel.
  const runId = newRunId();
  const env = { ...run.env, [RUN_MARKER]: runId };
  const wrapped = confine(run.argv, tools, {
    network: run.network,
    memoryMb: run.limits.memoryMb,
    timeoutMs: run.limits.timeoutMs,
    namespaces: run.namespaces,
    ...(run.protection ? { protection: run.protection } : {}),
  });
  const started = performance.now();
  let killed: SandboxResult["killed"];
  let child: ChildProcess;
  try {
    // detached: setsid(), so the command leads its own session and process group.
    child = spawn(wrapped.argv[0]!, wrapped.argv.slice(1), { cwd: run.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    return failedStart(run.argv[0]!, error, wrapped.isolation, started);
  }
  const pgid = child.pid;
  const kill = (why: NonNullable<SandboxResult["killed"]>) => {
    killed ??= why;
    if (pgid !== undefined && process.platform !== "win32") killGroup(pgid);
    else child.kill("SIGKILL");
  };
  run.track?.(() => kill("timeout"));
  const stdout = capture(child.stdout, run.limits.outputBytes, () => kill("output"));
  const stderr = capture(child.stderr, run.limits.outputBytes, () => kill("output"));
  const timer = setTimeout(() => kill("timeout"), run.limits.timeoutMs);
  let watching = false;
  const watchdog =
    tools.procfs && pgid !== undefined
      ? setInterval(() => {
          if (watching) return;
          watching = true;
          treeRssBytes(pgid)
            .then((rss) => {
              if (rss > run.limits.memoryMb * 1024 * 1024) kill("memory");
            })
            .catch(() => undefined)
            .finally(() => {
              watching = false;
            });
        }, WATCH_INTERVAL_MS)
      : undefined;

  const exit = await new Promise<{ code: number | null; signal: string | null; error?: unknown }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  if (watchdog) clearInterval(watchdog);
  // Stragglers: children still in the group, then any that setsid'd away but kept the marker.
  if (pgid !== undefined && process.platform !== "win32") killGroup(pgid);
  if (tools.procfs) await killMarked(RUN_MARKER, runId).catch(() => 0);
  await pipesClosed(child);
  run.track?.(null);
  if (exit.error) return failedStart(run.argv[0]!, exit.error, wrapped.isolation, started);
  return {
    exitCode: exit.code,
    signal: exit.signal,
    timedOut: killed === "timeout",
    outputTruncated: stdout.truncated() || stderr.truncated(),
    stdout: stdout.text(),
    stderr: stderr.text(),
    durationMs: Math.round(performance.now() - started),
    ...(killed ? { killed } : {}),
    isolation: wrapped.isolation,
  };
}

/** Waits for both pipes to close; a holder we could not kill (outside our reach) gets cut off. */
function pipesClosed(child: ChildProcess): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((s): s is Readable => s !== null && !s.closed);
  if (streams.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let open = streams.length;
    const done = () => {
      if (--open === 0) {
        clearTimeout(cut);
        resolve();
      }
    };
    const cut = setTimeout(() => {
      for (const s of streams) s.destroy();
      resolve();
    }, PIPE_GRACE_MS);
    for (const s of streams) s.once("close", done);
  });
}

function failedStart(program: string, error: unknown, isolation: SandboxResult["isolation"], started: number): SandboxResult {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  return {
    exitCode: 127,
    signal: null,
    timedOut: false,
    outputTruncated: false,
    stdout: "",
    stderr: `lodestar sandbox: cannot run ${JSON.stringify(program)}: ${code}\n`,
    durationMs: Math.round(performance.now() - started),
    isolation,
  };
}
