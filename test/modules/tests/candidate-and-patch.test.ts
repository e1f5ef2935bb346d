/**
 * Reading a model's answer as a candidate file (FAULTS 17, 25), the commands the filters run,
 * the funnel's arithmetic, and the proposal's patch — which the PR writer must be able to apply.
 */
import { describe, expect, it } from "@jest/globals";
import { patchPaths, proposalRejection } from "../../../src/cycle/proposal-policy.js";
import { checkAgainstSchema } from "../../../src/llm/schema-check.js";
import { applyProposal } from "../../../src/publish/github/apply-patch.js";
import {
  CANDIDATE_SCHEMA,
  countCandidate,
  describeFunnel,
  emptyFunnel,
  focusedTestCommand,
  readCandidate,
  syntaxCheckCommand,
  unifiedDiff,
} from "../../../src/modules/tests/index.js";

describe("readCandidate", () => {
  it("accepts a test file and ends it with a newline", () => {
    expect(readCandidate({ path: "./test//math.test.js", content: "test('x', () => {});" })).toEqual({ ok: true, path: "test/math.test.js", content: "test('x', () => {});\n" });
  });

  it.each([
    [{ path: "../outside.test.js", content: "x" }, /leaves the repository/],
    [{ path: "/etc/cron.d/x.test.js", content: "x" }, /absolute/],
    [{ path: ".git/hooks/pre-commit", content: "x" }, /\.git/],
    [{ path: ".github/workflows/test.yml", content: "x" }, /workflows/],
    [{ path: "test\\x.test.js", content: "x" }, /backslashes/],
    [{ path: "node_modules/lib/test/x.test.js", content: "x" }, /node_modules/],
    [{ path: "test/x.test.js", content: "   \n" }, /empty/],
    [{ path: "test/x.test.js", content: "a\0b" }, /NUL/],
    [{ path: "test/x.test.js" }, /lacks a string path or content/],
    [["test/x.test.js", "x"], /not a \{ path, content \} object/],
    ["I'm sorry, I cannot write tests for this.", /not a \{ path, content \} object/],
  ])("refuses %j", (answer, reason) => {
    const read = readCandidate(answer);
    expect(read.ok).toBe(false);
    expect(read.ok ? "" : read.reason).toMatch(reason);
  });

  it("asks the model for exactly { path, content }", () => {
    expect(checkAgainstSchema({ path: "t.test.js", content: "x" }, CANDIDATE_SCHEMA).valid).toBe(true);
    expect(checkAgainstSchema({ path: "t.test.js", content: "x", also: "src/a.js" }, CANDIDATE_SCHEMA).valid).toBe(false);
    expect(checkAgainstSchema({ path: "", content: "x" }, CANDIDATE_SCHEMA).valid).toBe(false);
  });
});

describe("filter commands", () => {
  it("checks syntax with the language's own tool where it has one", () => {
    expect(syntaxCheckCommand("test/a.test.mjs")).toEqual(["node", "--check", "test/a.test.mjs"]);
    expect(syntaxCheckCommand("tests/test_a.py")).toEqual(["python3", "-m", "py_compile", "tests/test_a.py"]);
    expect(syntaxCheckCommand("test/a.test.ts")).toBeNull();
  });

  it("narrows node --test, pytest and go test to the candidate, and leaves other runners whole", () => {
    expect(focusedTestCommand({ ecosystem: "node-test", test: ["node", "--test", "--import", "tsx", "test/"] }, "test/a.test.js")).toEqual(["node", "--test", "--import", "tsx", "test/a.test.js"]);
    expect(focusedTestCommand({ ecosystem: "node-test", test: ["npm", "test"] }, "test/a.test.js")).toEqual(["node", "--test", "test/a.test.js"]);
    expect(focusedTestCommand({ ecosystem: "pytest", test: ["python", "-m", "pytest", "tests"] }, "tests/test_a.py")).toEqual(["python", "-m", "pytest", "tests/test_a.py"]);
    expect(focusedTestCommand({ ecosystem: "go", test: ["go", "test", "./..."] }, "pkg/util/a_test.go")).toEqual(["go", "test", "./pkg/util"]);
    expect(focusedTestCommand({ ecosystem: "npm", test: ["npm", "test"] }, "test/a.test.js")).toEqual(["npm", "test"]);
  });
});

describe("the funnel", () => {
  it("counts each candidate at every stage it got through", () => {
    const f = emptyFunnel();
    countCandidate(f, "build", { unusable: true });
    countCandidate(f, "pass", { flaky: true });
    countCandidate(f, "coverage");
    countCandidate(f, "test-files");
    countCandidate(f, "kept");
    f.proposed = 1;
    expect(f).toMatchObject({ generated: 5, built: 4, passed: 3, raisedCoverage: 2, testFilesOnly: 1, proposed: 1, unusable: 1, flaky: 1 });
    expect(describeFunnel(f, 5)).toBe("5 generated → 4 built → 3 passed 5/5 → 2 raised coverage → 1 test files only → 1 proposed (1 unusable answer, 1 flaky)");
  });
});

describe("unifiedDiff", () => {
  it("writes a new file as git does, and the PR writer applies it to the base branch", () => {
    const content = "import { test } from 'node:test';\ntest('x', () => {});\n";
    const patch = unifiedDiff([{ path: "test/math.test.js", before: null, after: content }]);
    expect(patch).toBe(
      "diff --git a/test/math.test.js b/test/math.test.js\nnew file mode 100644\n--- /dev/null\n+++ b/test/math.test.js\n@@ -0,0 +1,2 @@\n+import { test } from 'node:test';\n+test('x', () => {});\n",
    );
    expect(patchPaths(patch)).toEqual(["test/math.test.js"]);
    expect(applyProposal(new Map([["test/math.test.js", null]]), patch)).toEqual(new Map([["test/math.test.js", content]]));
  });

  it("writes cases added to an existing test file, and new files beside it, in one patch that applies", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\n";
    const after = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const patch = unifiedDiff([
      { path: "test/old.test.js", before, after },
      { path: "test/new.test.js", before: null, after: "n\n" },
      { path: "test/same.test.js", before: "s\n", after: "s\n" },
    ]);
    expect(patch).toContain("--- a/test/old.test.js\n+++ b/test/old.test.js\n@@ -5,3 +5,4 @@\n e\n f\n g\n+h\n");
    expect(patch).not.toContain("same.test.js");
    const applied = applyProposal(new Map([["test/old.test.js", before], ["test/new.test.js", null]]), patch);
    expect(applied.get("test/old.test.js")).toBe(after);
    expect(applied.get("test/new.test.js")).toBe("n\n");
    const proposal = { module: "tests", slug: "s", title: "t", body: "b", patch, files: ["test/old.test.js", "test/new.test.js"], evidence: [], verified: true };
    expect(proposalRejection(proposal, 400)).toBeNull();
  });

  it("quotes a name where git would, and the policy reads it back", () => {
    const quoted = unifiedDiff([{ path: 'test/say "hi".test.js', before: null, after: "x\n" }]);
    expect(quoted).toContain('diff --git "a/test/say \\"hi\\".test.js" "b/test/say \\"hi\\".test.js"');
    expect(patchPaths(quoted)).toEqual(['test/say "hi".test.js']);
    expect(unifiedDiff([{ path: "test/a b.test.js", before: null, after: "x\n" }])).toContain("diff --git a/test/a b.test.js b/test/a b.test.js");
  });
});
