import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { appendFile, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { analyzeRepository, type Analysis } from "../../src/analysis/index.js";
import { openAnalysisCache } from "../../src/state/index.js";
import type { Snapshot } from "../../src/analysis/incremental.js";
import { backdateFolders, commitAll, git, writeFiles } from "../helpers/git-repo.js";

/**
 * The incremental analysis must give exactly what an analysis without cache gives, and must
 * actually be incremental when only work-tree files changed. Each step below changes the
 * repository, then compares a cached run (which may patch the previous snapshot) with a run
 * without cache.
 */

const fn = (name: string, branches: number) =>
  `export function ${name}(x) {\n${Array.from({ length: branches }, (_, i) => `  if (x === ${i}) return ${i};`).join("\n")}\n  return -1;\n}\n`;

let dir: string;
let repo: string;
let stateDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "lodestar-incremental-"));
  repo = path.join(dir, "repo");
  stateDir = path.join(dir, "state");
  await mkdir(repo);
  await commitAll(repo, [
    {
      "src/a.js": fn("a", 3),
      "src/b.js": fn("b", 5),
      "src/c.ts": fn("c", 1),
      "src/d.py": "def d(x):\n    if x:\n        return 1\n    return 2\n",
      "README.md": "# Title\n\nSome text.\n",
      "package.json": JSON.stringify({ name: "demo", devDependencies: { jest: "30.0.0" } }),
      "test/a.test.js": "test('a', () => {});\n",
      "dist/bundle.js": "var x = 1;\n",
    },
    { "src/a.js": fn("a", 4), "src/b.js": fn("b", 6), "src/d.py": "def d(x):\n    return 2\n" },
    { "src/a.js": fn("a", 5) },
  ]);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  analysis: Analysis;
  phases: string[];
}

async function analyse(useCache: boolean, maxMetricFiles?: number): Promise<Run> {
  const phases: string[] = [];
  const analysis = await analyzeRepository(repo, {
    cache: useCache ? openAnalysisCache(repo, { stateDir }) : null,
    ...(maxMetricFiles ? { maxMetricFiles } : {}),
    onProgress: (phase) => {
      if (!phases.includes(phase)) phases.push(phase);
    },
  });
  return { analysis, phases };
}

/** Runs cached and uncached; expects the same result, and says whether the cached run patched. */
async function compare(maxMetricFiles?: number): Promise<boolean> {
  const cached = await analyse(true, maxMetricFiles);
  const scratch = await analyse(false, maxMetricFiles);
  expect({ ...cached.analysis, warnings: [] }).toEqual({ ...scratch.analysis, warnings: [] });
  expect(JSON.stringify(cached.analysis.languages)).toBe(JSON.stringify(scratch.analysis.languages));
  return cached.phases.includes("incremental");
}

describe("incremental analysis", () => {
  it("patches the previous result after work-tree edits, and gives what a full analysis gives", async () => {
    expect(await compare()).toBe(false); // first run: full
    expect(await compare()).toBe(true); // nothing changed

    await appendFile(path.join(repo, "src/a.js"), "// a comment\n\nconst y = 2;\n");
    expect(await compare()).toBe(true);

    await writeFile(path.join(repo, "README.md"), "# Title\n\nMore text.\nAnd more.\n");
    await appendFile(path.join(repo, "src/d.py"), "\ndef e(y):\n    if y:\n        return 3\n    return 4\n");
    expect(await compare()).toBe(true);

    // Reverted to the committed content: the earlier patch must be undone.
    await git(repo, "checkout", "--", "src/a.js");
    expect(await compare()).toBe(true);

    // A file turning binary leaves the counts for the skipped ones, then comes back; a file
    // skipped by its path stays skipped.
    await writeFile(path.join(repo, "README.md"), Buffer.from([0, 1, 2, 0, 255, 10]));
    await appendFile(path.join(repo, "dist/bundle.js"), "var y = 2;\n");
    const binary = await analyse(true);
    expect(binary.phases).toContain("incremental");
    expect(binary.analysis.skipped["binary"]).toBe(1);
    expect(binary.analysis.languages["Markdown"]).toBeUndefined();
    expect(await compare()).toBe(true);
    await writeFile(path.join(repo, "README.md"), "# Back\n");
    expect(await compare()).toBe(true);

    // A test file emptied stays a test file.
    await writeFile(path.join(repo, "test/a.test.js"), "");
    expect(await compare()).toBe(true);
  });

  it("falls back to a full analysis when a change reaches what it cannot patch, with the same result", async () => {
    await compare();
    // A manifest: dependencies are recomputed by the full path.
    await writeFile(path.join(repo, "package.json"), JSON.stringify({ name: "demo", dependencies: { lodash: "4.17.21" } }));
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);

    // A new untracked file, then its removal.
    await writeFiles(repo, { "src/new.js": fn("n", 2) });
    expect(await compare()).toBe(false);
    await unlink(path.join(repo, "src/new.js"));
    expect(await compare()).toBe(false);

    // A file git does not vouch for (assume-unchanged): the flag changes the index, then its
    // edits are still seen, though git does not report them.
    await git(repo, "update-index", "--assume-unchanged", "src/c.ts");
    expect(await compare()).toBe(false);
    await appendFile(path.join(repo, "src/c.ts"), "export const extra = 1;\n");
    expect(await compare()).toBe(true);
    await git(repo, "update-index", "--no-assume-unchanged", "src/c.ts");

    // A deleted tracked file, a file replaced by a symlink.
    await unlink(path.join(repo, "README.md"));
    expect(await compare()).toBe(false);
    await unlink(path.join(repo, "src/b.js"));
    await symlink("a.js", path.join(repo, "src/b.js"));
    expect(await compare()).toBe(false);

    // A commit moves HEAD (churn) and the index.
    await git(repo, "add", "-A");
    await git(repo, "commit", "-q", "-m", "more");
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);
  });

  it("checks again what the listing left out: a deleted file restored, an untracked symlink, a nested repository", async () => {
    await compare();
    // Deleted, it stays left out without a full run each time.
    await unlink(path.join(repo, "README.md"));
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);
    // Restored by git, which refreshes the index: git no longer reports the path, yet it counts again.
    await git(repo, "checkout", "--", "README.md");
    expect((await git(repo, "diff-files", "--name-only")).trim()).toBe("");
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);

    // An untracked symlink is left out; once it is a regular file, it counts.
    await symlink("src/a.js", path.join(repo, "link.js"));
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);
    await unlink(path.join(repo, "link.js"));
    await writeFile(path.join(repo, "link.js"), fn("l", 2));
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);

    // An untracked nested repository is listed as its folder and left out.
    await mkdir(path.join(repo, "nested"));
    await git(path.join(repo, "nested"), "init", "-q");
    await writeFiles(repo, { "nested/x.js": fn("x", 1) });
    expect(await compare()).toBe(false);
    expect(await compare()).toBe(true);
  });

  it("trusts its own untracked cache only while it holds", async () => {
    await writeFiles(repo, { "notes/todo.txt": "one\ntwo\n" });
    await backdateFolders(repo);
    expect(await compare()).toBe(false);
    const built = async () => (await openAnalysisCache(repo, { stateDir })).peek<Snapshot>("snapshot", "base")?.untrackedCache;
    expect((await built())?.untracked).toEqual(["notes/todo.txt"]);
    expect(await compare()).toBe(true);

    // Ignored from now on, though no folder changed: the exclude file is watched.
    await appendFile(path.join(repo, ".git/info/exclude"), "notes/\n");
    expect(await compare()).toBe(false);
    expect((await built())?.untracked).toEqual([]);
    expect(await compare()).toBe(true);

    // A new file in a folder that already was there.
    await writeFile(path.join(repo, "src/new.js"), fn("n", 2));
    expect(await compare()).toBe(false);
  });

  it("sums the languages again when a changed file changes language", async () => {
    await commitAll(repo, [{ "bin/tool": "#!/usr/bin/env node\nconsole.log(1);\n" }]);
    await compare();
    await writeFile(path.join(repo, "bin/tool"), "#!/usr/bin/env python3\nprint(1)\n");
    expect(await compare()).toBe(true);
    await writeFile(path.join(repo, "bin/tool"), "#!/usr/bin/env node\nconsole.log(2);\n");
    expect(await compare()).toBe(true);
  });

  it("keeps the metric targets exact at the cap: a change that crosses the cut takes the full path", async () => {
    // Candidates by churn: a.js (3 commits), b.js and d.py (2), c.ts (1). With a cap of 2 the
    // cut falls between b.js/d.py (ranked by code lines).
    await compare(2);
    await appendFile(path.join(repo, "src/a.js"), "const more = 1;\n");
    expect(await compare(2)).toBe(true); // a.js stays first
    // d.py grows past b.js: the targets change, so the full path decides.
    await appendFile(path.join(repo, "src/d.py"), Array.from({ length: 20 }, (_, i) => `v${i} = ${i}\n`).join(""));
    expect(await compare(2)).toBe(false);
  });
});
