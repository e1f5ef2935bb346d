import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { commitAll, git } from "../helpers/git-repo.js";

/** A small library with a `node --test` suite: no install, no network needed to run it. */
export const LIBRARY: Record<string, string> = {
  "package.json": JSON.stringify({ name: "fixture-lib", version: "1.0.0", type: "module", scripts: { test: "node --test" } }, null, 2) + "\n",
  "src/math.js": [
    "export function add(a, b) {",
    "  return a + b;",
    "}",
    "",
    "export function clamp(x, lo, hi) {",
    "  if (x < lo) return lo;",
    "  if (x > hi) return hi;",
    "  return x;",
    "}",
    "",
  ].join("\n"),
  "test/math.test.js": [
    'import { test } from "node:test";',
    'import assert from "node:assert/strict";',
    'import { add } from "../src/math.js";',
    "",
    'test("add", () => {',
    "  assert.equal(add(2, 3), 5);",
    "});",
    "",
  ].join("\n"),
  ".gitignore": "node_modules/\n",
  "README.md": "# fixture\n",
};

export interface Fixture {
  /** Holds `repo/`, `scratch/` and anything else a test puts beside them. */
  base: string;
  repo: string;
  scratch: string;
  cleanup(): Promise<void>;
}

/** A temp folder with a committed git repository of `files` and an empty scratch root beside it. */
export async function makeFixture(files: Record<string, string> = LIBRARY): Promise<Fixture> {
  const base = await mkdtemp(path.join(os.tmpdir(), "lodestar-sbx-test-"));
  const repo = path.join(base, "repo");
  const scratch = path.join(base, "scratch");
  await mkdir(repo);
  await commitAll(repo, [files]);
  return { base, repo, scratch, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** What a user would look at to see whether anything touched their repository. */
export async function repoState(repo: string): Promise<Record<string, string>> {
  const read = (...args: string[]) => git(repo, ...args);
  return {
    status: await read("status", "--porcelain", "--ignored"),
    branches: await read("branch", "-a", "-v", "--no-abbrev"),
    worktrees: await read("worktree", "list", "--porcelain"),
    head: await read("rev-parse", "HEAD"),
    config: await read("config", "--local", "--list"),
    refs: await read("for-each-ref"),
    stash: await read("stash", "list"),
  };
}

/** `node -e <script>` as an argument list. */
export function nodeEval(script: string): string[] {
  return ["node", "-e", script];
}
