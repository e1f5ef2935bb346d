/**
 * The router's call policy (FAULTS 26): providers make one HTTP call and never retry; this retries
 * a call only when its `ProviderError` is retryable, with bounded waits:
 *  - 429 with `Retry-After`: wait exactly that long, unless it is longer than `maxRetryAfterMs`,
 *    in which case give up at once (waiting an hour inside a cycle helps nobody);
 *  - 429 without it, 5xx/overloaded, timeouts, network faults: exponential backoff with full jitter
 *    (a random wait in [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1))]), so clients that failed
 *    together do not retry together.
 * Anything else (bad request, auth, not found, bad output, the caller's abort) is thrown at once.
 * Sleep and randomness are injectable so that tests never wait.
 */
import { ProviderError, type ProviderName } from "./types.js";

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff ceiling in ms; doubles per attempt. Default 500. */
  baseDelayMs?: number;
  /** Cap on one backoff wait in ms. Default 30 000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` that is honoured; a longer one ends the retries. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Waits `ms`; rejects when `signal` fires. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). Default Math.random. */
  random?: () => number;
  /** The caller's signal: no new attempt and no further waiting once it fires. */
  signal?: AbortSignal;
  /** Called before each wait, for the decision log. */
  onRetry?: (info: { attempt: number; error: ProviderError; delayMs: number }) => void;
}

export interface RetryResult<T> {
  result: T;
  /** How many attempts were made (1 when the first one succeeded). */
  attempts: number;
}

export const RETRY_DEFAULTS = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 } as const;

/** A wait that ends early, rejecting, when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * How long to wait after failed attempt number `attempt` (1-based), or undefined to stop retrying.
 * Pure, for the policy's own tests.
 */
export function retryDelay(error: ProviderError, attempt: number, options: RetryOptions = {}): number | undefined {
  const { maxAttempts, baseDelayMs, maxDelayMs, maxRetryAfterMs } = { ...RETRY_DEFAULTS, ...defined(options) };
  if (!error.retryable || attempt >= maxAttempts) return undefined;
  if (error.kind === "rate-limit" && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const random = options.random ?? Math.random;
  return Math.floor(random() * ceiling);
}

/** Only the options that were given, so that an explicit `undefined` does not hide a default. */
function defined(options: RetryOptions): Partial<typeof RETRY_DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => key in RETRY_DEFAULTS && value !== undefined));
}

function abortedError(provider: ProviderName, cause: unknown): ProviderError {
  return new ProviderError(provider, "aborted", `${provider}: the call was aborted while waiting to retry`, { cause });
}

/**
 * Runs `fn` until it succeeds or the policy says stop; then throws the last `ProviderError`
 * unchanged (its kind tells the router why). Errors that are not `ProviderError`s are thrown at
 * once: they are bugs, not provider faults.
 */
export async function callWithRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<RetryResult<T>> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await fn(attempt), attempts: attempt };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const delayMs = retryDelay(error, attempt, options);
      if (delayMs === undefined) throw error;
      if (options.signal?.aborted) throw abortedError(error.provider, error);
      options.onRetry?.({ attempt, error, delayMs });
      try {
        await wait(delayMs, options.signal);
      } catch (cause) {
        throw abortedError(error.provider, cause);
      }
      // An injected sleep may not watch the signal: check again before the next attempt.
      if (options.signal?.aborted) throw abortedError(error.provider, options.signal.reason);
    }
  }
}
