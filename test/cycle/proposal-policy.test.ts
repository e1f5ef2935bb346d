import { describe, expect, it } from "@jest/globals";
import { changedLines, patchPaths, proposalRejection, unsafePathReason } from "../../src/cycle/index.js";
import { unquoteGitPath } from "../../src/cycle/proposal-policy.js";
import type { Proposal } from "../../src/modules/index.js";

const patchFor = (file: string, added = 1) =>
  [`--- a/${file}`, `+++ b/${file}`, "@@ -1,1 +1,2 @@", " keep", ...Array.from({ length: added }, (_, i) => `+line ${i}`)].join("\n");

const proposal = (file: string, added = 1): Proposal => ({
  module: "refactor",
  slug: "x",
  title: "t",
  body: "b",
  patch: patchFor(file, added),
  files: [file],
  evidence: [],
  verified: true,
});

describe("proposal policy", () => {
  it.each([
    [".github/workflows/ci.yml", /workflows/],
    ["./.github/workflows/x.yml", /workflows/],
    ["CODEOWNERS", /CODEOWNERS/],
    [".github/CODEOWNERS", /CODEOWNERS/],
    ["../outside.txt", /leaves the repository/],
    ["src/../../etc/passwd", /leaves the repository/],
    ["/etc/passwd", /absolute/],
    ["C:\\Windows\\x", /absolute/],
    [".git/config", /\.git/],
    ["sub/.git/hooks/pre-commit", /\.git/],
    ["a\0b", /NUL/],
  ])("rejects %j", (file, why) => {
    expect(unsafePathReason(file)).toMatch(why);
    expect(proposalRejection(proposal(file), 400)).toMatch(why);
  });

  it.each(["src/index.ts", "test/a.test.ts", ".github/lodestar.yml", "docs/workflows.md"])("accepts %j", (file) => {
    expect(unsafePathReason(file)).toBeNull();
    expect(proposalRejection(proposal(file), 400)).toBeNull();
  });

  it("also checks paths that only the diff names", () => {
    const sneaky = { ...proposal("src/a.ts"), patch: patchFor(".github/workflows/release.yml") };
    expect(proposalRejection(sneaky, 400)).toMatch(/workflows/);
  });

  it.each([
    ["a C-quoted header", '--- /dev/null\n+++ "b/.github/workflows/n\\145w.yml"\n@@ -0,0 +1 @@\n+on: push\n'],
    ["a rename", "diff --git a/ci.yml b/.github/workflows/ci.yml\nsimilarity index 100%\nrename from ci.yml\nrename to .github/workflows/ci.yml\n"],
    ["a mode change with only a diff --git line", "diff --git a/.github/workflows/x.yml b/.github/workflows/x.yml\nold mode 100644\nnew mode 100755\n"],
    ["another case", "--- a/.GitHub/Workflows/ci.yml\n+++ b/.GitHub/Workflows/ci.yml\n@@ -1 +1 @@\n-a\n+b\n"],
    ["a case-folded .git", "--- a/.Git/config\n+++ b/.Git/config\n@@ -1 +1 @@\n-a\n+b\n"],
  ])("sees a forbidden path written as %s", (_name, patch) => {
    expect(proposalRejection({ ...proposal("src/a.ts"), patch }, 400)).toMatch(/workflows|\.git/i);
  });

  it("reads C-quoted paths the way git apply does", () => {
    expect(unquoteGitPath('"b/caf\\303\\251 \\"x\\".txt"')).toBe('b/café "x".txt');
    expect(patchPaths('--- "a/with space.txt"\n+++ "b/with space.txt"\n')).toEqual(["with space.txt"]);
  });

  it("caps the size of a change and refuses an empty one", () => {
    expect(changedLines(patchFor("a.ts", 3))).toBe(3);
    expect(patchPaths(patchFor("a.ts"))).toEqual(["a.ts"]);
    expect(proposalRejection(proposal("a.ts", 401), 400)).toMatch(/401 lines, over the limit of 400/);
    expect(proposalRejection({ ...proposal("a.ts"), patch: "" }, 400)).toMatch(/changes nothing/);
  });
});
