/**
 * The fake GitHub answers a real Octokit (and Probot, and the app's JWT flow) like GitHub does,
 * keeps what was written, checks every request against GitHub's OpenAPI description, and records
 * merges, default-branch pushes and workflow writes as violations.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { App, Octokit } from "octokit";
import { createTestProbot, exampleEvent, TEST_APP_ID, TEST_INSTALLATION_ID, TEST_PRIVATE_KEY } from "../harness/index.js";
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from "./fake-github.js";

const REPO = "octo-org/widgets";
const where = { owner: "octo-org", repo: "widgets" };

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

async function start(options: FakeGitHubOptions = {}): Promise<{ fake: FakeGitHub; octokit: Octokit }> {
  gh = await startFakeGitHub({ files: { "README.md": "# Widgets\n", "src/index.ts": "export const one = 1;\n" }, ...options });
  // No retries or throttling: a retried request would show up twice in `requests`.
  return { fake: gh, octokit: new Octokit({ auth: "x", baseUrl: gh.apiUrl, retry: { enabled: false }, throttle: { enabled: false } }) };
}

/** The status of a request that octokit rejects. */
async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe("fake GitHub: issues and comments", () => {
  it("creates, lists by label newest first, patches, and shows who closed an issue", async () => {
    const { fake, octokit } = await start();
    const first = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "Onboarding", body: "hello", labels: ["lodestar"] });
    const second = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "Summary", labels: ["lodestar", "summary"] });
    await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "Unlabelled" });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ number: 1, state: "open", user: { login: "lodestar[bot]", type: "Bot" }, labels: [{ name: "lodestar" }] });
    expect(first.data.html_url).toBe(`${fake.url}/${REPO}/issues/1`);

    const listed = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...where, labels: "lodestar", state: "all", per_page: 100, page: 1 });
    expect(listed.data.map((i) => i.number)).toEqual([second.data.number, first.data.number]);
    // Like GitHub, the list does not say who closed an issue; the single issue does.
    expect(listed.data[0]).not.toHaveProperty("closed_by");

    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: 1, body: "updated" });
    fake.state.closeAsUser(REPO, 1, "octocat");
    const closed = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: 1 });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "completed", body: "updated", closed_by: { login: "octocat", type: "User" } });

    const open = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...where, labels: "lodestar" });
    expect(open.data.map((i) => i.number)).toEqual([2]);

    // The bot closing one is recorded as the bot.
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: 2, state: "closed", state_reason: "not_planned" });
    expect(fake.state.issues(REPO).map((i) => [i.number, i.state, i.state_reason, i.closed_by?.type ?? null])).toEqual([
      [1, "closed", "completed", "User"],
      [2, "closed", "not_planned", "Bot"],
      [3, "open", null, null],
    ]);
    expect(fake.violations).toEqual([]);
    expect(fake.unhandled).toEqual([]);
    expect(fake.requests.map((r) => `${r.method} ${r.route} ${r.status}`)).toContain("PATCH /repos/{owner}/{repo}/issues/{issue_number} 200");
  });

  it("pages lists with a link header, like GitHub", async () => {
    const { fake, octokit } = await start();
    for (const title of ["a", "b", "c"]) await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title });
    const page1 = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...where, per_page: 2 });
    expect(page1.data.map((i) => i.title)).toEqual(["c", "b"]);
    expect(page1.headers.link).toContain('rel="next"');
    const all = await octokit.paginate("GET /repos/{owner}/{repo}/issues", { ...where, per_page: 2 });
    expect(all.map((i) => i.title)).toEqual(["c", "b", "a"]);
    expect(fake.violations).toEqual([]);
  });

  it("creates, edits and lists comments, and reacts once per content", async () => {
    const { fake, octokit } = await start();
    await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "Question" });
    const comment = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...where, issue_number: 1, body: "Working on it" });
    expect(comment.status).toBe(201);
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...where, comment_id: comment.data.id, body: "Done" });
    const listed = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...where, issue_number: 1 });
    expect(listed.data.map((c) => [c.body, c.user?.login])).toEqual([["Done", "lodestar[bot]"]]);
    expect((await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: 1 })).data.comments).toBe(1);

    // A comment from a webhook payload is not in the fake: reacting to it still works.
    const react = () => octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...where, comment_id: 444, content: "eyes" });
    expect((await react()).status).toBe(201);
    expect((await react()).status).toBe(200);
    expect(fake.state.reactions(REPO)).toEqual([{ comment_id: 444, content: "eyes", user: "lodestar[bot]" }]);
    expect(fake.state.comments(REPO).map((c) => c.body)).toEqual(["Done"]);
    expect(fake.violations).toEqual([]);
  });

  it("refuses bodies over GitHub's limit, and answers 410 where issues are off", async () => {
    const { fake, octokit } = await start({ repos: { "octo-org/quiet": { hasIssues: false } } });
    expect(await statusOf(octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "big", body: "x".repeat(65_537) }))).toBe(422);
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "octo-org", repo: "quiet" }))).toBe(410);
    expect(fake.state.counts()).toMatchObject({ issues: 0 });
  });

  it("lists the @-mentions GitHub would notify in what the bot wrote", async () => {
    const { fake, octokit } = await start();
    await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "t", body: "Thanks @octocat! Uses `@ignored` and mail a@b.c\n```\n@code\n```" });
    expect(fake.state.mentions()).toEqual([{ repo: REPO, where: "issue #1", login: "octocat" }]);
  });
});

describe("fake GitHub: checks, contents and permissions", () => {
  it("creates a check run and appends annotations on update", async () => {
    const { fake, octokit } = await start();
    const sha = fake.state.branches(REPO)["main"]!;
    const annotation = { path: "src/index.ts", start_line: 1, end_line: 1, annotation_level: "warning" as const, message: "m" };
    const run = await octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...where, name: "Lodestar", head_sha: sha, status: "in_progress", output: { title: "t", summary: "s", annotations: [annotation] } });
    expect(run.status).toBe(201);
    expect(run.data).toMatchObject({ head_sha: sha, name: "Lodestar", status: "in_progress", conclusion: null });
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...where, check_run_id: run.data.id, conclusion: "success", output: { title: "t", summary: "done", annotations: [annotation] } });
    expect(fake.state.checkRuns(REPO)).toMatchObject([{ status: "completed", conclusion: "success", output: { summary: "done", annotations_count: 2 } }]);
    expect(fake.state.checkRuns(REPO)[0]!["annotations"]).toHaveLength(2);
    // Completed without a conclusion: GitHub refuses.
    expect(await statusOf(octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...where, name: "x", head_sha: sha, status: "completed" }))).toBe(422);
    expect(fake.violations).toEqual([]);
  });

  it("serves default-branch files as JSON or raw, percent-encoded or not, and 404 for a missing one", async () => {
    const { fake, octokit } = await start({ files: { ".github/lodestar.yml": "modules: [security]\n" } });
    const json = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...where, path: ".github/lodestar.yml" });
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    const file = json.data as { type: string; encoding: string; content: string; name: string };
    expect([file.type, file.encoding, file.name]).toEqual(["file", "base64", "lodestar.yml"]);
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("modules: [security]\n");

    const raw = await fetch(`${fake.apiUrl}/repos/${REPO}/contents/.github%2Flodestar.yml`, { headers: { accept: "application/vnd.github.v3.raw", authorization: "token x" } });
    expect(raw.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await raw.text()).toBe("modules: [security]\n");

    const dir = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...where, path: ".github" });
    expect((dir.data as { name: string }[]).map((e) => e.name)).toEqual(["lodestar.yml"]);
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...where, path: "nope.txt" }))).toBe(404);
    expect(fake.violations).toEqual([]);
  });

  it("answers collaborator permissions from the options, none for anyone else", async () => {
    const { fake, octokit } = await start({ permissions: { alice: "admin", bob: "maintain", carol: "read" } });
    const ask = async (username: string) => (await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...where, username })).data;
    expect(await ask("alice")).toMatchObject({ permission: "admin", role_name: "admin", user: { login: "alice" } });
    expect(await ask("bob")).toMatchObject({ permission: "write", role_name: "maintain" });
    expect(await ask("carol")).toMatchObject({ permission: "read", role_name: "read" });
    expect(await ask("mallory")).toMatchObject({ permission: "none", role_name: "none" });
    expect(fake.violations).toEqual([]);
  });

  it("serves Probot: installation token and config through GHE paths", async () => {
    const { fake } = await start({ files: { ".github/lodestar.yml": "budget: 3\n" } });
    const probot = createTestProbot({ baseUrl: fake.apiUrl });
    const seen: unknown[] = [];
    await probot.load((app) => {
      app.on("issues.opened", async (context) => {
        seen.push(await context.config("lodestar.yml"));
      });
    });
    const event = exampleEvent("issues.opened");
    await probot.receive(event);
    expect(seen).toEqual([{ budget: 3 }]);
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
      "POST /app/installations/{installation_id}/access_tokens",
      "GET /repos/{owner}/{repo}/contents/{path}",
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("lets Probot fall back to the owner's .github repository when the repository has no config", async () => {
    const { fake } = await start({ repos: { "Codertocat/.github": { files: { ".github/lodestar.yml": "budget: 5\n" } } } });
    const probot = createTestProbot({ baseUrl: fake.apiUrl });
    const seen: unknown[] = [];
    await probot.load((app) => {
      app.on("issues.opened", async (context) => {
        seen.push(await context.config("lodestar.yml"));
      });
    });
    const event = exampleEvent("issues.opened");
    expect(event.payload.repository.full_name).toBe("Codertocat/Hello-World");
    await probot.receive(event);
    expect(seen).toEqual([{ budget: 5 }]);
    expect(fake.requests.filter((r) => r.route?.includes("contents")).map((r) => [decodeURIComponent(r.path), r.status])).toEqual([
      ["/repos/Codertocat/Hello-World/contents/.github/lodestar.yml", 404],
      ["/repos/Codertocat/.github/contents/.github/lodestar.yml", 200],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("serves the action's app flow: the repository's installation with the JWT, then a token", async () => {
    const { fake } = await start();
    const app = new App({ appId: TEST_APP_ID, privateKey: TEST_PRIVATE_KEY, Octokit: Octokit.defaults({ baseUrl: fake.apiUrl }) });
    const { data } = await app.octokit.request("GET /repos/{owner}/{repo}/installation", where);
    expect(data).toMatchObject({ id: TEST_INSTALLATION_ID, app_slug: "lodestar", account: { login: "octo-org" } });
    const installation = await app.getInstallationOctokit(data.id);
    await installation.request("POST /repos/{owner}/{repo}/dispatches", { ...where, event_type: "lodestar", client_payload: { command: "review" } });
    expect(fake.state.dispatches(REPO)).toEqual([{ event_type: "lodestar", client_payload: { command: "review" } }]);
    expect(fake.violations).toEqual([]);

    // The JWT where an installation token is needed is refused and recorded.
    const jwt = [{ alg: "RS256", typ: "JWT" }, { iss: TEST_APP_ID, iat: 0, exp: 1 }, "sig"].map((p) => Buffer.from(typeof p === "string" ? p : JSON.stringify(p)).toString("base64url")).join(".");
    const withJwt = await fetch(`${fake.apiUrl}/repos/${REPO}/issues`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(withJwt.status).toBe(401);
    expect(fake.violations).toEqual([expect.stringContaining("needs an installation token")]);
  });
});

describe("fake GitHub: git data and pull requests", () => {
  it("builds a branch from blobs, trees and commits, opens one pull request for it, and leaves main alone", async () => {
    const { fake, octokit } = await start();
    const ref = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...where, ref: "heads/main" });
    const base = ref.data.object.sha;
    const tree = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...where, tree_sha: base, recursive: "1" });
    expect(tree.data.tree.map((e) => `${e.type} ${e.path}`)).toEqual(["blob README.md", "tree src", "blob src/index.ts"]);
    const blob = await octokit.request("POST /repos/{owner}/{repo}/git/blobs", { ...where, content: "export const one = 1;\nexport const two = 2;\n", encoding: "utf-8" });
    const baseCommit = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...where, commit_sha: base });
    const newTree = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
      ...where,
      base_tree: baseCommit.data.tree.sha,
      tree: [{ path: "src/index.ts", mode: "100644", type: "blob", sha: blob.data.sha }],
    });
    const commit = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { ...where, message: "Add two", tree: newTree.data.sha, parents: [base] });
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...where, ref: "refs/heads/lodestar/two", sha: commit.data.sha });
    await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "An issue takes number 1" });

    const pr = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...where, title: "Add two", head: "lodestar/two", base: "main", body: "Review only" });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({ number: 2, state: "open", head: { ref: "lodestar/two", sha: commit.data.sha }, base: { ref: "main" }, user: { login: "lodestar[bot]" }, merged: false });
    const again = await statusOf(octokit.request("POST /repos/{owner}/{repo}/pulls", { ...where, title: "Add two", head: "lodestar/two", base: "main" }));
    expect(again).toBe(422);

    const found = await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...where, head: "octo-org:lodestar/two", state: "all" });
    expect(found.data.map((p) => p.number)).toEqual([2]);
    const files = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...where, pull_number: 2 });
    expect(files.data).toEqual([expect.objectContaining({ filename: "src/index.ts", status: "modified", additions: 1, deletions: 0, sha: blob.data.sha, patch: "@@ -1 +1,2 @@\n export const one = 1;\n+export const two = 2;" })]);

    // Moving the branch fast-forward is fine; the default branch never moves.
    expect(fake.state.files(REPO)["src/index.ts"]).toBe("export const one = 1;\n");
    expect(fake.state.files(REPO, "lodestar/two")["src/index.ts"]).toContain("two");
    expect(fake.state.pulls(REPO)).toHaveLength(1);
    expect(fake.state.issues(REPO).map((i) => i.number)).toEqual([1]);
    expect(fake.violations).toEqual([]);
  });

  it("records a merge, a push to the default branch and a workflow write as violations, and refuses them", async () => {
    const { fake, octokit } = await start();
    const tip = fake.state.branches(REPO)["main"]!;
    expect(await statusOf(octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", { ...where, pull_number: 1 }))).toBe(403);
    expect(await statusOf(octokit.request("POST /repos/{owner}/{repo}/merges", { ...where, base: "main", head: "feature" }))).toBe(403);
    expect(await statusOf(octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...where, ref: "heads/main", sha: tip, force: true }))).toBe(403);
    const workflow = octokit.request("POST /repos/{owner}/{repo}/git/trees", { ...where, tree: [{ path: ".github/workflows/ci.yml", mode: "100644", type: "blob", content: "on: push" }] });
    expect(await statusOf(workflow)).toBe(403);
    const contents = octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", { ...where, path: ".github/workflows/x.yml", message: "m", content: "b24=", branch: "x" });
    expect(await statusOf(contents)).toBe(403);
    expect(fake.violations).toEqual([
      expect.stringMatching(/^#1 PUT .*\/merge: merge attempted$/),
      expect.stringMatching(/^#2 POST .*\/merges: merge attempted$/),
      expect.stringMatching(/^#3 PATCH .*: pushes to the default branch \(main\)$/),
      expect.stringMatching(/^#4 POST .*: touches \.github\/workflows/),
      expect.stringMatching(/^#5 PUT .*: touches \.github\/workflows$/),
    ]);
    expect(fake.state.branches(REPO)).toEqual({ main: tip });
  });

  it("lists a push's files: every file added for commits it never saw, the real diff for its own, or what a test set", async () => {
    const { fake, octokit } = await start();
    const before = "a".repeat(40);
    const after = "b".repeat(40);
    const unknown = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...where, basehead: `${before}...${after}` });
    expect(unknown.data.files!.map((f) => [f.filename, f.status, f.additions])).toEqual([
      ["README.md", "added", 1],
      ["src/index.ts", "added", 1],
    ]);
    const readme = unknown.data.files![0]!;
    const blob = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...where, file_sha: readme.sha! });
    expect(Buffer.from(blob.data.content, "base64").toString("utf8")).toBe("# Widgets\n");
    const commit = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", { ...where, ref: after });
    expect(commit.data.sha).toBe(after);
    expect(commit.data.files).toHaveLength(2);

    const main = fake.state.branches(REPO)["main"]!;
    const next = fake.state.setFile(REPO, "README.md", "# Widgets\nMore\n");
    const own = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...where, basehead: `${main}...${next}` });
    expect(own.data).toMatchObject({ status: "ahead", ahead_by: 1, files: [{ filename: "README.md", status: "modified", patch: "@@ -1 +1,2 @@\n # Widgets\n+More" }] });

    fake.state.setCompare(REPO, `${before}...${after}`, [{ filename: "src/secret.ts", content: "const k = 1;\n" }]);
    const set = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...where, basehead: `${before}...${after}` });
    expect(set.data.files).toEqual([expect.objectContaining({ filename: "src/secret.ts", status: "added", additions: 1, patch: "@@ -0,0 +1 @@\n+const k = 1;" })]);
    expect(fake.violations).toEqual([]);
  });
});

describe("fake GitHub: actions, contract and unknown routes", () => {
  it("records dispatches and answers workflow runs (none by default, or as set)", async () => {
    const { fake, octokit } = await start();
    const dispatched = await octokit.request("POST /repos/{owner}/{repo}/dispatches", { ...where, event_type: "lodestar", client_payload: { kind: "cycle" } });
    expect(dispatched.status).toBe(204);
    const runs = () => octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { ...where, workflow_id: "lodestar.yml", per_page: 30 });
    expect((await runs()).data).toEqual({ total_count: 0, workflow_runs: [] });
    fake.state.setWorkflowRuns(REPO, [{ id: 7, status: "queued", event: "repository_dispatch" }]);
    expect((await runs()).data).toMatchObject({ total_count: 1, workflow_runs: [{ id: 7 }] });
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}", { ...where, workflow_id: "lodestar.yml" }))).toBe(404);
    expect(await statusOf(octokit.request("POST /repos/{owner}/{repo}/dispatches", { ...where, event_type: "x", client_payload: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) }))).toBe(422);
    expect(fake.state.dispatches(REPO)).toEqual([{ event_type: "lodestar", client_payload: { kind: "cycle" } }]);
    expect(fake.violations).toEqual([expect.stringMatching(/^#5 POST .*client_payload: must NOT have more than 10 properties/)]);
  });

  it("records a body that breaks GitHub's description", async () => {
    const { fake, octokit } = await start();
    await octokit.request("POST /repos/{owner}/{repo}/issues", { ...where, title: "t", labelz: ["x"] });
    expect(fake.violations).toEqual([expect.stringMatching(/^#1 POST \/api\/v3\/repos\/octo-org\/widgets\/issues .*body\.labelz: unknown property/)]);
  });

  it("answers 404 to a route it does not know and lists it as unhandled", async () => {
    const { fake, octokit } = await start();
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/releases", where))).toBe(404);
    expect(await statusOf(octokit.request("GET /repos/{owner}/{repo}/nonsense", where))).toBe(404);
    expect(fake.unhandled).toEqual(["GET /repos/octo-org/widgets/releases", "GET /repos/octo-org/widgets/nonsense"]);
    // A real route is no contract problem; an invented one is.
    expect(fake.violations).toEqual([expect.stringContaining("/nonsense: no path in GitHub's REST description matches")]);
  });
});
