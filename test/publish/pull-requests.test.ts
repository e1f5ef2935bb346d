/**
 * Review-only pull requests (issue 5): one branch per proposal, a commit made with the git data
 * API, a `lodestar` PR whose body carries the evidence and the fingerprint; updated, not
 * duplicated; a PR a user closed is never proposed again; limits hold new PRs; unsafe paths,
 * bad patches and bad names are skipped without a write (FAULTS 23, 31).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import type nock from "nock";
import { Octokit } from "octokit";
import type { CycleReport } from "../../src/cycle/index.js";
import type { Proposal } from "../../src/modules/index.js";
import { applyProposal, PatchError, patchFiles, requestedModes } from "../../src/publish/github/apply-patch.js";
import {
  CLOSED_BY_USER,
  fingerprintInBody,
  openReviewPullRequests,
  proposalFingerprint,
  pullRequestBody,
  pullRequestPublisher,
  pullRequestTitle,
  type FingerprintStore,
} from "../../src/publish/github/pull-requests.js";
import type { PrFingerprint } from "../../src/state/index.js";
import { examplePayload, githubApi } from "../harness/index.js";

const example = examplePayload("pull_request", "opened");
const where = { owner: example.repository.owner.login, repo: example.repository.name };
const repoPath = `/repos/${where.owner}/${where.repo}`;
const github = () => new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });
const sha = (seed: string) => createHash("sha1").update(seed).digest("hex");
const BASE = sha("base commit");
const ROOT = sha("root tree");
const NOW = new Date("2026-03-02T12:00:00Z");
const limits = { perHour: 2, maxOpen: 5 };

const APP_BEFORE = "export function main() {\n  return 1;\n}\n";
const PATCH = [
  "diff --git a/src/app.ts b/src/app.ts",
  "index 1111111..2222222 100644",
  "--- a/src/app.ts",
  "+++ b/src/app.ts",
  "@@ -1,3 +1,3 @@",
  " export function main() {",
  "-  return 1;",
  "+  return 2;",
  " }",
  "diff --git a/docs/new.md b/docs/new.md",
  "new file mode 100644",
  "--- /dev/null",
  "+++ b/docs/new.md",
  "@@ -0,0 +1,2 @@",
  "+# New",
  "+text",
  "diff --git a/old.txt b/old.txt",
  "deleted file mode 100644",
  "--- a/old.txt",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-bye",
  "",
].join("\n");

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  module: "refactor",
  slug: "tidy-main",
  title: "Return 2 from main",
  body: "Simpler main, as @octocat asked.",
  patch: PATCH,
  files: ["src/app.ts", "docs/new.md", "old.txt"],
  evidence: [
    { kind: "command", description: "npm test: 42 passed" },
    { kind: "measurement", description: "complexity 7 → 3" },
  ],
  verified: true,
  ...over,
});
const BRANCH = "lodestar/refactor/tidy-main";

/** A pull request as the list endpoint returns it, built from the real example payload. */
function pull(over: { number: number; state?: "open" | "closed"; body?: string | null; title?: string; ref?: string; merged?: boolean; createdAt?: string; labels?: string[] }) {
  const pr = structuredClone(example.pull_request) as unknown as Record<string, any>;
  return {
    ...pr,
    number: over.number,
    state: over.state ?? "open",
    title: over.title ?? pr["title"],
    body: over.body === undefined ? pr["body"] : over.body,
    html_url: `https://github.com/${where.owner}/${where.repo}/pull/${over.number}`,
    created_at: over.createdAt ?? "2026-03-01T00:00:00Z",
    merged_at: over.merged ? "2026-03-01T01:00:00Z" : null,
    labels: (over.labels ?? []).map((name, id) => ({ id, name })),
    head: { ...pr["head"], ref: over.ref ?? BRANCH, repo: { ...pr["head"].repo, full_name: `${where.owner}/${where.repo}` } },
  };
}

/** The base branch `main` with `files` (path → text), read through refs, commits, trees and blobs. */
function mockBase(api: nock.Scope, files: Record<string, { text: string; mode?: string }>, read: string[]): nock.Scope {
  api.get(`${repoPath}/git/ref/heads%2Fmain`).reply(200, { ref: "refs/heads/main", object: { sha: BASE, type: "commit" } });
  api.get(`${repoPath}/git/commits/${BASE}`).reply(200, { sha: BASE, tree: { sha: ROOT } });
  // One tree per folder, one blob per file; only what the patch reads is mocked.
  const folders = new Map<string, { path: string; mode: string; type: string; sha: string }[]>([["", []]]);
  for (const [path, file] of Object.entries(files)) {
    const parts = path.split("/");
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join("/");
      const self = parts.slice(0, i + 1).join("/");
      const leaf = i === parts.length - 1;
      if (!leaf && folders.has(self)) continue;
      if (!leaf) folders.set(self, []);
      folders.get(parent)!.push({ path: parts[i]!, mode: leaf ? (file.mode ?? "100644") : "040000", type: leaf ? "blob" : "tree", sha: sha(leaf ? `blob ${self}` : `tree ${self}`) });
    }
  }
  const folderSha = (folder: string) => (folder === "" ? ROOT : sha(`tree ${folder}`));
  const neededFolders = new Set<string>([""]);
  for (const path of read) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length && folders.has(parts.slice(0, i).join("/")); i++) neededFolders.add(parts.slice(0, i).join("/"));
  }
  for (const folder of neededFolders) api.get(`${repoPath}/git/trees/${folderSha(folder)}`).reply(200, { sha: folderSha(folder), truncated: false, tree: folders.get(folder) });
  for (const path of read.filter((p) => p in files)) {
    api.get(`${repoPath}/git/blobs/${sha(`blob ${path}`)}`).reply(200, { sha: sha(`blob ${path}`), encoding: "base64", content: Buffer.from(files[path]!.text).toString("base64") });
  }
  return api;
}

const BASE_FILES = { "src/app.ts": { text: APP_BEFORE, mode: "100755" }, "old.txt": { text: "bye\n" }, "README.md": { text: "# Demo\n" } };

function memoryStore(records: PrFingerprint[] = []): FingerprintStore & { records: PrFingerprint[] } {
  return {
    records,
    get: (repo, fingerprint) => records.find((r) => r.repo === repo && r.fingerprint === fingerprint),
    async put(record) {
      const i = records.findIndex((r) => r.repo === record.repo && r.fingerprint === record.fingerprint);
      if (i >= 0) records[i] = record;
      else records.push(record);
    },
  };
}

const branchQuery = (branch = BRANCH) => ({ state: "all", head: `${where.owner}:${branch}`, per_page: "100" });
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

describe("openReviewPullRequests", () => {
  it("opens a new PR end to end: blobs, tree, commit on the base head, branch, PR with evidence and fingerprint, label", async () => {
    const p = proposal();
    const fp = proposalFingerprint(p);
    const seen: Record<string, any[]> = { blobs: [], tree: [], commit: [], ref: [], pull: [], label: [] };
    const api = githubApi();
    api.get(`${repoPath}/pulls`).query(branchQuery()).reply(200, [pull({ number: 3, state: "closed", body: "an older proposal\n\n<!-- lodestar:fingerprint:0123456789abcdef0123 -->" })]);
    mockBase(api, BASE_FILES, ["src/app.ts", "docs/new.md", "old.txt"]);
    api.get(`${repoPath}/pulls`).query({ state: "open", per_page: "100", page: "1" }).reply(200, [pull({ number: 8, ref: "lodestar/security/x" }), pull({ number: 9, ref: "feature/y" })]);
    api
      .get(`${repoPath}/pulls`)
      .query({ state: "all", sort: "created", direction: "desc", per_page: "100", page: "1" })
      .reply(200, [pull({ number: 8, ref: "lodestar/security/x", createdAt: "2026-03-02T11:30:00Z" }), pull({ number: 3, state: "closed", createdAt: "2026-02-01T00:00:00Z" })]);
    api.get(repoPath).reply(200, example.repository);
    api
      .post(`${repoPath}/git/blobs`, (b) => (seen.blobs!.push(b), true))
      .times(2)
      .reply(201, (_uri, b: any) => ({ sha: sha(`new ${decode(b.content)}`), url: "https://api.github.com/x" }));
    api.post(`${repoPath}/git/trees`, (b) => (seen.tree!.push(b), true)).reply(201, { sha: sha("new tree"), url: "x", tree: [] });
    api.post(`${repoPath}/git/commits`, (b) => (seen.commit!.push(b), true)).reply(201, { sha: sha("new commit") });
    api.post(`${repoPath}/git/refs`, (b) => (seen.ref!.push(b), true)).reply(201, { ref: `refs/heads/${BRANCH}`, object: { sha: sha("new commit") } });
    api.post(`${repoPath}/pulls`, (b) => (seen.pull!.push(b), true)).reply(201, { number: 12, html_url: `https://github.com/${where.owner}/${where.repo}/pull/12` });
    api.post(`${repoPath}/issues/12/labels`, (b) => (seen.label!.push(b), true)).reply(200, [{ name: "lodestar" }]);
    const store = memoryStore();

    const [outcome] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", limits, store, now: () => NOW, evidenceFooter: "Cost: $0.00 — local model only." });

    expect(outcome).toMatchObject({ outcome: "opened", number: 12, branch: BRANCH, fingerprint: fp, url: expect.stringContaining("/pull/12") });
    expect(seen.blobs!.map((b) => [b.encoding, decode(b.content)])).toEqual([
      ["base64", "export function main() {\n  return 2;\n}\n"],
      ["base64", "# New\ntext\n"],
    ]);
    expect(seen.tree![0]).toEqual({
      base_tree: ROOT,
      tree: [
        { path: "src/app.ts", mode: "100755", type: "blob", sha: sha("new export function main() {\n  return 2;\n}\n") },
        { path: "docs/new.md", mode: "100644", type: "blob", sha: sha("new # New\ntext\n") },
        { path: "old.txt", mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(seen.commit![0]).toMatchObject({ tree: sha("new tree"), parents: [BASE] });
    expect(seen.commit![0].message).toContain(`Lodestar-Fingerprint: ${fp}`);
    expect(seen.ref).toEqual([{ ref: `refs/heads/${BRANCH}`, sha: sha("new commit") }]);
    const [created] = seen.pull!;
    expect(created).toMatchObject({ title: "Return 2 from main", head: BRANCH, base: "main" });
    expect(Object.keys(created)).not.toContain("maintainer_can_modify");
    expect(created.body).toContain("as @\u200Boctocat asked");
    expect(created.body).not.toMatch(/@octocat/);
    expect(created.body).toContain("- **command**: npm test: 42 passed");
    expect(created.body).toContain("- **measurement**: complexity 7 → 3");
    expect(created.body).toContain("Review-only: Lodestar never merges");
    expect(created.body).toContain("Cost: $0.00 — local model only.");
    expect(created.body.endsWith(`<!-- lodestar:fingerprint:${fp} -->`)).toBe(true);
    expect(seen.label).toEqual([{ labels: ["lodestar"] }]);
    expect(store.records).toEqual([{ repo: `${where.owner}/${where.repo}`, fingerprint: fp, branch: BRANCH, pr: 12, state: "open" }]);
  });

  it("leaves an open PR with the same fingerprint alone: no commit, no ref, no new PR", async () => {
    const p = proposal();
    const fp = proposalFingerprint(p);
    githubApi()
      .get(`${repoPath}/pulls`)
      .query(branchQuery())
      .reply(200, [pull({ number: 12, title: pullRequestTitle(p), body: pullRequestBody(p, fp), labels: ["lodestar"] })]);
    const [outcome] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "unchanged", number: 12 });
  });

  it("refreshes only the body of an unchanged PR whose text is stale", async () => {
    const p = proposal();
    const fp = proposalFingerprint(p);
    let edit: any;
    githubApi()
      .get(`${repoPath}/pulls`)
      .query(branchQuery())
      .reply(200, [pull({ number: 12, title: pullRequestTitle(p), body: pullRequestBody(p, fp, "Cost: old"), labels: ["lodestar"] })])
      .patch(`${repoPath}/pulls/12`, (b) => ((edit = b), true))
      .reply(200, {});
    const [outcome] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", limits, evidenceFooter: "Cost: new" });
    expect(outcome).toMatchObject({ outcome: "unchanged", number: 12 });
    expect(edit.body).toContain("Cost: new");
    expect(fingerprintInBody(edit.body)).toBe(fp);
  });

  it("updates the open PR when the content changed: a new commit on the base head, the branch force-moved, the body replaced", async () => {
    const p = proposal();
    const fp = proposalFingerprint(p);
    let ref: any;
    let edit: any;
    const api = githubApi();
    const open = pull({ number: 12, body: "old\n\n<!-- lodestar:fingerprint:aaaaaaaaaaaaaaaaaaaaaaaa -->", labels: ["lodestar"] });
    api.get(`${repoPath}/pulls`).query(branchQuery()).reply(200, [open]);
    api.get(`${repoPath}/git/commits/${open.head.sha}`).reply(200, { sha: open.head.sha, message: "Old proposal\n\nLodestar-Fingerprint: aaaaaaaaaaaaaaaaaaaaaaaa" });
    mockBase(api, BASE_FILES, ["src/app.ts", "docs/new.md", "old.txt"]);
    api.post(`${repoPath}/git/blobs`).times(2).reply(201, { sha: sha("blob"), url: "x" });
    api.post(`${repoPath}/git/trees`).reply(201, { sha: sha("new tree"), url: "x", tree: [] });
    api.post(`${repoPath}/git/commits`, (b) => b.parents[0] === BASE).reply(201, { sha: sha("new commit") });
    api.patch(`${repoPath}/git/refs/heads%2Flodestar%2Frefactor%2Ftidy-main`, (b) => ((ref = b), true)).reply(200, { ref: `refs/heads/${BRANCH}`, object: { sha: sha("new commit") } });
    api.patch(`${repoPath}/pulls/12`, (b) => ((edit = b), true)).reply(200, {});
    const store = memoryStore();

    const [outcome] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", defaultBranch: "main", limits, store });

    expect(outcome).toMatchObject({ outcome: "updated", number: 12 });
    expect(ref).toEqual({ sha: sha("new commit"), force: true });
    expect(fingerprintInBody(edit.body)).toBe(fp);
    expect(edit.title).toBe("Return 2 from main");
    expect(store.records).toEqual([expect.objectContaining({ fingerprint: fp, pr: 12, state: "open" })]);
  });

  it("does not overwrite commits a person pushed to the proposal's branch", async () => {
    const p = proposal();
    const open = pull({ number: 12, body: "old\n\n<!-- lodestar:fingerprint:aaaaaaaaaaaaaaaaaaaaaaaa -->", labels: ["lodestar"] });
    const api = githubApi();
    api.get(`${repoPath}/pulls`).query(branchQuery()).reply(200, [open]);
    api.get(`${repoPath}/git/commits/${open.head.sha}`).reply(200, { sha: open.head.sha, message: "fix the test by hand" });
    mockBase(api, BASE_FILES, ["src/app.ts", "docs/new.md", "old.txt"]);
    const [outcome] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", defaultBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", number: 12, reason: `someone pushed to ${BRANCH} (#12): Lodestar does not overwrite their commits` });
  });

  it("keeps model text from closing issues when the PR is merged", () => {
    const body = pullRequestBody(proposal({ body: "Fixes #12 and closes octo/demo#3; resolves: https://github.com/o/r/issues/4. Fix the bug." }), "f".repeat(24));
    expect(body).not.toMatch(/\b(fixes|closes|resolves)\b/i);
    expect(body).toContain("F\u200Bixes #12");
    expect(body).toContain("Fix the bug.");
  });

  it("never proposes again a change a user closed, and remembers it so the next cycle asks nothing", async () => {
    const p = proposal();
    const fp = proposalFingerprint(p);
    githubApi()
      .get(`${repoPath}/pulls`)
      .query(branchQuery())
      .reply(200, [pull({ number: 12, state: "closed", body: pullRequestBody(p, fp) })]);
    const store = memoryStore();
    const [first] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", limits, store });
    expect(first).toMatchObject({ outcome: "skipped", reason: CLOSED_BY_USER, number: 12 });
    expect(store.records).toEqual([{ repo: `${where.owner}/${where.repo}`, fingerprint: fp, branch: BRANCH, pr: 12, state: "closed", closedByUser: true }]);

    // No mock: any request now would fail the test.
    const [again] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", limits, store });
    expect(again).toMatchObject({ outcome: "skipped", reason: CLOSED_BY_USER });
  });

  it("does not propose a change that was already merged", async () => {
    const p = proposal();
    githubApi()
      .get(`${repoPath}/pulls`)
      .query(branchQuery())
      .reply(200, [pull({ number: 12, state: "closed", merged: true, body: pullRequestBody(p, proposalFingerprint(p)) })]);
    const [outcome] = await openReviewPullRequests(github(), where, [p], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", reason: "already merged in #12" });
  });

  it("never overwrites a PR on its branch that Lodestar did not open", async () => {
    githubApi().get(`${repoPath}/pulls`).query(branchQuery()).reply(200, [pull({ number: 4, body: "my own work" })]);
    const [outcome] = await openReviewPullRequests(github(), where, [proposal()], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", reason: `#4 on ${BRANCH} was not opened by Lodestar` });
  });

  const small = (slug: string) =>
    proposal({ slug, files: ["README.md"], patch: "--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # Demo\n+More.\n" });

  it("holds a new PR when max-open Lodestar PRs are open; PRs of people do not count", async () => {
    const api = githubApi();
    api.get(`${repoPath}/pulls`).query(branchQuery("lodestar/refactor/readme")).reply(200, []);
    mockBase(api, BASE_FILES, ["README.md"]);
    const open = [1, 2, 3].map((n) => pull({ number: n, ref: `lodestar/tests/t${n}` }));
    api.get(`${repoPath}/pulls`).query({ state: "open", per_page: "100", page: "1" }).reply(200, [...open, pull({ number: 9, ref: "feature/z" })]);
    api.get(`${repoPath}/pulls`).query({ state: "all", sort: "created", direction: "desc", per_page: "100", page: "1" }).reply(200, []);
    const [outcome] = await openReviewPullRequests(github(), where, [small("readme")], { baseBranch: "main", limits: { perHour: 2, maxOpen: 3 }, now: () => NOW });
    expect(outcome).toMatchObject({ outcome: "held", reason: expect.stringContaining("the limit is 3 (pull-requests.max-open)") });
  });

  it("holds a new PR when per-hour Lodestar PRs were opened in the last hour", async () => {
    const api = githubApi();
    api.get(`${repoPath}/pulls`).query(branchQuery("lodestar/refactor/readme")).reply(200, []);
    mockBase(api, BASE_FILES, ["README.md"]);
    api.get(`${repoPath}/pulls`).query({ state: "open", per_page: "100", page: "1" }).reply(200, [pull({ number: 7, ref: "lodestar/tests/a" })]);
    api
      .get(`${repoPath}/pulls`)
      .query({ state: "all", sort: "created", direction: "desc", per_page: "100", page: "1" })
      .reply(200, [
        pull({ number: 8, ref: "feature/human", createdAt: "2026-03-02T11:58:00Z" }),
        pull({ number: 7, ref: "lodestar/tests/a", createdAt: "2026-03-02T11:40:00Z" }),
        pull({ number: 6, state: "closed", ref: "lodestar/tests/b", createdAt: "2026-03-02T11:10:00Z" }),
        pull({ number: 5, state: "closed", ref: "lodestar/tests/c", createdAt: "2026-03-02T10:30:00Z" }),
      ]);
    const [outcome] = await openReviewPullRequests(github(), where, [small("readme")], { baseBranch: "main", limits: { perHour: 2, maxOpen: 5 }, now: () => NOW });
    expect(outcome).toMatchObject({ outcome: "held", reason: expect.stringContaining("2 Lodestar pull requests were opened in the last hour, the limit is 2 (pull-requests.per-hour)") });
  });

  it.each([
    ["a listed workflow file", { files: [".github/workflows/ci.yml"] }, /\.github\/workflows/],
    ["a workflow file only the diff names", { patch: "--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-a\n+b\n" }, /\.github\/workflows/],
    ["CODEOWNERS", { patch: "--- /dev/null\n+++ b/CODEOWNERS\n@@ -0,0 +1 @@\n+* @someone\n" }, /CODEOWNERS/],
    ["a path outside the repository", { files: ["../x"] }, /leaves the repository/],
  ])("skips %s without any request", async (_name, over, reason) => {
    const [outcome] = await openReviewPullRequests(github(), where, [proposal(over)], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", reason: expect.stringMatching(reason) });
  });

  it("skips a patch whose hunk does not apply to the base branch, with the file named, and writes nothing", async () => {
    const api = githubApi();
    api.get(`${repoPath}/pulls`).query(branchQuery()).reply(200, []);
    mockBase(api, { ...BASE_FILES, "src/app.ts": { text: "export function main() {\n  return 5;\n}\n" } }, ["src/app.ts", "docs/new.md", "old.txt"]);
    const [outcome] = await openReviewPullRequests(github(), where, [proposal()], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", reason: expect.stringContaining('the patch does not apply to "src/app.ts"') });
  });

  it.each([
    ["an upper-case slug", { slug: "Tidy" }],
    ["a slug with a space", { slug: "tidy main" }],
    ["a slug ending in .lock", { slug: "tidy.lock" }],
    ["a slug with a path", { slug: "../main" }],
    ["a module starting with a dash", { module: "-x" }],
  ])("skips %s without any request", async (_name, over) => {
    const [outcome] = await openReviewPullRequests(github(), where, [proposal(over)], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", reason: expect.stringContaining("branch name invalid") });
  });

  it("skips an unverified proposal without any request", async () => {
    const [outcome] = await openReviewPullRequests(github(), where, [proposal({ verified: false })], { baseBranch: "main", limits });
    expect(outcome).toMatchObject({ outcome: "skipped", reason: expect.stringContaining("not verified") });
  });

  it("stops after GitHub refuses the token: later proposals are not attempted", async () => {
    githubApi().get(`${repoPath}/pulls`).query(branchQuery()).reply(401, { message: "Bad credentials" });
    const outcomes = await openReviewPullRequests(github(), where, [proposal(), small("readme")], { baseBranch: "main", limits });
    expect(outcomes.map((o) => [o.outcome, o.reason])).toEqual([
      ["failed", expect.stringContaining("GitHub answered 401")],
      ["failed", expect.stringContaining("not attempted: GitHub answered 401")],
    ]);
  });
});

describe("pullRequestPublisher", () => {
  it("publishes the report's proposals and describes each outcome", async () => {
    const p = proposal();
    githubApi()
      .get(`${repoPath}/pulls`)
      .query(branchQuery())
      .reply(200, [pull({ number: 12, title: pullRequestTitle(p), body: pullRequestBody(p, proposalFingerprint(p)), labels: ["lodestar"] })]);
    let outcomes: unknown[] = [];
    const publisher = pullRequestPublisher(github(), where, { baseBranch: "main", limits, onOutcomes: (o) => (outcomes = o) });
    const report = { proposals: [p, proposal({ slug: "Bad" })] } as unknown as CycleReport;
    const { description } = await publisher.publish(report);
    expect(publisher.name).toBe("pull-requests");
    expect(description).toMatch(/^pull requests: 1 unchanged, 1 skipped — /);
    expect(description).toContain(`unchanged ${BRANCH} (#12)`);
    expect(description).toContain("skipped lodestar/refactor/Bad: branch name invalid");
    expect(outcomes).toHaveLength(2);
  });

  it("says so when there is nothing to open", async () => {
    const publisher = pullRequestPublisher(github(), where, { baseBranch: "main", limits });
    const { description } = await publisher.publish({ proposals: [] } as unknown as CycleReport);
    expect(description).toBe("no proposals to open as pull requests");
  });
});

describe("proposalFingerprint", () => {
  it("ignores line endings, header dates, index lines, hunk positions and trailing header spaces; not content or module", () => {
    const fp = proposalFingerprint(proposal());
    const variant = PATCH.replace("index 1111111..2222222 100644", "index 3333333..4444444 100644")
      .replace("--- a/src/app.ts", "--- a/src/app.ts   ")
      .replace("+++ b/src/app.ts", "+++ b/src/app.ts\t2026-03-01 10:00:00.000000000 +0000")
      .replace("@@ -1,3 +1,3 @@", "@@ -10,3 +10,3 @@")
      .replace(/\n/g, "\r\n");
    expect(proposalFingerprint(proposal({ patch: variant }))).toBe(fp);
    expect(proposalFingerprint(proposal({ patch: PATCH.replace("+  return 2;", "+  return 3;") }))).not.toBe(fp);
    expect(proposalFingerprint(proposal({ patch: PATCH.replace("+  return 2;", "+  return 2; ") }))).not.toBe(fp);
    expect(proposalFingerprint(proposal({ module: "tests" }))).not.toBe(fp);
    expect(fp).toMatch(/^[0-9a-f]{24}$/);
  });

  it("still gives an identity to a patch that cannot be read", () => {
    expect(proposalFingerprint(proposal({ patch: "@@ -1 +1 @@\n-a\n+b\n+c\n" }))).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe("applyProposal", () => {
  const base = new Map<string, string | null>([
    ["src/app.ts", APP_BEFORE],
    ["docs/new.md", null],
    ["old.txt", "bye\n"],
  ]);

  it("changes, creates and deletes files (null = deleted), from the base text only", () => {
    expect(patchFiles(PATCH)).toEqual(["src/app.ts", "docs/new.md", "old.txt"]);
    expect([...applyProposal(base, PATCH)]).toEqual([
      ["src/app.ts", "export function main() {\n  return 2;\n}\n"],
      ["docs/new.md", "# New\ntext\n"],
      ["old.txt", null],
    ]);
    expect(base.get("src/app.ts")).toBe(APP_BEFORE);
  });

  it("keeps a CRLF file CRLF when the patch has LF lines", () => {
    const crlf = new Map([["src/app.ts", APP_BEFORE.replace(/\n/g, "\r\n")]]);
    const only = PATCH.split("diff --git a/docs")[0]!;
    expect(applyProposal(crlf, only).get("src/app.ts")).toBe("export function main() {\r\n  return 2;\r\n}\r\n");
  });

  it("renames, and applies a rename swap", () => {
    const swap = "diff --git a/a.txt b/b.txt\nsimilarity index 100%\nrename from a.txt\nrename to b.txt\ndiff --git a/b.txt b/a.txt\nsimilarity index 100%\nrename from b.txt\nrename to a.txt\n";
    expect(Object.fromEntries(applyProposal(new Map([["a.txt", "A\n"], ["b.txt", "B\n"]]), swap))).toEqual({ "a.txt": "B\n", "b.txt": "A\n" });
    const rename = "diff --git a/a.txt b/c.txt\nsimilarity index 100%\nrename from a.txt\nrename to c.txt\n";
    expect(Object.fromEntries(applyProposal(new Map([["a.txt", "A\n"], ["c.txt", null]]), rename))).toEqual({ "a.txt": null, "c.txt": "A\n" });
  });

  it.each([
    ["a hunk whose removed line is not there", new Map([["src/app.ts", "other\n"], ["docs/new.md", null], ["old.txt", "bye\n"]]), PATCH, /does not apply to "src\/app\.ts"/],
    ["a created file that exists", new Map([["src/app.ts", APP_BEFORE], ["docs/new.md", "x\n"], ["old.txt", "bye\n"]]), PATCH, /creates "docs\/new\.md", which already exists/],
    ["a changed file that is missing", new Map([["src/app.ts", null], ["docs/new.md", null], ["old.txt", "bye\n"]]), PATCH, /"src\/app\.ts", which does not exist/],
    ["a hunk count that lies", new Map(), "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n", /cannot be read/],
    ["a patch with no file", new Map(), "just words\n", /changes no file/],
    ["a binary change", new Map([["i.png", null]]), "diff --git a/i.png b/i.png\nnew file mode 100644\nBinary files /dev/null and b/i.png differ\n", /binary/],
  ])("throws a PatchError for %s", (_name, files, patch, message) => {
    expect(() => applyProposal(files, patch)).toThrow(PatchError);
    expect(() => applyProposal(files, patch)).toThrow(message);
  });

  it("refuses a symlink or submodule mode, keeps an executable one", () => {
    expect(requestedModes("diff --git a/run.sh b/run.sh\nnew file mode 100755\n--- /dev/null\n+++ b/run.sh\n@@ -0,0 +1 @@\n+echo\n")).toEqual(new Map([["run.sh", "100755"]]));
    expect(() => requestedModes("diff --git a/l b/l\nnew file mode 120000\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc/passwd\n")).toThrow(/mode 120000/);
  });
});
