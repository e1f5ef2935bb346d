/** What the action writes after a cycle: PR states brought up to date, held proposals as decisions. */
import { afterEach, beforeEach, expect, it } from "@jest/globals";
import { Octokit } from "octokit";
import { decisionsFrom, refreshPullRequests, stateFingerprintStore } from "../../src/action/publish-github.js";
import type { PrOutcome } from "../../src/publish/github/pull-requests.js";
import { openState } from "../../src/state/index.js";
import { examplePayload, githubApi } from "../harness/index.js";
import { tempDir } from "../helpers/cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => void ({ dir, cleanup } = await tempDir("lodestar-publish-")));
afterEach(() => cleanup());

const where = { owner: "octo", repo: "demo" };
const github = () => new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });
const pr = (number: number, state: "open" | "closed", merged: boolean) => {
  const p = structuredClone(examplePayload("pull_request", "opened").pull_request) as unknown as Record<string, unknown>;
  return { ...p, number, state, merged_at: merged ? "2026-11-20T10:00:00Z" : null };
};

it("records which of its open PRs were merged, and which a person closed (never proposed again)", async () => {
  const state = await openState({ dir });
  const store = stateFingerprintStore(state);
  await store.put({ repo: "octo/demo", fingerprint: "a".repeat(24), branch: "lodestar/tests/a", pr: 5, state: "open" });
  await store.put({ repo: "octo/demo", fingerprint: "b".repeat(24), branch: "lodestar/tests/b", pr: 6, state: "open" });
  await store.put({ repo: "octo/demo", fingerprint: "c".repeat(24), branch: "lodestar/tests/c", pr: 7, state: "open" });
  await store.put({ repo: "other/repo", fingerprint: "d".repeat(24), branch: "lodestar/tests/d", pr: 5, state: "open" });
  githubApi()
    .get("/repos/octo/demo/pulls/5")
    .reply(200, pr(5, "closed", true))
    .get("/repos/octo/demo/pulls/6")
    .reply(200, pr(6, "closed", false))
    .get("/repos/octo/demo/pulls/7")
    .reply(502, { message: "Bad Gateway" });
  await refreshPullRequests(github(), where, state);
  const reopened = await openState({ dir });
  expect(reopened.data.fingerprints.map((f) => [f.repo, f.pr, f.state, f.closedByUser ?? false])).toEqual([
    ["octo/demo", 5, "merged", false],
    ["octo/demo", 6, "closed", true],
    ["octo/demo", 7, "open", false],
    ["other/repo", 5, "open", false],
  ]);
});

it("turns proposals held by the PR limits into decisions a person can tick", () => {
  const outcome = (module: string, outcome: PrOutcome["outcome"]): PrOutcome => ({
    proposal: { module, slug: "s", title: "Cover parser.ts", body: "", patch: "", files: ["src/parser.ts"], evidence: [], verified: true },
    fingerprint: "0123456789abcdef01234567",
    outcome,
    reason: "5 Lodestar pull requests are open, the limit is 5 (pull-requests.max-open)",
    branch: `lodestar/${module}/s`,
  });
  expect(decisionsFrom([outcome("tests", "held"), outcome("refactor", "opened"), outcome("security", "held")])).toEqual([
    {
      id: "0123456789abcdef",
      title: 'Open the held proposal "Cover parser.ts" (5 Lodestar pull requests are open, the limit is 5 (pull-requests.max-open))',
      command: "tests",
      args: "src/parser.ts",
    },
  ]);
});
