import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { parse } from "yaml";
import { isTrustedEvent } from "../../src/action/main.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { fakesPerTest } from "../helpers/fake-models.js";

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
