/**
 * The GitHub fake: nock scopes that record every request they answer, so the after-each contract
 * check (test/setup/after-env.ts) can validate it against GitHub's OpenAPI description.
 *
 * Always create GitHub mocks through `githubApi()` (never bare `nock("https://api.github.com")`),
 * otherwise the contract check cannot see the requests.
 */
import nock from "nock";
import { recordRequest } from "./recorder.js";
import type { RecordedRequest } from "./recorder.js";
import { TEST_INSTALLATION_ID } from "./payloads.js";

export const GITHUB_API_URL = "https://api.github.com";

export interface GithubApiOptions {
  /** Defaults to `https://api.github.com`; GHE is `http(s)://HOST/api/v3`. */
  baseUrl?: string;
  /** Passed through to nock (e.g. `reqheaders`). `allowUnmocked` is refused: every request must be mocked. */
  nockOptions?: Omit<nock.Options, "allowUnmocked">;
}

/**
 * A nock scope for the GitHub REST API. Interceptor paths are relative to the base URL, so for GHE
 * (`https://ghe.example.com/api/v3`) you still write `.post("/repos/o/r/check-runs")`.
 */
export function githubApi(options: GithubApiOptions = {}): nock.Scope {
  const baseUrl = (options.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, "");
  if (options.nockOptions && "allowUnmocked" in options.nockOptions) {
    throw new Error("githubApi(): allowUnmocked is not allowed; mock every request the test expects");
  }
  const scope = nock(baseUrl, options.nockOptions);
  scope.on("request", (req: unknown, _interceptor: unknown, body: unknown) => {
    recordRequest(describeInterceptedRequest(req, typeof body === "string" ? body : "", baseUrl));
  });
  return scope;
}

function describeInterceptedRequest(req: unknown, rawBody: string, baseUrl: string): RecordedRequest {
  const r = req as {
    method?: string;
    path?: string;
    options?: { path?: string; method?: string; headers?: Record<string, unknown> };
    headers?: Record<string, unknown>;
    getHeaders?: () => Record<string, unknown>;
  };
  const method = (r.method ?? r.options?.method ?? "GET").toUpperCase();
  const fullPath = r.path ?? r.options?.path ?? "/";
  const url = new URL(fullPath, "http://placeholder.invalid");
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const headers: Record<string, string> = {};
  const rawHeaders = (typeof r.getHeaders === "function" ? r.getHeaders() : undefined) ?? r.headers ?? r.options?.headers ?? {};
  for (const [k, v] of Object.entries(rawHeaders)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  // The path as sent, percent-encoding kept (the checker decodes per segment); for GHE it includes /api/v3.
  let path = fullPath.split("?")[0] ?? "/";
  if (!path.startsWith("/")) path = `/${path}`;
  return { method, path, query, body: parseBody(rawBody), baseUrl, headers };
}

function parseBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Permissions the fake installation token reports by default (override per test when permissions matter). */
export const TEST_TOKEN_PERMISSIONS = {
  checks: "write",
  contents: "write",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
  statuses: "write",
} as const;

/**
 * Mock the installation-token exchange Probot performs before its first API call for an
 * installation: `POST /app/installations/{id}/access_tokens` → 201. Probot caches tokens per
 * installation inside one Probot instance, so mock it once per Probot instance and installation.
 */
export function mockInstallationToken(
  scope: nock.Scope,
  installationId: number = TEST_INSTALLATION_ID,
  permissions: Record<string, string> = TEST_TOKEN_PERMISSIONS,
): nock.Scope {
  return scope.post(`/app/installations/${installationId}/access_tokens`).reply(201, {
    token: "ghs_test",
    expires_at: new Date(Date.now() + 60 * 60 * 1000).toISOString(),
    permissions,
    repository_selection: "all",
  });
}

/**
 * Expects the 👀 reaction Lodestar puts on a `/lodestar` comment on receipt; records the body
 * in `seen` when given.
 */
export function mockCommentReaction(scope: nock.Scope, repository: { owner: { login: string } | null; name: string }, commentId: number, seen?: unknown[]): nock.Scope {
  return scope
    .post(`/repos/${repository.owner!.login}/${repository.name}/issues/comments/${commentId}/reactions`, (body) => (seen?.push(body), true))
    .reply(201, { id: 1, node_id: "R_1", content: "eyes" });
}
