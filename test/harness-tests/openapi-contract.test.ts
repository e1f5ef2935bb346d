/**
 * Tests of the OpenAPI contract checker itself: it must accept correct requests and catch each
 * class of wrong request, otherwise the after-each contract check proves nothing.
 */
import { describe, expect, it } from "@jest/globals";
import { Octokit } from "octokit";
import { checkRecorded, checkRequest, compileAllBodySchemas, contractLoadStats, findOperation } from "../harness/openapi-contract.js";
import { githubApi } from "../harness/github.js";
import { recordedRequests } from "../harness/recorder.js";

const checkRun = { name: "lodestar", head_sha: "a".repeat(40) };

describe("checkRequest: correct requests pass", () => {
  it("POST /repos/o/r/check-runs with {name, head_sha}", () => {
    expect(checkRequest({ method: "POST", path: "/repos/o/r/check-runs", body: checkRun })).toEqual([]);
    // Loading cost of the description for this test file, for the record (disk cache or full parse).
    const stats = contractLoadStats();
    expect(stats).toBeDefined();
    console.info(`openapi-contract index loaded from ${stats?.source} in ${stats?.ms.toFixed(1)} ms`);
  });

  it("a full completed check run with output and 50 annotations", () => {
    const annotations = Array.from({ length: 50 }, (_, i) => ({
      path: "src/a.ts",
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: "warning",
      message: `m${i}`,
    }));
    const body = {
      ...checkRun,
      status: "completed",
      conclusion: "success",
      completed_at: "2024-01-01T00:00:00Z",
      output: { title: "t", summary: "s".repeat(65_535), annotations },
    };
    expect(checkRequest({ method: "POST", path: "/repos/o/r/check-runs", body })).toEqual([]);
  });

  it("GET with a query string and no body", () => {
    expect(checkRequest({ method: "GET", path: "/repos/o/r/pulls?state=open&per_page=100" })).toEqual([]);
  });

  it("GHE base URL: /api/v3 prefix is stripped", () => {
    expect(
      checkRequest({ method: "POST", path: "/api/v3/repos/o/r/check-runs", body: checkRun, baseUrl: "https://ghe.example.com/api/v3" }),
    ).toEqual([]);
  });

  it("percent-encoded and multi-segment path parameters", () => {
    // Octokit encodes slashes in {path}/{ref}; GitHub also accepts them unencoded (x-multi-segment).
    expect(checkRequest({ method: "GET", path: "/repos/o/r/contents/src%2Fapp%2Findex.ts" })).toEqual([]);
    expect(checkRequest({ method: "GET", path: "/repos/o/r/contents/src/app/index.ts" })).toEqual([]);
    expect(findOperation({ method: "GET", path: "/repos/o/r/git/ref/heads%2Ffeature%2Fx" })?.params).toMatchObject({
      ref: "heads/feature/x",
    });
    expect(findOperation({ method: "GET", path: "/repos/o/r/contents/a/b.ts" })).toMatchObject({
      template: "/repos/{owner}/{repo}/contents/{path}",
      params: { owner: "o", repo: "r", path: "a/b.ts" },
    });
  });

  it("nullable fields accept null (OpenAPI 3.0 `nullable`)", () => {
    expect(checkRequest({ method: "PATCH", path: "/repos/o/r/issues/1", body: { milestone: null } })).toEqual([]);
  });

  it("installation token exchange and GraphQL", () => {
    expect(checkRequest({ method: "POST", path: "/app/installations/12345/access_tokens" })).toEqual([]);
    expect(checkRequest({ method: "POST", path: "/graphql", body: { query: "{ viewer { login } }" } })).toEqual([]);
  });
});

describe("checkRequest: wrong requests are caught", () => {
  it("unknown path (check-runz)", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/check-runz", body: checkRun });
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(/no path in GitHub's REST description matches/);
    expect(v[0]).toContain("/repos/{owner}/{repo}/check-runs"); // suggestion
  });

  it("wrong method (DELETE check-runs)", () => {
    const v = checkRequest({ method: "DELETE", path: "/repos/o/r/check-runs" });
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(/method DELETE is not defined/);
    expect(v[0]).toContain("POST");
  });

  it("missing required field (issue comment without body)", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/issues/1/comments", body: {} });
    expect(v.join("\n")).toMatch(/missing required property "body"/);
  });

  it("missing required request body altogether", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/issues/1/comments" });
    expect(v.join("\n")).toMatch(/request body is required/);
  });

  it("maxItems violated (51 annotations)", () => {
    const annotations = Array.from({ length: 51 }, (_, i) => ({
      path: "a.ts",
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: "notice",
      message: "m",
    }));
    const v = checkRequest({
      method: "POST",
      path: "/repos/o/r/check-runs",
      body: { ...checkRun, output: { title: "t", summary: "s", annotations } },
    });
    expect(v.join("\n")).toMatch(/body\.output\.annotations: 51 items exceed maxItems 50/);
  });

  it("maxLength violated (summary of 65,536 chars)", () => {
    const v = checkRequest({
      method: "POST",
      path: "/repos/o/r/check-runs",
      body: { ...checkRun, output: { title: "t", summary: "s".repeat(65_536) } },
    });
    expect(v.join("\n")).toMatch(/body\.output\.summary: length 65536 exceeds maxLength 65535/);
  });

  it("wrong enum (conclusion: 'green')", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/check-runs", body: { ...checkRun, conclusion: "green" } });
    expect(v.join("\n")).toMatch(/body\.conclusion: "green" is not one of \[/);
  });

  it("wrong type", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/issues/1/comments", body: { body: 42 } });
    expect(v.join("\n")).toMatch(/body\.body: 42 must be string/);
  });

  it("unknown (misspelled) property", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/check-runs", body: { name: "x", head_sha: "a", concluson: "success" } });
    expect(v.join("\n")).toMatch(/body\.concluson: unknown property/);
  });

  it("GET refs/heads/x is not an endpoint (GET uses git/ref/{ref})", () => {
    expect(checkRequest({ method: "GET", path: "/repos/o/r/git/refs/heads/main" }).join("\n")).toMatch(/method GET is not defined/);
  });

  it("format violated (date-time)", () => {
    const v = checkRequest({ method: "POST", path: "/repos/o/r/check-runs", body: { ...checkRun, completed_at: "yesterday" } });
    expect(v.join("\n")).toMatch(/body\.completed_at: must match format "date-time"/);
  });

  it("repeated errors across array items are reported once with a count", () => {
    const annotations = Array.from({ length: 3 }, () => ({ path: "a", start_line: 1, end_line: 1, annotation_level: "bad", message: "m" }));
    const v = checkRequest({ method: "POST", path: "/repos/o/r/check-runs", body: { ...checkRun, output: { title: "t", summary: "s", annotations } } });
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(/body\.output\.annotations\.0\.annotation_level: "bad" is not one of .* \(and 2 more like it/);
  });

  it("checkRecorded numbers violations by request", () => {
    const v = checkRecorded([
      { method: "POST", path: "/repos/o/r/check-runs", body: checkRun, baseUrl: "https://api.github.com" },
      { method: "POST", path: "/repos/o/r/check-runz", body: checkRun, baseUrl: "https://api.github.com" },
    ]);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatch(/^#2 POST \/repos\/o\/r\/check-runz/);
  });
});

describe("the description itself", () => {
  it("every request-body schema compiles with ajv after normalisation", () => {
    const { operations, failures } = compileAllBodySchemas();
    expect(failures).toEqual([]);
    expect(operations).toBeGreaterThan(300);
  });
});

describe("end to end: octokit → nock (githubApi) → recorder", () => {
  it("nock 14 intercepts octokit's fetch and the recorder sees the request", async () => {
    const scope = githubApi()
      .post("/repos/octo/demo/check-runs", (b: { name?: string }) => b.name === "lodestar")
      .reply(201, { id: 1 });
    const octokit = new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });
    const res = await octokit.rest.checks.create({ owner: "octo", repo: "demo", ...checkRun });
    expect(res.status).toBe(201);
    expect(res.data).toEqual({ id: 1 });
    expect(scope.isDone()).toBe(true);
    const recorded = recordedRequests();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: "POST",
      path: "/repos/octo/demo/check-runs",
      query: {},
      body: checkRun,
      baseUrl: "https://api.github.com",
    });
    expect(recorded[0]?.headers["authorization"]).toBe("token ghs_test");
    expect(checkRecorded(recorded)).toEqual([]);
  });

  it("octokit's own encoding of slashy path params matches the description", async () => {
    const api = githubApi();
    api.get("/repos/octo/demo/contents/docs%2Fa%20b.md").query({ ref: "main" }).reply(200, {});
    api.get("/repos/octo/demo/git/ref/heads%2Ffeature%2Fx").reply(200, {});
    api.post("/repos/octo/demo/issues/7/labels").reply(200, []);
    api.post("/repos/octo/demo/pulls/3/reviews").reply(200, {});
    const octokit = new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });
    await octokit.rest.repos.getContent({ owner: "octo", repo: "demo", path: "docs/a b.md", ref: "main" });
    await octokit.rest.git.getRef({ owner: "octo", repo: "demo", ref: "heads/feature/x" });
    await octokit.rest.issues.addLabels({ owner: "octo", repo: "demo", issue_number: 7, labels: ["lodestar"] });
    await octokit.rest.pulls.createReview({
      owner: "octo",
      repo: "demo",
      pull_number: 3,
      event: "COMMENT",
      body: "b",
      comments: [{ path: "a.ts", line: 1, side: "RIGHT", body: "c" }],
    });
    expect(recordedRequests().map((r) => r.path)).toEqual([
      "/repos/octo/demo/contents/docs%2Fa%20b.md",
      "/repos/octo/demo/git/ref/heads%2Ffeature%2Fx",
      "/repos/octo/demo/issues/7/labels",
      "/repos/octo/demo/pulls/3/reviews",
    ]);
    expect(checkRecorded(recordedRequests())).toEqual([]);
  });

  it("GHE: octokit with baseUrl …/api/v3, query strings recorded separately", async () => {
    const baseUrl = "https://ghe.example.com/api/v3";
    githubApi({ baseUrl }).get("/repos/octo/demo/pulls").query({ state: "open", per_page: "100" }).reply(200, []);
    const octokit = new Octokit({ auth: "ghs_test", baseUrl, retry: { enabled: false }, throttle: { enabled: false } });
    await octokit.rest.pulls.list({ owner: "octo", repo: "demo", state: "open", per_page: 100 });
    const [rec] = recordedRequests();
    expect(rec).toMatchObject({ method: "GET", query: { state: "open", per_page: "100" }, baseUrl });
    expect(rec?.path).toMatch(/^(\/api\/v3)?\/repos\/octo\/demo\/pulls$/);
    expect(checkRecorded(recordedRequests())).toEqual([]);
  });
});
