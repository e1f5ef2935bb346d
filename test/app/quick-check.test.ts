/**
 * The quick check (issue 5) through the app with real example payloads: the changed files are
 * read through the API (compare or pull request files, then blobs), scanned for secrets and code
 * patterns, and only findings on changed lines become annotations, 50 per request. A check that
 * could not read everything ends neutral with the reason, never green.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { createTestProbot, exampleEvent, githubApi, mockInstallationToken } from "../harness/index.js";
import { scanTextForSecrets } from "../../src/modules/security/index.js";
import { githubToken } from "../modules/security/secrets/tokens.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

const BEFORE = "a10867b14bb761a232cd80139fbd4c0d33264240";

/** A push to a branch that existed (`before` set), or a new one (`before` all zeros, as in the example). */
function pushEvent(before: string | null = BEFORE) {
  return exampleEvent("push", {
    pick: (p) => !p.deleted && /^[0-9a-f]{40}$/.test(p.after) && !/^0+$/.test(p.after),
    patch: (p) => {
      p.ref = "refs/heads/topic";
      if (before) p.before = before;
    },
  });
}

interface DiffFile {
  filename: string;
  text: string;
  patch?: string;
  status?: string;
  /** Size the tree reports (default: the text's). */
  size?: number;
  /** The blob request's answer: 200 with the text by default. */
  blob?: number | "none";
}

const shaOf = (name: string) => Buffer.from(name).toString("hex").padEnd(40, "0").slice(0, 40);

const diffEntry = (f: DiffFile) => ({
  sha: shaOf(f.filename),
  filename: f.filename,
  status: f.status ?? "modified",
  additions: 1,
  deletions: 0,
  changes: 1,
  blob_url: "",
  raw_url: "",
  contents_url: "",
  ...(f.patch === undefined ? {} : { patch: f.patch }),
});

/**
 * Mocks one quick check of `repoPath@sha`: token, config (absent), the commit's tree, the list of
 * changed files (`list` mocks that request), the blobs, and the check run plus any updates.
 */
function mockQuickCheck(repoPath: string, owner: string, sha: string, files: DiffFile[], list: (scope: ReturnType<typeof githubApi>, entries: object[]) => void, updates = 0) {
  const sent: { checkRun?: any; updates: any[] } = { updates: [] };
  const scope = mockInstallationToken(githubApi())
    .get(`${repoPath}/contents/.github%2Flodestar.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${owner}/.github/contents/.github%2Flodestar.yml`)
    .reply(404, { message: "Not Found" })
    .get(`${repoPath}/git/trees/${sha}`)
    .query({ recursive: "1" })
    .reply(200, {
      sha,
      truncated: false,
      tree: files.map((f) => ({ path: f.filename, mode: "100644", type: "blob", sha: shaOf(f.filename), size: f.size ?? Buffer.byteLength(f.text) })),
    });
  list(scope, files.map(diffEntry));
  for (const f of files) {
    if (f.blob === "none") continue;
    const status = f.blob ?? 200;
    scope
      .get(`${repoPath}/git/blobs/${shaOf(f.filename)}`)
      .reply(status, status === 200 ? { sha: shaOf(f.filename), node_id: "B", size: f.text.length, url: "", content: Buffer.from(f.text).toString("base64"), encoding: "base64" } : { message: "Server Error" });
  }
  scope.post(`${repoPath}/check-runs`, (body) => ((sent.checkRun = body), true)).reply(201, { id: 42 });
  if (updates) scope.patch(`${repoPath}/check-runs/42`, (body) => (sent.updates.push(body), true)).times(updates).reply(200, { id: 42 });
  return sent;
}

/** A unified-diff hunk that adds `lines` at `at` to a file that had `before` lines there as context. */
const addHunk = (at: number, added: string[]) => `@@ -${at},0 +${at},${added.length} @@\n${added.map((l) => `+${l}`).join("\n")}`;

describe("quick check of a push", () => {
  it("annotates a secret on a changed line, masked, and not one on an unchanged line of the same file", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const added = githubToken();
    const old = githubToken();
    const text = [`export const region = "eu-west-1";`, `export const legacyToken = "${old}";`, `export const deployToken = "${added}";`, ""].join("\n");
    // Both are real-format tokens the scanner reports: only the changed line may be annotated.
    expect(scanTextForSecrets("src/deploy.ts", text).map((f) => f.line)).toEqual([2, 3]);
    const sent = mockQuickCheck(repoPath, owner!.login, event.payload.after, [{ filename: "src/deploy.ts", text, patch: addHunk(3, [`export const deployToken = "${added}";`]) }], (scope, entries) =>
      scope.get(`${repoPath}/compare/${BEFORE}...${event.payload.after}`).reply(200, { status: "ahead", files: entries }),
    );

    await probot.receive(event);

    const { checkRun } = sent;
    expect(checkRun).toMatchObject({ name: "Lodestar", head_sha: event.payload.after, status: "completed", conclusion: "failure" });
    expect(checkRun.output.title).toContain("1 error-level finding");
    expect(checkRun.output.annotations).toEqual([
      expect.objectContaining({ path: "src/deploy.ts", start_line: 3, end_line: 3, annotation_level: "failure", title: "GitHub token" }),
    ]);
    const everything = JSON.stringify(checkRun);
    expect(everything).toContain(`ghp_…${added.slice(-4)}`);
    expect(everything).not.toContain(added);
    expect(everything).not.toContain(old);
    expect(checkRun.output.summary).toContain("1 changed file of 1 scanned for secrets and code patterns (3 lines, 1 changed line)");
    expect(checkRun.output.summary).toContain(`found by \`compare ${BEFORE.slice(0, 12)}...${event.payload.after.slice(0, 12)}\``);
  });

  it("counts every line of a file GitHub gave no line diff for as changed, and says so", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const token = githubToken();
    // No `patch`: GitHub leaves out diffs too large to show, but counts the changes.
    const sent = mockQuickCheck(repoPath, owner!.login, event.payload.after, [{ filename: "config/huge.env", text: `A=1\nGITHUB_TOKEN=${token}\n` }], (scope, entries) =>
      scope.get(`${repoPath}/compare/${BEFORE}...${event.payload.after}`).reply(200, { status: "ahead", files: entries }),
    );
    await probot.receive(event);
    expect(sent.checkRun.output.annotations).toEqual([expect.objectContaining({ path: "config/huge.env", start_line: 2 })]);
    expect(sent.checkRun.output.summary).toContain("1 file without a line diff counted as changed throughout");
  });

  it("compares a new branch with the default branch", async () => {
    const event = pushEvent(null);
    const { owner, name, default_branch } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const sent = mockQuickCheck(repoPath, owner!.login, event.payload.after, [{ filename: "app.py", text: "print('hi')\n", patch: addHunk(1, ["print('hi')"]) }], (scope, entries) =>
      scope.get(`${repoPath}/compare/${default_branch}...${event.payload.after}`).reply(200, { status: "ahead", files: entries }),
    );
    await probot.receive(event);
    expect(sent.checkRun).toMatchObject({ conclusion: "success", output: { title: "2 findings — 2 modules ran; no problems found" } });
    expect(sent.checkRun.output.summary).toContain(`found by \`compare ${default_branch}...`);
  });

  it("sends 50 annotations with the check run and the rest in an update", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const lines = Array.from({ length: 60 }, (_, i) => `TOKEN_${i}=${githubToken()}`);
    const sent = mockQuickCheck(
      repoPath,
      owner!.login,
      event.payload.after,
      [{ filename: "ci/tokens.env", status: "added", text: lines.join("\n") + "\n", patch: `@@ -0,0 +1,60 @@\n${lines.map((l) => `+${l}`).join("\n")}` }],
      (scope, entries) => scope.get(`${repoPath}/compare/${BEFORE}...${event.payload.after}`).reply(200, { status: "ahead", files: entries }),
      1,
    );
    await probot.receive(event);
    expect(sent.checkRun.conclusion).toBe("failure");
    expect(sent.checkRun.output.annotations).toHaveLength(50);
    expect(sent.updates).toHaveLength(1);
    expect(sent.updates[0].output.annotations.map((a: { start_line: number }) => a.start_line)).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
  });

  it("ends neutral with the reason when a changed file is over the size cap, and does not download it", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const sent = mockQuickCheck(
      repoPath,
      owner!.login,
      event.payload.after,
      [
        { filename: "dist/bundle.js", text: "", size: 5 * 1024 * 1024, blob: "none", patch: addHunk(1, ["x()"]) },
        { filename: "src/ok.ts", text: "export {};\n", patch: addHunk(1, ["export {};"]) },
      ],
      (scope, entries) => scope.get(`${repoPath}/compare/${BEFORE}...${event.payload.after}`).reply(200, { status: "ahead", files: entries }),
    );
    await probot.receive(event);
    expect(sent.checkRun.conclusion).toBe("neutral");
    expect(sent.checkRun.output.title).toContain("security: 1 changed file over the 1 MB size cap was not scanned");
  });

  it("ends neutral, never green, when a blob cannot be fetched", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const sent = mockQuickCheck(repoPath, owner!.login, event.payload.after, [{ filename: "src/a.ts", text: "", blob: 500, patch: addHunk(1, ["a()"]) }], (scope, entries) =>
      scope.get(`${repoPath}/compare/${BEFORE}...${event.payload.after}`).reply(200, { status: "ahead", files: entries }),
    );
    await probot.receive(event);
    expect(sent.checkRun.conclusion).toBe("neutral");
    expect(sent.checkRun.output.title).toContain("incomplete: security: 1 changed file could not be fetched (HTTP 500)");
  });
});

describe("quick check of a pull request", () => {
  const opened = () => exampleEvent("pull_request", { pick: (p) => p.action === "opened" });

  it("reads the pull request's files (not a compare) and annotates a code pattern on an added line", async () => {
    const event = opened();
    const { repository, pull_request } = event.payload;
    const repoPath = `/repos/${repository.owner.login}/${repository.name}`;
    const text = 'import os\n\ndef clean(path):\n    os.system("rm -rf " + path)\n\ndef again(path):\n    os.system("rm -rf " + path)\n';
    const sent = mockQuickCheck(
      repoPath,
      repository.owner.login,
      pull_request.head.sha,
      // Only the second function is new in this pull request.
      [{ filename: "tools/run.py", text, patch: '@@ -3,2 +3,5 @@\n def clean(path):\n     os.system("rm -rf " + path)\n+\n+def again(path):\n+    os.system("rm -rf " + path)' }],
      (scope, entries) =>
        scope.get(`${repoPath}/pulls/${pull_request.number}/files`).query({ per_page: "100", page: "1" }).reply(200, entries),
    );
    await probot.receive(event);
    const annotations = sent.checkRun.output.annotations as { path: string; start_line: number }[];
    expect(annotations.map((a) => [a.path, a.start_line])).toEqual([["tools/run.py", 7]]);
    expect(sent.checkRun.output.summary).toContain(`found by \`pull request #${pull_request.number} files\``);
  });

  it("reads a synchronize the same way", async () => {
    const event = exampleEvent("pull_request", { action: "synchronize" });
    const { repository, pull_request } = event.payload;
    const repoPath = `/repos/${repository.owner.login}/${repository.name}`;
    const sent = mockQuickCheck(repoPath, repository.owner.login, pull_request.head.sha, [{ filename: "README.md", text: "# Hello\n", patch: addHunk(1, ["# Hello"]) }], (scope, entries) =>
      scope.get(`${repoPath}/pulls/${pull_request.number}/files`).query({ per_page: "100", page: "1" }).reply(200, entries),
    );
    await probot.receive(event);
    expect(sent.checkRun).toMatchObject({ head_sha: pull_request.head.sha, conclusion: "success" });
  });
});
