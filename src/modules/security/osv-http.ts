/** What one request to OSV gave: a parsed JSON body, or why there is none. */
export type OsvResponse = { ok: true; body: unknown } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

export interface RequestOptions {
  fetch: typeof fetch;
  signal?: AbortSignal;
  timeoutMs: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

function describeFetchError(err: unknown, timedOut: boolean, aborted: boolean): string {
  if (aborted) return "aborted";
  if (timedOut) return "timed out";
  // undici throws TypeError("fetch failed") with the socket error as `cause`; other fetch
  // implementations (and mocks) reject with the error itself. Errors may come from another
  // realm, so no instanceof.
  const outer = (err ?? {}) as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = [outer.cause?.code, outer.code].find((c): c is string => typeof c === "string");
  const message = [outer.cause?.message, outer.message].find((m): m is string => typeof m === "string" && m !== "");
  return `network error (${code ?? message ?? "unknown"})`;
}

/**
 * One HTTP exchange with a time limit. Never throws: DNS failures, resets, timeouts, non-2xx
 * answers and bodies that are not JSON all come back as `{ ok: false }` with a short reason.
 */
export async function requestJson(url: string, init: RequestInit, options: RequestOptions): Promise<OsvResponse> {
  if (options.signal?.aborted) return { ok: false, error: "aborted", retryable: false };
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await options.fetch(url, { ...init, signal, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  } catch (err) {
    const aborted = options.signal?.aborted ?? false;
    const timedOut = !aborted && timeout.aborted;
    return { ok: false, error: describeFetchError(err, timedOut, aborted), retryable: !aborted && !timedOut };
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const aborted = options.signal?.aborted ?? false;
    return { ok: false, error: describeFetchError(err, !aborted && timeout.aborted, aborted), retryable: false };
  }
  if (!res.ok) {
    const seconds = Number(res.headers.get("retry-after"));
    return {
      ok: false,
      error: `HTTP ${res.status}`,
      retryable: RETRYABLE_STATUS.has(res.status),
      ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}),
    };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: "invalid JSON in the response", retryable: false };
  }
}

/** {@link requestJson} with up to `retries` more attempts after a 429/5xx or a network error, waiting between them. */
export async function requestJsonWithRetry(
  url: string,
  init: RequestInit,
  options: RequestOptions & { retries: number; retryDelayMs: number },
): Promise<OsvResponse> {
  let last = await requestJson(url, init, options);
  for (let attempt = 1; attempt <= options.retries && !last.ok && last.retryable; attempt++) {
    // Retry-After is honoured but capped: a scan should not stall for minutes on one lookup.
    const wait = Math.min(last.retryAfterMs ?? options.retryDelayMs * attempt, 10_000);
    if (wait > 0) await sleep(wait, options.signal);
    last = await requestJson(url, init, options);
  }
  return last;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
