/**
 * Cross-process write lock for the state file, built on proper-lockfile (an atomic
 * `mkdir <file>.lock`, kept fresh by touching its mtime; a lock whose mtime is older
 * than `stale` is presumed left by a dead process and is taken over).
 *
 * Within one process, callers are queued first, so they do not spin on the lock dir
 * against each other.
 */
import path from "node:path";
import lockfile from "proper-lockfile";
import { StateLockError } from "./errors.js";

/** proper-lockfile's own floor for `stale`; smaller values are silently raised to it. */
export const MIN_LOCK_STALE_MS = 2_000;
/** How old a lock must be before another process may take it over. */
export const DEFAULT_LOCK_STALE_MS = 10_000;

/** Options for {@link withFileLock}. */
export interface FileLockOptions {
  /** A lock not refreshed for this long is considered abandoned. Default 10 s, min 2 s. */
  staleMs?: number;
  /**
   * Roughly how long to keep retrying before giving up. Default: 3 × staleMs, at least 30 s,
   * so a lock left by a crashed process is always outlived and taken over.
   */
  timeoutMs?: number;
}

/** Handed to the locked section. */
export interface HeldLock {
  /**
   * Throws StateLockError if the lock was lost meanwhile (e.g. the event loop stalled
   * past `stale` and another process took over). Call right before writing.
   */
  assertHeld(): void;
}

/** Tail of the in-process queue, per lock path. */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `fn` while holding the exclusive lock on `file` (which need not exist yet).
 * @throws StateLockError when the lock cannot be taken in time.
 */
export async function withFileLock<R>(file: string, options: FileLockOptions, fn: (lock: HeldLock) => Promise<R>): Promise<R> {
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  queues.set(key, tail);
  await previous;
  try {
    return await withCrossProcessLock(key, options, fn);
  } finally {
    done();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

async function withCrossProcessLock<R>(file: string, options: FileLockOptions, fn: (lock: HeldLock) => Promise<R>): Promise<R> {
  const stale = Math.max(options.staleMs ?? DEFAULT_LOCK_STALE_MS, MIN_LOCK_STALE_MS);
  const timeoutMs = options.timeoutMs ?? Math.max(30_000, 3 * stale);
  // Short, jittered polls: lock holders keep it for milliseconds, and long sleeps would
  // let one busy process starve the others.
  const maxPollMs = 100;
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      // The state file may not exist yet; realpath would fail on it.
      realpath: false,
      stale,
      update: stale / 2,
      retries: {
        retries: Math.ceil(timeoutMs / maxPollMs),
        factor: 1.5,
        minTimeout: 5,
        maxTimeout: maxPollMs,
        randomize: true,
      },
      // The default throws from a timer, which would crash the process. Record it instead
      // and refuse to write (assertHeld).
      onCompromised: (err: Error) => {
        compromised = err;
      },
    });
  } catch (err) {
    throw new StateLockError(
      file,
      `could not lock ${file} within ~${Math.round(timeoutMs / 1000)} s: ${(err as Error).message}. ` +
        `Another Lodestar process is using it (lock: ${file}.lock).`,
      { cause: err },
    );
  }
  const held: HeldLock = {
    assertHeld() {
      if (compromised) {
        throw new StateLockError(file, `lost the lock on ${file} before writing: ${compromised.message}`, { cause: compromised });
      }
    },
  };
  try {
    return await fn(held);
  } finally {
    // A failed release only leaves a lock dir that goes stale; it cannot lose data,
    // so it must not mask the section's own result or error.
    await release().catch(() => undefined);
  }
}
