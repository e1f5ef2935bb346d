import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { Octokit } from "octokit";
import { parse } from "yaml";
import { isTrustedEvent } from "../../src/action/main.js";
import { parseJobPayload } from "../../src/job-payload.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { fakesPerTest } from "../helpers/fake-models.js";
import { startFakeGitHub, type FakeGitHub } from "../fakes/fake-github.js";
import { TEST_APP_ID, TEST_PRIVATE_KEY } from "../harness/index.js";
import { githubToken } from "../modules/security/secrets/tokens.js";
import { pauseBlock } from "../../src/publish/github/summary-issue-body.js";

const exec = promisify(execFile);
const fakes = fakesPerTest();
const BUNDLE = path.join(ROOT, "action", "dist", "index.mjs");

let dir: string; // the workspace the action analyses
let runnerDir: string; // the runner's own files (outputs, summary, event), outside the workspace
let cleanup: () => Promise<void>;
beforeEach(async () => {
  let root: string;
  ({ dir: root, cleanup } = await tempDir("lodestar-action-"));
  dir = path.join(root, "workspace");
  runnerDir = path.join(root, "runner");
  await mkdir(dir);
  await mkdir(runnerDir);
  await writeFile(path.join(dir, "index.js"), "console.log('hi');\n");
});
afterEach(() => cleanup());

/** Runs the committed bundle the way the runner does: inputs as INPUT_* variables, files for outputs. */
async function runAction(inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const outputFile = path.join(runnerDir, "github-output");
  const summaryFile = path.join(runnerDir, "step-summary.md");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: "octo/demo",
    GITHUB_SHA: "a".repeat(40),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    LODESTAR_STATE_DIR: path.join(runnerDir, "state"),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extraEnv,
  };
  const result = await exec(process.execPath, [BUNDLE], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
  return { ...result, outputs: await readFile(outputFile, "utf8"), summary: await readFile(summaryFile, "utf8") };
}

describe("the action", () => {
  it("runs on node24 from a committed bundle that is not stale", async () => {
    const manifest = parse(await readFile(path.join(ROOT, "action", "action.yml"), "utf8"));
    expect(manifest.runs).toEqual({ using: "node24", main: "dist/index.mjs" });
    for (const input of ["job", "ollama-host", "app-id", "private-key", "anthropic-api-key", "openai-api-key", "github-token"]) {
      expect(manifest.inputs).toHaveProperty([input]);
    }
    const { stdout } = await exec(process.execPath, [path.join(ROOT, "scripts", "bundle-action.mjs"), "--check"]);
    expect(stdout).toContain("is up to date");
  });

  it("runs a cycle on the workspace: grouped logs, step outputs, job summary", async () => {
    const run = await runAction({ job: JSON.stringify({ kind: "cycle", modules: ["facts"] }) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("::group::Lodestar: analyze");
    expect(run.stdout).toContain("::endgroup::");
    expect(run.outputs).toMatch(/conclusion<<ghadelimiter_[\w-]+\nsuccess\n/);
    expect(run.outputs).toMatch(/findings<<ghadelimiter_[\w-]+\n1\n/);
    expect(run.summary).toContain("# Lodestar — octo/demo");
    expect(run.summary).toContain("1 files — JavaScript 1");
    const decisions = await readFile(path.join(dir, ".lodestar", "out", "decisions.jsonl"), "utf8");
    expect(decisions.trim().split("\n").length).toBeGreaterThanOrEqual(7);
  });

  it("reaches Ollama at the ollama-host input, and its summary says which models were usable", async () => {
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"] });
    // A trusted job (as the app sends them): untrusted runs get no model at all.
    const job = JSON.stringify({ kind: "cycle", modules: ["facts"], trusted: true });
    const run = await runAction({ job, "ollama-host": ollama.url, "anthropic-api-key": "" });
    expect(run.code).toBe(0);
    expect(ollama.requests.length).toBeGreaterThan(0);
    expect(run.summary).toContain("## Models");
    expect(run.summary).toContain("**Local only** at the end of this cycle, no cloud call is made: ANTHROPIC_API_KEY is not set.");

    // Nothing answers there: no model at all, said once, and the cycle still succeeds.
    const url = ollama.url;
    await ollama.close();
    const offline = await runAction({ job, "ollama-host": url });
    expect(offline.code).toBe(0);
    expect(offline.summary).toMatch(new RegExp(`No model was used: no model can be used: local model unavailable: Ollama at ${url.replace(/[.]/g, "\\.")} is unreachable`));
  });

  it("treats a pull request from a fork as untrusted, whatever the payload says", async () => {
    const event = path.join(runnerDir, "event.json");
    await writeFile(event, JSON.stringify({ pull_request: { head: { repo: { full_name: "mallory/demo" } }, base: { repo: { full_name: "octo/demo" } } } }));
    const run = await runAction({ job: JSON.stringify({ trusted: true, modules: ["facts"] }) }, { GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(untrusted ref: static analysis only)");
    // Nobody outside the repository spends its model budget.
    expect(run.summary).toContain("No model was used: untrusted ref: models are used only for trusted runs.");
  });

  it("reads the config on the default branch only: a branch's config is ignored, with a warning", async () => {
    await mkdir(path.join(dir, ".github"));
    await writeFile(path.join(dir, ".github", "lodestar.yml"), "modules:\n  facts:\n    enabled: false\n");
    const event = path.join(runnerDir, "event.json");
    await writeFile(event, JSON.stringify({ repository: { default_branch: "main" } }));
    const job = JSON.stringify({ modules: ["facts"] });
    const onBranch = await runAction({ job }, { GITHUB_EVENT_NAME: "workflow_dispatch", GITHUB_EVENT_PATH: event, GITHUB_REF: "refs/heads/feature" });
    expect(onBranch.code).toBe(0);
    expect(onBranch.outputs).toMatch(/findings<<ghadelimiter_[\w-]+\n1\n/);
    expect(onBranch.summary).toContain("This run is on refs/heads/feature, not the default branch");
    const onMain = await runAction({ job }, { GITHUB_EVENT_NAME: "workflow_dispatch", GITHUB_EVENT_PATH: event, GITHUB_REF: "refs/heads/main" });
    expect(onMain.outputs).toMatch(/findings<<ghadelimiter_[\w-]+\n0\n/);
  });

  it("fails the step with one clear message for a bad job payload", async () => {
    const run = await runAction({ job: JSON.stringify({ kind: "destroy" }) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::invalid job payload: kind: /m);
    const notJson = await runAction({ job: "{kind: cycle" });
    expect(notJson.code).toBe(1);
    expect(notJson.stdout).toMatch(/^::error::the `job` input is not JSON: /m);
  });
});

describe("isTrustedEvent", () => {
  const pr = (head: string | null) => ({ pull_request: { head: { repo: head ? { full_name: head } : null }, base: { repo: { full_name: "o/r" } } } });
  it("trusts same-repo pull requests and scheduled runs, never forks or deleted heads", () => {
    expect(isTrustedEvent("pull_request", pr("o/r"), true)).toBe(true);
    expect(isTrustedEvent("pull_request", pr("fork/r"), true)).toBe(false);
    expect(isTrustedEvent("pull_request_target", pr(null), true)).toBe(false);
    expect(isTrustedEvent("schedule", {}, true)).toBe(true);
    expect(isTrustedEvent("repository_dispatch", {}, false)).toBe(false);
  });
});

describe("the action on GitHub (a stateful fake GitHub at GITHUB_API_URL)", () => {
  const REPO = "Codertocat/Hello-World";
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub({ permissions: { "admin-user": "admin" } });
  });
  afterEach(() => github.close());

  /** The environment of a run on GitHub: the event file, the API, the run's link, the app's credentials. */
  async function onGitHub(eventName: string, event: object) {
    const file = path.join(runnerDir, "event.json");
    await writeFile(file, JSON.stringify({ repository: { default_branch: "main" }, ...event }));
    return {
      inputs: { "app-id": String(TEST_APP_ID), "private-key": TEST_PRIVATE_KEY },
      env: {
        GITHUB_EVENT_NAME: eventName,
        GITHUB_EVENT_PATH: file,
        GITHUB_REF: "refs/heads/main",
        GITHUB_REPOSITORY: REPO,
        GITHUB_API_URL: github.apiUrl,
        GITHUB_SERVER_URL: "https://github.example",
        GITHUB_RUN_ID: "987",
      },
    };
  }

  it("carries out a dispatched command and edits its status comment: running with the run's link, then done", async () => {
    await writeFile(path.join(dir, "settings.js"), `const token = "${githubToken()}";\n`);
    const issue = github.state.addIssue(REPO, { title: "Is anything leaking?", login: "admin-user" });
    const status = github.state.addComment(REPO, issue.number, { body: "⏳ Queued", login: github.botLogin });
    const { inputs, env } = await onGitHub("repository_dispatch", {
      client_payload: { kind: "command", trusted: true, requestedBy: "admin-user", modules: ["security"], command: { name: "scan", args: "", issue: issue.number, comment: status.id } },
    });
    const run = await runAction(inputs, env);
    expect(run.code).toBe(0);
    const edits = github.requests.filter((r) => r.method === "PATCH" && r.path === `/repos/${REPO}/issues/comments/${status.id}`);
    expect(edits.map((e) => (e.body as { body: string }).body)).toEqual([
      expect.stringContaining("🏃 **Running** on the runner. [Actions run](https://github.example/Codertocat/Hello-World/actions/runs/987)"),
      expect.stringMatching(/✅ \*\*Done\*\*\. \[Actions run\]\([^)]+\)\n\n\*\*failure\*\*: [^\n]+\n\n1 finding: 1 errors, 0 warnings, 0 notes\.\n\n- `settings\.js:1` GitHub token/),
    ]);
    // The secret itself never reaches GitHub.
    expect(JSON.stringify(github.requests.map((r) => r.body))).not.toContain(githubToken().slice(4));
    expect(run.summary).toContain("## Lodestar: /lodestar scan");
    expect(github.violations).toEqual([]);
  });

  it("a command that fails says why in its status comment and fails the step", async () => {
    const issue = github.state.addIssue(REPO, { title: "Is anything leaking?", login: "admin-user" });
    const status = github.state.addComment(REPO, issue.number, { body: "⏳ Queued", login: github.botLogin });
    const { inputs, env } = await onGitHub("repository_dispatch", {
      client_payload: { kind: "command", trusted: true, requestedBy: "admin-user", command: { name: "ask", args: "Where is main?", issue: issue.number, comment: status.id } },
    });
    // No Ollama answers and no cloud key: no model can be used.
    const run = await runAction({ ...inputs, "ollama-host": "http://127.0.0.1:9" }, env);
    expect(run.code).toBe(1);
    const last = github.state.comments(REPO).find((c) => c.id === status.id)!;
    expect(last.body).toContain("❌ **Failed**.");
    expect(last.body).toContain("no model can be used");
    expect(github.violations).toEqual([]);
  });

  it("writes the summary issue after a scheduled cycle, leaves it alone when nothing changed, and skips scheduled work while paused", async () => {
    const { inputs, env } = await onGitHub("schedule", {});
    const first = await runAction({ ...inputs, job: JSON.stringify({ kind: "cycle", modules: ["facts"], trusted: true }), "ollama-host": "http://127.0.0.1:9" }, env);
    expect(first.code).toBe(0);
    const [summary] = github.state.issues(REPO);
    expect(summary).toMatchObject({ title: "Lodestar daily summary", state: "open", labels: [{ name: "lodestar" }] });
    expect(summary!.body).toContain("<!-- lodestar:summary -->");
    expect(summary!.body).toMatch(/<!-- lodestar:usage \{"at":"\d{4}-\d\d-\d\dT00:00:00\.000Z","day":\{"usd":0,"tokens":0\}/);

    // The second run turns "new" findings into "still open"; a third with nothing new writes nothing.
    const cycleJob = { ...inputs, job: JSON.stringify({ kind: "cycle", modules: ["facts"], trusted: true }), "ollama-host": "http://127.0.0.1:9" };
    expect((await runAction(cycleJob, env)).code).toBe(0);
    expect(github.state.issues(REPO)[0]!.body).toContain("0 new, 1 still open");
    github.clearRequests();
    expect((await runAction(cycleJob, env)).code).toBe(0);
    expect(github.requests.filter((r) => r.method !== "GET" && r.path.includes("/issues"))).toEqual([]);
    expect(github.state.issues(REPO)).toHaveLength(1);

    // /lodestar pause as the app records it: the next scheduled run does nothing.
    const paused = summary!.body.replace("<!-- lodestar:summary -->", `<!-- lodestar:summary -->\n${pauseBlock({ by: "maint", at: "2026-11-20T10:00:00.000Z" })}`);
    await new Octokit({ auth: "maintainer-token", baseUrl: github.apiUrl }).request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: "Codertocat", repo: "Hello-World", issue_number: summary!.number, body: paused });
    const skipped = await runAction({ ...inputs, job: JSON.stringify({ kind: "cycle", modules: ["facts"], trusted: true }) }, env);
    expect(skipped.code).toBe(0);
    expect(skipped.outputs).toMatch(/conclusion<<ghadelimiter_[\w-]+\nneutral\n/);
    expect(skipped.summary).toContain("Scheduled work is paused: paused by maint on 2026-11-20");
    expect(skipped.stdout).not.toContain("::group::Lodestar: analyze");
    expect(github.violations).toEqual([]);
  });
});

describe("the job payload", () => {
  it("refuses a path argument that leaves the repository, whoever sent the dispatch", () => {
    const job = (args: string) => ({ kind: "command", trusted: true, command: { name: "tests", args, issue: 1 } });
    expect(() => parseJobPayload(job("../../etc"))).toThrow("invalid job payload: command.args: the path leaves the repository");
    expect(() => parseJobPayload(job("--model=gpt"))).toThrow(/command\.args: arguments cannot set options/);
    expect(parseJobPayload(job("src/lib")).command).toMatchObject({ name: "tests", args: "src/lib" });
    // A question is free text.
    expect(parseJobPayload({ kind: "command", command: { name: "ask", args: "what does ../x do?", issue: 1 } }).command!.args).toBe("what does ../x do?");
  });
});
