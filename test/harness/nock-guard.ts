/**
 * "No unmocked request, no unused mock": nock is locked to loopback, every request nock could not
 * match is recorded, and after each test `verifyHttpExpectations()` fails the test when anything
 * went unmatched, any mock went unused, or a recorded GitHub request breaks GitHub's OpenAPI contract.
 */
import nock from "nock";
import { checkRecorded } from "./openapi-contract.js";
import { recordUnmatched, recordedRequests, resetRecorder, unmatchedRequests } from "./recorder.js";
import type { RecordedRequest, UnmatchedRequest } from "./recorder.js";

/**
 * Hosts that may be reached for real: the Probot server and local fakes (e.g. a fake Ollama) that
 * tests start on loopback. nock 14 calls the matcher with `hostname:port` (port always normalised
 * in, e.g. `localhost:3000`, `127.0.0.1:443`) and IPv6 loopback arrives BARE as `::1:38205`
 * (verified), so the bracketed form alone would not match.
 */
export const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\]|::1)(:\d+)?$/;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST.test(host);
}

const INSTALLED = Symbol.for("lodestar.test.nock-guard-installed");

/** Idempotent per test file (nock and the global object are per test file under Jest). */
export function installNockGuard(): void {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect(isLoopbackHost);
  nock.emitter.on("no match", onNoMatch);
}

/**
 * nock emits "no match" from three places:
 *  - `(options)`: nothing is mocked for the origin. Allowed (passes through for real) only for loopback.
 *  - `(req, options, body)`: the origin has interceptors but none matched → nock fails the request.
 *  - `(req)`: an `allowUnmocked` origin with no matching interceptor → passes through.
 * Every case except a loopback pass-through is an unmocked request.
 */
function onNoMatch(...args: unknown[]): void {
  const [first, second, third] = args as [Record<string, unknown> | undefined, Record<string, unknown> | undefined, unknown];
  const options = (args.length >= 2 ? second : first) ?? {};
  const host = hostOf(options);
  const passThrough = args.length === 1 && isLoopbackHost(host);
  if (passThrough) return;
  const body = typeof third === "string" && third !== "" ? third : undefined;
  recordUnmatched({ method: String(options["method"] ?? "GET").toUpperCase(), url: urlOf(options, host), body });
}

function hostOf(options: Record<string, unknown>): string {
  const hostname = options["hostname"];
  const port = options["port"];
  if (typeof hostname === "string" && hostname !== "") {
    const h = hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
    return port !== undefined && port !== "" ? `${h}:${String(port)}` : h;
  }
  return typeof options["host"] === "string" ? options["host"] : "";
}

function urlOf(options: Record<string, unknown>, host: string): string {
  const proto = String(options["proto"] ?? options["protocol"] ?? "http").replace(/:$/, "");
  const path = typeof options["path"] === "string" ? options["path"] : "/";
  return `${proto}://${host}${path}`;
}

export interface HttpState {
  unmatched: UnmatchedRequest[];
  pending: string[];
  recorded: RecordedRequest[];
}

export function currentHttpState(): HttpState {
  return { unmatched: unmatchedRequests(), pending: nock.pendingMocks(), recorded: recordedRequests() };
}

/** All violations for a state, as human-readable lines (empty when the test told the truth). */
export function httpViolations(state: HttpState): string[] {
  const lines: string[] = [];
  if (state.unmatched.length > 0) {
    lines.push(`${state.unmatched.length} request(s) reached nock without a matching mock:`);
    for (const u of state.unmatched) lines.push(`  - ${u.method} ${u.url}${u.body ? ` body=${truncate(u.body, 300)}` : ""}`);
  }
  if (state.pending.length > 0) {
    lines.push(`${state.pending.length} mock(s) were never used:`);
    for (const p of state.pending) lines.push(`  - ${p}`);
  }
  const contract = checkRecorded(state.recorded);
  if (contract.length > 0) {
    lines.push(`${contract.length} GitHub request(s) violate GitHub's OpenAPI description (@octokit/openapi):`);
    for (const c of contract) lines.push(`  - ${c.replace(/\n/g, "\n    ")}`);
  }
  return lines;
}

export class HttpExpectationError extends Error {
  constructor(readonly violations: string[]) {
    super(`HTTP expectations failed (test/harness/nock-guard.ts):\n${violations.join("\n")}`);
    this.name = "HttpExpectationError";
    // The location inside the harness is noise; the message says everything.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Throws `HttpExpectationError` listing every violation in `state`. */
export function assertHttpState(state: HttpState): void {
  const violations = httpViolations(state);
  if (violations.length > 0) throw new HttpExpectationError(violations);
}

/**
 * The after-each step: snapshot the state, reset nock and the recorder (always, so one failing test
 * cannot poison the next), then throw if the snapshot had violations.
 */
export function verifyHttpExpectations(): void {
  const state = currentHttpState();
  nock.cleanAll();
  nock.abortPendingRequests();
  resetRecorder();
  assertHttpState(state);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}
