/**
 * The test-generation module end to end: a tiny JavaScript repository with an untested
 * function, the real analysis, the real sandbox, and the real router on the fake Ollama,
 * scripted with the answers a local model gives — a good test, one that does not parse, a
 * flaky one, one that adds no coverage, one that edits the source. Each filter must drop the
 * answer it exists for, and only the good test may reach the proposal.
 */
import { describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { analyzeListing, analyzeRepository } from "../../../src/analysis/index.js";
import { validateConfig, type LodestarConfig } from "../../../src/config/index.js";
import { proposalRejection } from "../../../src/cycle/proposal-policy.js";
import { createJob, type Job } from "../../../src/job.js";
import { CONTEXT_HEADER, createRouter, LlmUnavailableError, offlineLlm, type LlmHandle } from "../../../src/llm/index.js";
import type { ModuleContext, ModuleResult } from "../../../src/modules/index.js";
import { testsModule, type Funnel } from "../../../src/modules/tests/index.js";
import { applyProposal } from "../../../src/publish/github/apply-patch.js";
import { openState } from "../../../src/state/index.js";
import type { OllamaCall, RecordedRequest } from "../../fakes/ollama.js";
import { fakesPerTest } from "../../helpers/fake-models.js";
import { commitAll } from "../../helpers/git-repo.js";

const exec = promisify(execFile);
const fakes = fakesPerTest();
const MODEL = "qwen2.5-coder:7b";
/** Dozens of sandboxed runs of node: generous for a loaded machine (Jest's default here is 60 s). */
const SANDBOX_TEST_MS = 240_000;

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

const OTHER_TEST = `import assert from "node:assert/strict";
import { test } from "node:test";
import { add } from "../src/math.js";

test("add", () => {
  assert.equal(add(1, 2), 3);
});
`;

const FIXTURE = {
  "package.json": `${JSON.stringify({ name: "tiny-math", version: "1.0.0", type: "module", scripts: { test: "node --test" } }, null, 2)}\n`,
  "src/math.js": MATH,
  "test/other.test.js": OTHER_TEST,
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

/** Each answer a filter exists for, as the model writes it. */
const ANSWERS = {
  unparsable: { path: "test/math.test.js", content: `import { test } from "node:test";\nimport { clamp } from "../src/math.js";\n\ntest("clamp", () => {\n  assert.equal(clamp(5, 0, 10), 5;\n});\n` },
  // Passes the first run, then fails on the state it left behind: flaky, never kept.
  flaky: {
    path: "test/math.test.js",
    content: `import assert from "node:assert/strict";\nimport { existsSync, writeFileSync } from "node:fs";\nimport { test } from "node:test";\nimport { clamp } from "../src/math.js";\n\nconst marker = new URL("./.clamp-ran", import.meta.url);\n\ntest("clamp", () => {\n  const first = !existsSync(marker);\n  writeFileSync(marker, "ran");\n  assert.ok(first, "ran before");\n  assert.equal(clamp(5, 0, 10), 5);\n});\n`,
  },
  noCoverage: { path: "test/add-again.test.js", content: `import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { add } from "../src/math.js";\n\ntest("add again", () => {\n  assert.equal(add(2, 2), 4);\n});\n` },
  // "Raises coverage" by deleting the untested function: only filter 4 can tell.
  editsSource: { path: "src/math.js", content: "export function add(a, b) {\n  return a + b;\n}\n" },
  good: { path: "test/math.test.js", content: GOOD_TEST },
};

const isRepair = (call: OllamaCall) => {
  const messages = call.body.messages as { role: string; content: string }[];
  return messages[messages.length - 1]!.content.startsWith("That test file was rejected");
};

function config(extra: Record<string, unknown> = {}): LodestarConfig {
  const loaded = validateConfig({ models: { cloud: "none" }, ...extra });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.config;
}

async function fixtureRepo(files: Record<string, string> = FIXTURE): Promise<string> {
  const dir = await fakes.dir("lodestar-tests-fixture-");
  await commitAll(dir, [files]);
  return dir;
}

async function context(repo: string, cfg: LodestarConfig, llm: LlmHandle, jobExtra: Partial<Job> = {}): Promise<ModuleContext> {
  const job = createJob({ kind: "cycle", repo: { owner: "o", name: "tiny-math", dir: repo }, ref: null, requestedBy: { login: "me", via: "cli" }, config: cfg, deliveryId: null, trusted: true, modules: ["tests"], ...jobExtra });
  return { job, config: cfg, analysis: await analyzeRepository(repo), llm, scratchDir: await fakes.dir("lodestar-tests-scratch-"), signal: new AbortController().signal, cache: null };
}

async function router(cfg: LodestarConfig, ollamaUrl: string): Promise<LlmHandle> {
  const env = { OLLAMA_HOST: ollamaUrl, LODESTAR_STATE_DIR: await fakes.dir("lodestar-tests-state-") };
  return createRouter({ env, config: cfg, state: await openState({ env }), repo: "o/tiny-math", job: "job-1", retry: { maxAttempts: 1 } });
}

const funnelOf = (result: ModuleResult): Funnel => result.findings[0]!.evidence[0]!.data!.funnel as Funnel;
const chats = (requests: RecordedRequest[]) => requests.filter((r) => r.path === "/api/chat");

/** Nothing escaped the sandbox: the repository is as committed, the scratch folder empty. */
async function untouched(repo: string, scratch: string): Promise<void> {
  const { stdout } = await exec("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: repo });
  expect(stdout).toBe("");
  expect(await readFile(path.join(repo, "src/math.js"), "utf8")).toBe(MATH);
  expect(await readdir(scratch)).toEqual([]);
}

describe("the tests module", () => {
  it("keeps only the test that parses, passes 5 of 5 runs, raises coverage and touches tests only", async () => {
    const repo = await fixtureRepo();
    const order = [ANSWERS.unparsable, ANSWERS.flaky, ANSWERS.noCoverage, ANSWERS.editsSource, ANSWERS.good];
    let next = 0;
    const ollama = await fakes.ollama({
      models: [MODEL],
      // A repair gets prose: no usable file, so the unparsable candidate stays dropped at filter 1.
      respond: (call) => ({ text: isRepair(call) ? "Sorry, I cannot see what is wrong with that test." : JSON.stringify(order[next++]) }),
    });
    const cfg = config({ modules: { tests: { candidates: 5, reruns: 5 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url));

    const result = await testsModule.run(ctx);

    expect(result.incomplete).toBeUndefined();
    expect(funnelOf(result)).toEqual({ generated: 5, built: 4, passed: 3, raisedCoverage: 2, testFilesOnly: 1, proposed: 1, unusable: 1, flaky: 1, repairs: { attempted: 1, kept: 0 } });
    const candidates = result.findings[0]!.evidence[0]!.data!.candidates as { stage: string; reason: string; repaired: boolean }[];
    expect(candidates.map((c) => c.stage)).toEqual(["build", "pass", "coverage", "test-files", "kept"]);
    expect(candidates[0]).toMatchObject({ repaired: true, reason: expect.stringMatching(/no usable file/) });
    expect(candidates[1]!.reason).toMatch(/^flaky: passed 1 run, then failed/);
    expect(candidates[2]!.reason).toMatch(/does not raise the coverage of src\/math\.js/);
    expect(candidates[3]!.reason).toBe("it writes src/math.js, which is not a test file");
    expect(result.findings[0]).toMatchObject({ module: "tests", ruleId: "tests/funnel", level: "note", location: { path: "src/math.js" } });
    expect(result.findings[0]!.message).toMatch(/^5 generated → 4 built → 3 passed 5\/5 → 2 raised coverage → 1 test files only → 1 proposed/);

    expect(result.proposals).toHaveLength(1);
    const [proposal] = result.proposals;
    expect(proposal).toMatchObject({ module: "tests", slug: "src-math-js", files: ["test/math.test.js"], verified: true });
    expect(proposal!.title).toBe("Tests for src/math.js (lines 38.5 % → 100 %)");
    expect(proposal!.patch.startsWith("diff --git a/test/math.test.js b/test/math.test.js\nnew file mode 100644\n--- /dev/null\n+++ b/test/math.test.js\n@@ -0,0 +1,15 @@\n")).toBe(true);
    expect(applyProposal(new Map([["test/math.test.js", null]]), proposal!.patch)).toEqual(new Map([["test/math.test.js", GOOD_TEST]]));
    expect(proposalRejection(proposal!, cfg["pull-requests"]["max-changed-lines"])).toBeNull();
    const evidence = proposal!.evidence.map((e) => e.description);
    expect(evidence[0]).toMatch(/^coverage of src\/math\.js: lines 38\.5 % \(5\/13\).* → lines 100 % \(13\/13\)/);
    expect(evidence[1]).toMatch(/^each kept test passed 5 of 5 runs/);
    expect(proposal!.evidence[1]!.data).toMatchObject({ runs: { "test/math.test.js": { passed: 5, of: 5 } }, commands: expect.arrayContaining(["node --check test/math.test.js", "node --test test/math.test.js"]) });
    expect(evidence[2]).toBe("funnel: 5 generated → 4 built → 3 passed 5/5 → 2 raised coverage → 1 test files only → 1 proposed (1 unusable answer, 1 flaky, 1 repair tried, 0 kept)");
    expect(evidence[3]).toBe(`tests written by ollama ${MODEL}`);
    expect(proposal!.body).toMatch(/^Lodestar wrote a test file for `src\/math\.js` \(chosen for its low coverage and its hotspot rank \(#\d+\)\) and proved it in a sandbox/);
    expect(proposal!.body).toContain("| lines | 38.5 % (5/13) | 100 % (13/13) |");
    expect(proposal!.body).toContain("| passes 5 of 5 runs | 3 |");

    // Five candidates and one repair; the source under test and the repo's own test went in as data.
    const calls = chats(ollama.requests);
    expect(calls).toHaveLength(6);
    const first = JSON.parse(calls[0]!.body) as { messages: { role: string; content: string }[]; format?: unknown };
    expect(first.format).toMatchObject({ required: ["path", "content"] });
    const user = first.messages.find((m) => m.role === "user")!.content;
    expect(user.startsWith(CONTEXT_HEADER)).toBe(true);
    expect(user).toContain("File: src/math.js");
    expect(user).toContain("File: test/other.test.js");
    expect(user).toContain("- `clamp` at line 5, never called by any test");
    expect(user).toContain("Write a new test file at `test/math.test.js`");
    const repair = JSON.parse(calls[1]!.body) as { messages: { role: string; content: string }[] };
    expect(repair.messages.at(-1)!.content).toMatch(/^That test file was rejected: test\/math\.test\.js does not parse/);
    expect(repair.messages.at(-1)!.content).toContain("SyntaxError");

    await untouched(repo, ctx.scratchDir);
  }, SANDBOX_TEST_MS);

  it("repairs a failing test once, with the failure as feedback, and keeps the repair", async () => {
    const repo = await fixtureRepo();
    const wrong = { path: "test/math.test.js", content: GOOD_TEST.replace("assert.equal(clamp(42, 0, 10), 10);", "assert.equal(clamp(42, 0, 10), 42);") };
    const ollama = await fakes.ollama({ models: [MODEL], respond: (call) => ({ text: JSON.stringify(isRepair(call) ? ANSWERS.good : wrong) }) });
    const cfg = config({ modules: { tests: { candidates: 1, reruns: 3 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url));

    const result = await testsModule.run(ctx);

    expect(funnelOf(result)).toMatchObject({ generated: 1, built: 1, passed: 1, raisedCoverage: 1, testFilesOnly: 1, proposed: 1, repairs: { attempted: 1, kept: 1 } });
    const repair = JSON.parse(chats(ollama.requests)[1]!.body) as { messages: { role: string; content: string }[] };
    expect(repair.messages.at(-2)).toEqual({ role: "assistant", content: JSON.stringify(wrong) });
    expect(repair.messages.at(-1)!.content).toMatch(/^That test file was rejected: it fails \(the first run exited with 1\)/);
    expect(repair.messages.at(-1)!.content).toContain("42");
    expect(result.proposals[0]!.body).toContain("3/3 runs passed; repaired once");
    await untouched(repo, ctx.scratchDir);
  }, SANDBOX_TEST_MS);

  it("adds cases to the target's existing test file, and drops an answer that rewrites its tests", async () => {
    const existing = OTHER_TEST;
    const repo = await fixtureRepo({ "package.json": FIXTURE["package.json"], "src/math.js": MATH, "test/math.test.js": existing });
    const clampCases = GOOD_TEST.slice(GOOD_TEST.indexOf('test("clamp keeps')).replace(/^/, "\n");
    const withImports = (body: string) => body.replace('import { add } from "../src/math.js";', 'import { add, clamp } from "../src/math.js";');
    // The first answer covers more lines but drops the existing `add` test; the second only adds.
    const rewrite = { path: "test/math.test.js", content: withImports(existing.slice(0, existing.indexOf('test("add"'))) + clampCases.trimStart() };
    const added = { path: "test/math.test.js", content: withImports(existing) + clampCases };
    let next = 0;
    const ollama = await fakes.ollama({ models: [MODEL], respond: () => ({ text: JSON.stringify([rewrite, added][next++]) }) });
    const cfg = config({ modules: { tests: { candidates: 2 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url));

    const result = await testsModule.run(ctx);

    const candidates = result.findings[0]!.evidence[0]!.data!.candidates as { stage: string; reason: string }[];
    expect(candidates.map((c) => [c.stage, c.reason])).toEqual([
      ["test-files", "it changes or removes lines of the existing test file test/math.test.js (tests may only be added)"],
      ["kept", expect.stringMatching(/^kept: lines 38\.5 %/)],
    ]);
    const first = JSON.parse(chats(ollama.requests)[0]!.body) as { messages: { role: string; content: string }[] };
    expect(first.messages.find((m) => m.role === "user")!.content).toContain("File: test/math.test.js");
    expect(first.messages.find((m) => m.role === "user")!.content).toContain("Add test cases to `test/math.test.js` (shown above)");
    const [proposal] = result.proposals;
    expect(proposal!.patch).toMatch(/^diff --git a\/test\/math\.test\.js b\/test\/math\.test\.js\n--- a\/test\/math\.test\.js\n\+\+\+ b\/test\/math\.test\.js\n/);
    expect(applyProposal(new Map([["test/math.test.js", existing]]), proposal!.patch)).toEqual(new Map([["test/math.test.js", added.content]]));
    expect(proposal!.body).toContain("- `test/math.test.js` (cases added; 5/5 runs passed)");
    await untouched(repo, ctx.scratchDir);
  }, SANDBOX_TEST_MS);

  it("never writes what a model names outside the repository's tests", async () => {
    const repo = await fixtureRepo();
    const hostile = [
      { path: "../../escape.test.js", content: "throw new Error('escaped');\n" },
      { path: ".github/workflows/test.yml", content: "on: push\n" },
      { path: ".git/hooks/pre-commit", content: "#!/bin/sh\n" },
    ];
    let next = 0;
    const ollama = await fakes.ollama({ models: [MODEL], respond: () => ({ text: JSON.stringify(hostile[next++ % hostile.length]) }) });
    const cfg = config({ modules: { tests: { candidates: 3 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url));

    const result = await testsModule.run(ctx);

    expect(result.proposals).toEqual([]);
    // Unsafe paths are not worth a repair: three answers, three candidates, all dropped unwritten.
    expect(chats(ollama.requests)).toHaveLength(3);
    expect(funnelOf(result)).toMatchObject({ generated: 3, built: 0, unusable: 3, repairs: { attempted: 0, kept: 0 } });
    expect(result.findings[0]!.message).toMatch(/no candidate survived the filters, so nothing is proposed/);
    await expect(readFile(path.join(repo, "..", "..", "escape.test.js"), "utf8")).rejects.toThrow();
    await untouched(repo, ctx.scratchDir);
  }, SANDBOX_TEST_MS);

  it("drops a test whose run rewrites a source file, though the test file itself is fine", async () => {
    const repo = await fixtureRepo();
    const sneaky = {
      path: "test/math.test.js",
      content: GOOD_TEST.replace(
        'import { clamp } from "../src/math.js";',
        'import { clamp } from "../src/math.js";\nimport { appendFileSync } from "node:fs";\n\nappendFileSync(new URL("../src/math.js", import.meta.url), "// touched by a test\\n");',
      ),
    };
    const ollama = await fakes.ollama({ models: [MODEL], respond: () => ({ text: JSON.stringify(sneaky) }) });
    const cfg = config({ modules: { tests: { candidates: 1, reruns: 2 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url));

    const result = await testsModule.run(ctx);

    expect(result.proposals).toEqual([]);
    const candidates = result.findings[0]!.evidence[0]!.data!.candidates as { stage: string; reason: string }[];
    expect(candidates).toEqual([expect.objectContaining({ stage: "test-files", reason: "running it changed src/math.js, a file that is not a test" })]);
    await untouched(repo, ctx.scratchDir);
  }, SANDBOX_TEST_MS);

  const STRINGS = { path: "test/strings.test.js", content: `import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { shout } from "../src/strings.js";\n\ntest("shout", () => {\n  assert.equal(shout("hi"), "HI");\n});\n` };
  const withStrings = { ...FIXTURE, "src/strings.js": "export function shout(s) {\n  return s.toUpperCase();\n}\n" };

  it("makes one proposal per target, each from the starting tree", async () => {
    const repo = await fixtureRepo(withStrings);
    const ollama = await fakes.ollama({
      models: [MODEL],
      respond: (call) => ({ text: JSON.stringify(JSON.stringify(call.body.messages).includes("File: src/strings.js") ? STRINGS : ANSWERS.good) }),
    });
    const cfg = config({ modules: { tests: { candidates: 1, reruns: 2, "max-targets": 5 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url));

    const result = await testsModule.run(ctx);

    // src/strings.js, loaded by no test, is the least covered; each patch holds its own target's test only.
    expect(result.proposals.map((p) => [p.slug, p.files])).toEqual([
      ["src-strings-js", ["test/strings.test.js"]],
      ["src-math-js", ["test/math.test.js"]],
    ]);
    expect(result.findings.map((f) => f.title)).toEqual(["Test generation for src/strings.js", "Test generation for src/math.js", "Test generation"]);
    expect(result.findings[2]!.message).toBe("2 targets: 2 generated → 2 built → 2 passed 2/2 → 2 raised coverage → 2 test files only → 2 proposed.");
    await untouched(repo, ctx.scratchDir);
  }, SANDBOX_TEST_MS);

  it("works only on the path a command names", async () => {
    const repo = await fixtureRepo(withStrings);
    const ollama = await fakes.ollama({ models: [MODEL], respond: () => ({ text: JSON.stringify(STRINGS) }) });
    const cfg = config({ modules: { tests: { candidates: 1 } } });
    const ctx = await context(repo, cfg, await router(cfg, ollama.url), { target: "src/strings.js" });

    const result = await testsModule.run(ctx);

    // No test loads src/strings.js, so no report names it: the command reaches it all the same.
    expect(result.proposals.map((p) => [p.slug, p.files])).toEqual([["src-strings-js", ["test/strings.test.js"]]]);
    expect(result.proposals[0]!.evidence[0]!.description).toMatch(/^coverage of src\/strings\.js: not loaded by any test → lines 100 %/);
  }, SANDBOX_TEST_MS);
});

describe("the tests module when it cannot work", () => {
  const never: LlmHandle = {
    available: true,
    complete: async () => {
      throw new Error("the model must not be asked");
    },
  };

  it("says there is no model, before touching anything", async () => {
    const cfg = config();
    const ctx = await context(await fixtureRepo(), cfg, offlineLlm("Ollama at http://127.0.0.1:9 is unreachable"));
    expect(await testsModule.run(ctx)).toEqual({ findings: [], proposals: [], incomplete: ["no model to write tests: Ollama at http://127.0.0.1:9 is unreachable"] });
  });

  it("says it has no checkout when the analysis is a listing", async () => {
    const cfg = config();
    const ctx = { ...(await context(await fixtureRepo(), cfg, never)), analysis: analyzeListing({ source: "walk", files: [{ path: "src/a.js", size: 1 }], skipped: {}, truncated: false }) };
    expect((await testsModule.run(ctx)).incomplete).toEqual(["no checkout of the repository to run tests in (listing only)"]);
  });

  it("says no test command was found", async () => {
    const cfg = config();
    const ctx = await context(await fixtureRepo({ "README.md": "# nothing to run\n", "src/a.js": "export const a = 1;\n" }), cfg, never);
    expect((await testsModule.run(ctx)).incomplete).toEqual([expect.stringMatching(/^no test command found/)]);
  });

  it("does not generate against a suite that already fails", async () => {
    const cfg = config();
    const broken = { ...FIXTURE, "test/other.test.js": OTHER_TEST.replace("add(1, 2), 3", "add(1, 2), 4") };
    const ctx = await context(await fixtureRepo(broken), cfg, never);
    const result = await testsModule.run(ctx);
    expect(result.proposals).toEqual([]);
    expect(result.incomplete).toEqual([expect.stringMatching(/^the repository's test command `.+` exited with 1 before any change, so no new test can be verified$/)]);
    expect(await readdir(ctx.scratchDir)).toEqual([]);
  });

  it("says so when the model refuses mid-way (a budget spent, Ollama gone)", async () => {
    const refusing: LlmHandle = {
      available: true,
      complete: async () => {
        throw new LlmUnavailableError("no model could answer: Ollama at http://127.0.0.1:9 is unreachable; models.cloud is none");
      },
    };
    const ctx = await context(await fixtureRepo(), config(), refusing);
    const result = await testsModule.run(ctx);
    expect(result.proposals).toEqual([]);
    expect(result.incomplete).toEqual(["test generation stopped at src/math.js: no model could answer: Ollama at http://127.0.0.1:9 is unreachable; models.cloud is none"]);
    expect(result.findings[0]!.message).toMatch(/^0 generated → .*Stopped early: no model could answer/);
  });

  it("notes that nothing under the named path needs tests", async () => {
    const cfg = config();
    const ctx = await context(await fixtureRepo(), cfg, never, { target: "docs" });
    const result = await testsModule.run(ctx);
    expect(result).toMatchObject({ proposals: [], findings: [{ ruleId: "tests/summary", title: "No test target", message: expect.stringMatching(/^No source file under `docs` lacks coverage/) }] });
    expect(result.incomplete).toBeUndefined();
  });
});
