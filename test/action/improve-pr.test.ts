/**
 * `/lodestar tests` end to end on the runner: the app's repository_dispatch payload reaches the
 * committed action bundle, which runs the tests module in the sandbox on a real git workspace
 * with a scripted fake Ollama, and opens a review-only pull request on a stateful fake GitHub
 * through the git data API. The status comment follows the job; a second identical run finds
 * its pull request already open and opens no other.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { startFakeGitHub, type FakeGitHub } from "../fakes/fake-github.js";
import type { OllamaCall } from "../fakes/ollama.js";
import { TEST_APP_ID, TEST_PRIVATE_KEY } from "../harness/index.js";
import { ROOT } from "../helpers/cli.js";
import { fakesPerTest } from "../helpers/fake-models.js";
import { commitAll, git } from "../helpers/git-repo.js";

const exec = promisify(execFile);
const fakes = fakesPerTest();
const BUNDLE = path.join(ROOT, "action", "dist", "index.mjs");
const REPO = "Codertocat/Hello-World";
const MODEL = "qwen2.5-coder:7b";
const BRANCH = "lodestar/tests/src-math-js";
/** Two bundle runs, each with sandboxed runs of node: generous for a loaded machine. */
const E2E_MS = 300_000;

const MATH = `export function add(a, b) {
  return a + b;
}

export function clamp(value, min, max) {
  if (value < min) {
    return min;
  }
  if (value > max) {
    return max;
  }
  return value;
}
`;

/** The repository on `main`, in the workspace and on the fake GitHub alike; `clamp` is untested. */
const FILES: Record<string, string> = {
  "package.json": `${JSON.stringify({ name: "tiny-math", version: "1.0.0", type: "module", scripts: { test: "node --test" } }, null, 2)}\n`,
  "src/math.js": MATH,
  "test/other.test.js": `import assert from "node:assert/strict";
import { test } from "node:test";
import { add } from "../src/math.js";

test("add", () => {
  assert.equal(add(1, 2), 3);
});
`,
  // Few candidates and reruns keep the run short; no cloud model, whatever the runner has.
  ".github/lodestar.yml": "models:\n  cloud: none\nmodules:\n  tests:\n    candidates: 1\n    reruns: 2\n",
};

const GOOD_TEST = `import assert from "node:assert/strict";
import { test } from "node:test";
import { clamp } from "../src/math.js";

test("clamp keeps a value inside the range", () => {
  assert.equal(clamp(5, 0, 10), 5);
});

test("clamp raises a value under the range to its minimum", () => {
  assert.equal(clamp(-3, 0, 10), 0);
});

test("clamp lowers a value over the range to its maximum", () => {
  assert.equal(clamp(42, 0, 10), 10);
});
`;

/** Whether a chat call is the tests module asking for a test file (its answer format is `{path, content}`). */
const asksForTest = (call: OllamaCall) => JSON.stringify(call.body.format ?? {}).includes('"content"');

let root: string;
let workspace: string;
let runnerDir: string;
let github: FakeGitHub;
beforeEach(async () => {
  root = await fakes.dir("lodestar-improve-pr-");
  workspace = path.join(root, "workspace");
  runnerDir = path.join(root, "runner");
  await mkdir(workspace);
  await mkdir(runnerDir);
  await commitAll(workspace, [FILES]);
  github = await startFakeGitHub({ files: FILES, permissions: { "admin-user": "admin" } });
});
afterEach(() => github.close());

/** Runs the committed bundle as the runner does for a repository_dispatch on the default branch. */
async function runAction(clientPayload: object, ollamaUrl: string) {
  const eventFile = path.join(runnerDir, "event.json");
  const outputFile = path.join(runnerDir, "github-output");
  const summaryFile = path.join(runnerDir, "step-summary.md");
  await writeFile(eventFile, JSON.stringify({ action: "lodestar", repository: { full_name: REPO, default_branch: "main" }, client_payload: clientPayload }));
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: runnerDir,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: REPO,
    GITHUB_SHA: (await git(workspace, "rev-parse", "HEAD")).trim(),
    GITHUB_REF: "refs/heads/main",
    GITHUB_EVENT_NAME: "repository_dispatch",
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_RUN_ID: "987",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    // The state file (PR fingerprints) lives with the runner, so the second run sees the first.
    LODESTAR_STATE_DIR: path.join(runnerDir, "state"),
    "INPUT_APP-ID": String(TEST_APP_ID),
    "INPUT_PRIVATE-KEY": TEST_PRIVATE_KEY,
    "INPUT_OLLAMA-HOST": ollamaUrl,
  };
  const result = await exec(process.execPath, [BUNDLE], { env, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
  return { ...result, outputs: await readFile(outputFile, "utf8"), summary: await readFile(summaryFile, "utf8") };
}

describe("/lodestar tests on the runner", () => {
  it("ends as one review-only pull request with the proven test, and a rerun leaves it unchanged", async () => {
    const ollama = await fakes.ollama({
      models: [MODEL],
      respond: (call) => (asksForTest(call) ? { text: JSON.stringify({ path: "test/math.test.js", content: GOOD_TEST }) } : undefined),
    });
    const issue = github.state.addIssue(REPO, { title: "clamp has no tests", login: "admin-user" });
    const status = github.state.addComment(REPO, issue.number, { body: "⏳ Queued", login: github.botLogin });
    // As the app dispatches `/lodestar tests src` (src/job-payload.ts).
    const payload = { kind: "command", trusted: true, requestedBy: "admin-user", modules: ["tests"], command: { name: "tests", args: "src", issue: issue.number, comment: status.id } };

    const run = await runAction(payload, ollama.url);

    expect({ code: run.code, stderr: run.code === 0 ? "" : `${run.stdout}\n${run.stderr}` }).toEqual({ code: 0, stderr: "" });
    // One candidate, asked once; the model saw the file under test.
    const asked = ollama.requests.filter((r) => r.path === "/api/chat" && r.body.includes("File: src/math.js"));
    expect(asked).toHaveLength(1);

    // One pull request, review-only, from our branch into main.
    const pulls = github.state.pulls(REPO);
    expect(pulls).toHaveLength(1);
    const [pr] = pulls;
    expect(pr).toMatchObject({ state: "open", merged: false, head: { ref: BRANCH }, base: { ref: "main" }, labels: [expect.objectContaining({ name: "lodestar" })] });
    expect(pr!.title).toBe("Tests for src/math.js (lines 38.5 % → 100 %)");
    expect(pr!.body).toContain("| lines | 38.5 % (5/13) | 100 % (13/13) |");
    expect(pr!.body).toMatch(/coverage of src\/math\.js: lines 38\.5 % \(5\/13\).* → lines 100 % \(13\/13\)/);
    expect(pr!.body).toContain("funnel: 1 generated → 1 built → 1 passed 2/2 → 1 raised coverage → 1 test files only → 1 proposed");
    expect(pr!.body).toContain("Review-only: Lodestar never merges.");
    expect(pr!.body).toMatch(/\n\n<!-- lodestar:fingerprint:[0-9a-f]{24} -->$/);

    // The branch is main plus the new test file, exactly as the model wrote it, and nothing else.
    expect(github.state.files(REPO, BRANCH)).toEqual({ ...FILES, "test/math.test.js": GOOD_TEST });
    expect(github.state.files(REPO, "main")).toEqual(FILES);
    const mainTip = github.state.branches(REPO)["main"];
    const commit = github.requests.find((r) => r.method === "POST" && r.path === `/repos/${REPO}/git/commits`);
    expect(commit!.body).toMatchObject({ parents: [mainTip], message: expect.stringContaining("Lodestar-Fingerprint: ") });

    // The status comment: running with the run's link, then done with the pull request.
    const edits = () =>
      github.requests.filter((r) => r.method === "PATCH" && r.path === `/repos/${REPO}/issues/comments/${status.id}`).map((r) => (r.body as { body: string }).body);
    expect(edits()).toEqual([
      expect.stringContaining("🏃 **Running** on the runner. [Actions run](https://github.example/Codertocat/Hello-World/actions/runs/987)"),
      expect.stringContaining("✅ **Done**."),
    ]);
    expect(edits()[1]).toContain(`[#${pr!.number}](${pr!.html_url}) Tests for src/math.js (lines 38.5 % → 100 %): opened`);
    expect(github.state.comments(REPO).find((c) => c.id === status.id)!.body).toBe(edits()[1]);
    expect(run.summary).toContain("## Lodestar: /lodestar tests src\n");
    expect(run.summary).toContain(`[#${pr!.number}](${pr!.html_url})`);

    // Nothing a rule forbids, every request valid against GitHub's description, nobody notified.
    expect(github.violations).toEqual([]);
    expect(github.unhandled).toEqual([]);
    expect(github.requests.some((r) => r.path.endsWith("/merge") || r.path.includes(".github/workflows"))).toBe(false);
    expect(github.state.mentions(REPO)).toEqual([]);

    // The same command again: the same proof, the same fingerprint, the pull request as it is.
    const before = { branches: github.state.branches(REPO), body: pr!.body };
    github.clearRequests();
    const again = await runAction(payload, ollama.url);

    expect({ code: again.code, stderr: again.code === 0 ? "" : `${again.stdout}\n${again.stderr}` }).toEqual({ code: 0, stderr: "" });
    // The module did its work again (one more candidate asked), and found the same change.
    expect(ollama.requests.filter((r) => r.path === "/api/chat" && r.body.includes("File: src/math.js"))).toHaveLength(2);
    expect(github.state.pulls(REPO)).toHaveLength(1);
    expect(github.state.pulls(REPO)[0]!.body).toBe(before.body);
    expect(github.state.branches(REPO)).toEqual(before.branches);
    expect(github.requests.filter((r) => r.method === "POST" && (r.path.includes("/git/") || r.path.endsWith("/pulls")))).toEqual([]);
    expect(edits()[1]).toContain(`[#${pr!.number}](${pr!.html_url}) Tests for src/math.js (lines 38.5 % → 100 %): already open, unchanged`);
    expect(github.violations).toEqual([]);
    expect(github.unhandled).toEqual([]);
    // The sandbox wrote nothing into the checkout: only the action's own output folder is new.
    expect(await git(workspace, "status", "--porcelain", "--untracked-files=normal")).toBe("?? .lodestar/\n");
  }, E2E_MS);
});
