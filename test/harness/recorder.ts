/**
 * Per-test-file record of what crossed the HTTP boundary.
 *
 * The store lives on `globalThis` under a registered symbol rather than in a module variable so
 * that every copy of this module in a test file (e.g. after `jest.resetModules()` or inside
 * `jest.isolateModulesAsync`) shares one store. Jest gives each test file its own global object,
 * so nothing leaks between files.
 */

/** One request that a `githubApi()` scope intercepted (and answered). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, as sent (still percent-encoded), including any GHE `/api/v3` prefix. */
  path: string;
  /** Parsed query string; repeated keys become arrays. */
  query: Record<string, string | string[]>;
  /** Parsed JSON body; the raw string when the body is not JSON; `undefined` when there is no body. */
  body: unknown;
  /** The scope's base URL, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  baseUrl: string;
  /** Lower-cased request headers, when nock exposed them. */
  headers: Record<string, string>;
}

/** A request that reached nock and matched no interceptor, or was refused because net connect is disabled. */
export interface UnmatchedRequest {
  method: string;
  url: string;
  body?: string | undefined;
}

interface Store {
  requests: RecordedRequest[];
  unmatched: UnmatchedRequest[];
}

const KEY = Symbol.for("lodestar.test.http-recorder");

function store(): Store {
  const g = globalThis as typeof globalThis & { [KEY]?: Store };
  let s = g[KEY];
  if (!s) {
    s = { requests: [], unmatched: [] };
    g[KEY] = s;
  }
  return s;
}

export function recordRequest(request: RecordedRequest): void {
  store().requests.push(request);
}

export function recordUnmatched(request: UnmatchedRequest): void {
  store().unmatched.push(request);
}

/** Requests recorded since the last `resetRecorder()` (a copy; the harness resets after each test). */
export function recordedRequests(): RecordedRequest[] {
  return [...store().requests];
}

export function unmatchedRequests(): UnmatchedRequest[] {
  return [...store().unmatched];
}

export function resetRecorder(): void {
  const s = store();
  s.requests.length = 0;
  s.unmatched.length = 0;
}
