/**
 * "No unmocked request, no unused mock": the checks are exercised directly (fast) and, once, end to
 * end in a child Jest over fixtures/after-each-failures.fixture.ts to prove a violation detected in
 * afterEach really fails the test under Jest 30.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { githubApi } from "../harness/github.js";
import {
  HttpExpectationError,
  assertHttpState,
  currentHttpState,
  httpViolations,
  isLoopbackHost,
} from "../harness/nock-guard.js";
import { resetRecorder, unmatchedRequests } from "../harness/recorder.js";

/** Run the check on the current state, then clean up so this test's own afterEach passes. */
function checkAndReset(): string[] {
  const violations = httpViolations(currentHttpState());
  nock.cleanAll();
  resetRecorder();
  return violations;
}

describe("nock guard (direct)", () => {
  it("loopback matcher accepts what nock passes (host:port) and nothing else", () => {
    for (const h of ["localhost", "localhost:3000", "127.0.0.1:11434", "[::1]:8080", "::1:8080"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["api.github.com:443", "localhost.evil.com:80", "127.0.0.2:80", "10.0.0.1:80", "example.com"]) expect(isLoopbackHost(h)).toBe(false);
  });

  it("an unused mock is a violation", () => {
    githubApi().get("/repos/o/r").reply(200, {});
    const v = checkAndReset();
    expect(v.join("\n")).toMatch(/1 mock\(s\) were never used:\n {2}- GET https:\/\/api\.github\.com:443\/repos\/o\/r/);
  });

  it("an unmocked request is a violation even when its error is swallowed", async () => {
    await fetch("https://api.github.com/zen").catch(() => undefined);
    expect(unmatchedRequests()).toEqual([expect.objectContaining({ method: "GET", url: "https://api.github.com:443/zen" })]);
    const v = checkAndReset();
    expect(v.join("\n")).toMatch(/1 request\(s\) reached nock without a matching mock:\n {2}- GET https:\/\/api\.github\.com:443\/zen/);
  });

  it("a request that matches no interceptor of a mocked host is a violation (with its body)", async () => {
    githubApi().post("/repos/o/r/issues", { title: "a" }).optionally().reply(201, {});
    const res = await fetch("https://api.github.com/repos/o/r/issues", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "b" }),
    }).catch((e: unknown) => e);
    expect(res).toBeInstanceOf(Error);
    const v = checkAndReset();
    expect(v.join("\n")).toMatch(/POST https:\/\/api\.github\.com:443\/repos\/o\/r\/issues body=\{"title":"b"\}/);
  });

  it("assertHttpState throws an HttpExpectationError listing everything", () => {
    const state = { unmatched: [{ method: "GET", url: "https://x.test/a" }], pending: ["GET https://api.github.com:443/b"], recorded: [] };
    expect(() => assertHttpState(state)).toThrow(HttpExpectationError);
    expect(() => assertHttpState(state)).toThrow(/reached nock without a matching mock[\s\S]*x\.test\/a[\s\S]*never used[\s\S]*\/b/);
    expect(() => assertHttpState({ unmatched: [], pending: [], recorded: [] })).not.toThrow();
  });

  it("contract violations of recorded requests are reported", () => {
    const v = httpViolations({
      unmatched: [],
      pending: [],
      recorded: [{ method: "POST", path: "/repos/o/r/check-runz", query: {}, body: {}, baseUrl: "https://api.github.com", headers: {} }],
    });
    expect(v.join("\n")).toMatch(/violate GitHub's OpenAPI description[\s\S]*check-runz/);
  });

  it("loopback requests pass through for real and are not violations", async () => {
    const server = createServer((_req, res) => res.end("pong"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/x`)).text()).toBe("pong");
      expect(unmatchedRequests()).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("after-each guard (child Jest over a fixture)", () => {
  it("fails exactly the tests that break the rules, with the violations in the message", () => {
    const dir = mkdtempSync(join(tmpdir(), "lodestar-guard-"));
    const outputFile = join(dir, "result.json");
    try {
      const child = spawnSync(
        process.execPath,
        [
          "--experimental-vm-modules",
          "--no-warnings=ExperimentalWarning",
          "node_modules/jest/bin/jest.js",
          "--ci",
          "--runInBand",
          "--json",
          `--outputFile=${outputFile}`,
          "--testMatch",
          "<rootDir>/test/harness-tests/fixtures/after-each-failures.fixture.ts",
        ],
        { cwd: process.cwd(), encoding: "utf8", timeout: 60_000, env: { ...process.env, FORCE_COLOR: "0" } },
      );
      expect(child.status).toBe(1);
      const result = JSON.parse(readFileSync(outputFile, "utf8")) as {
        testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>;
      };
      const byTitle = new Map(result.testResults.flatMap((f) => f.assertionResults).map((a) => [a.title, a]));
      const failure = (title: string) => {
        const a = byTitle.get(title);
        expect(a).toBeDefined();
        expect(a?.status).toBe("failed");
        return a?.failureMessages.join("\n") ?? "";
      };
      expect(failure("unused mock")).toMatch(/never used:\s+- GET https:\/\/api\.github\.com:443\/repos\/o\/r/);
      expect(failure("unmocked request whose error the code under test swallows")).toMatch(
        /without a matching mock:\s+- GET https:\/\/api\.github\.com:443\/zen/,
      );
      expect(failure("unmocked request via node:https")).toMatch(/without a matching mock:\s+- GET https:\/\/example\.com:443\/ping/);
      expect(failure("request that matches no interceptor on a mocked host")).toMatch(/GET https:\/\/api\.github\.com:443\/repos\/o\/r\/pulls/);
      expect(failure("contract violation")).toMatch(/body\.conclusion: "green" is not one of/);
      expect(byTitle.get("clean test passes and starts from a clean slate")?.status).toBe("passed");
      expect(byTitle.get("loopback servers are reachable for real")?.status).toBe("passed");
      expect(byTitle.size).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
