/**
 * Turns whatever a client library throws (SDK `APIError`s, ollama-js `ResponseError`s, fetch's
 * `TypeError`s, aborts) into one `ProviderError`, so the router decides on kinds, never on
 * library classes. Pure apart from reading the clock for an HTTP-date `Retry-After`.
 */
import { ProviderError, type ProviderErrorKind, type ProviderName } from "../types.js";
import type { CallSignal } from "./call-signal.js";

/** The error kind for an HTTP status. 529 is Anthropic's "overloaded". */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate-limit";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not-found";
  if (status === 408) return "timeout";
  // 409 is a conflict on the server's side (e.g. a concurrent update of a shared resource): transient.
  if (status === 409 || status >= 500) return "server";
  return "bad-request";
}

interface HeaderReader {
  get(name: string): string | null | undefined;
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI, Anthropic) or `Retry-After` (seconds or an
 * HTTP date, RFC 9110 §10.2.3). Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms != null && ms.trim() !== "") {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = headers.get("retry-after");
  if (after == null || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/**
 * Errors are duck-typed, not tested with `instanceof Error`: fetch's errors come from Node's own
 * realm, which is not the caller's under a VM sandbox such as Jest's.
 */
function asErrorLike(value: unknown): ErrorLike | undefined {
  return value !== null && typeof value === "object" ? (value as ErrorLike) : undefined;
}

/** Connection refused, reset (also mid-body: undici's "terminated"), DNS failures. */
export function isNetworkError(error: unknown): boolean {
  for (let e = asErrorLike(error), depth = 0; e && depth < 5; e = asErrorLike(e.cause), depth++) {
    const code = e.code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (e.name === "TypeError" && (e.message === "fetch failed" || e.message === "terminated")) return true;
    if (e.name === "APIConnectionError") return true;
  }
  return false;
}

function statusOf(error: object): number | undefined {
  const status = (error as { status?: unknown; status_code?: unknown }).status ?? (error as { status_code?: unknown }).status_code;
  return typeof status === "number" && status >= 100 ? status : undefined;
}

function headersOf(error: object): HeaderReader | undefined {
  const headers = (error as { headers?: unknown }).headers;
  return headers && typeof (headers as HeaderReader).get === "function" ? (headers as HeaderReader) : undefined;
}

function messageOf(error: unknown): string {
  const message = asErrorLike(error)?.message;
  return typeof message === "string" ? message : String(error);
}

/**
 * The `ProviderError` for anything a call threw. Which signal fired decides first: once a call
 * is aborted, libraries throw assorted errors (AbortError, "terminated", APIUserAbortError) and
 * only the signal knows whether it was the time limit or the caller.
 */
export function toProviderError(provider: ProviderName, error: unknown, call?: CallSignal, timeoutMs?: number): ProviderError {
  if (error instanceof ProviderError) return error;
  const stopped = call?.stoppedBy();
  if (stopped === "aborted") return new ProviderError(provider, "aborted", `${provider}: the call was aborted`, { cause: error });
  if (stopped === "timeout") {
    const limit = timeoutMs === undefined ? "the time limit" : `${timeoutMs} ms`;
    return new ProviderError(provider, "timeout", `${provider}: no answer within ${limit}`, { cause: error });
  }
  if (error !== null && typeof error === "object") {
    const status = statusOf(error);
    if (status !== undefined) {
      const kind = kindForStatus(status);
      const wait = retryAfterMs(headersOf(error));
      const extra = { status, cause: error, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
      return new ProviderError(provider, kind, `${provider}: HTTP ${status}: ${messageOf(error)}`, extra);
    }
    const name = (error as { name?: unknown }).name;
    if (name === "APIConnectionTimeoutError" || name === "TimeoutError") {
      return new ProviderError(provider, "timeout", `${provider}: the request timed out`, { cause: error });
    }
    if (name === "APIUserAbortError" || name === "AbortError") {
      return new ProviderError(provider, "aborted", `${provider}: the call was aborted`, { cause: error });
    }
    if (name === "SyntaxError") {
      return new ProviderError(provider, "bad-output", `${provider}: the answer is not valid JSON: ${messageOf(error)}`, { cause: error });
    }
  }
  if (isNetworkError(error)) {
    const inner = asErrorLike(asErrorLike(error)?.cause)?.message;
    const cause = typeof inner === "string" && inner ? `: ${inner}` : "";
    return new ProviderError(provider, "network", `${provider}: ${messageOf(error)}${cause}`, { cause: error });
  }
  // Unknown failures are not retried: retrying something we do not understand only costs more.
  return new ProviderError(provider, "bad-output", `${provider}: ${messageOf(error)}`, { cause: error });
}

/** The error for a cloud provider whose API key is not set: no request is made. */
export function missingKeyError(provider: ProviderName, variable: string): ProviderError {
  return new ProviderError(provider, "auth", `${provider}: ${variable} is not set, so ${provider} cannot be called`);
}
