/**
 * One abort signal per model call that fires on the call's time limit or on the caller's signal,
 * and remembers which of the two fired: a time limit is worth a retry, a caller's abort is not.
 */
export interface CallSignal {
  readonly signal: AbortSignal;
  /** "aborted" when the caller's signal fired, "timeout" when the time limit passed, else undefined. */
  stoppedBy(): "aborted" | "timeout" | undefined;
}

/** Combines `AbortSignal.timeout(timeoutMs)` with the caller's signal (either may end the call). */
export function callSignal(timeoutMs: number, caller?: AbortSignal): CallSignal {
  const timeout = AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs)));
  const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
  return {
    signal,
    // The caller is checked first: if both fired, the caller's intent wins (no retry).
    stoppedBy: () => (caller?.aborted ? "aborted" : timeout.aborted ? "timeout" : undefined),
  };
}

/** A `fetch` whose every request carries `signal`, for clients that cannot pass one themselves. */
export function fetchWithSignal(signal: AbortSignal, base: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  return (input, init) => base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}
