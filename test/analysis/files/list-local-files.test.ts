import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { listLocalFiles } from "../../../src/analysis/list-local-files.js";
import type { FileListing } from "../../../src/analysis/types.js";
import { commitAll, git, writeFiles } from "../../helpers/git-repo.js";

const run = promisify(execFile);

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "lodestar-list-"));
});
afterEach(async () => {
  // Folders made unreadable by a test must be readable again to be removed.
  await run("chmod", ["-R", "u+rwx", work]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

const paths = (listing: FileListing) => listing.files.map((f) => f.path);

/** A fresh git repository under the test's folder with one commit per entry. */
async function repoWith(commits: Record<string, string>[]): Promise<string> {
  const repo = path.join(work, "repo");
  await mkdir(repo, { recursive: true });
  await commitAll(repo, commits);
  return repo;
}

/** Whether this process can be kept out of a folder by its mode (root cannot). */
async function modeBlocksReading(dir: string): Promise<boolean> {
  await chmod(dir, 0o000);
  try {
    await readdir(dir);
    return false;
  } catch {
    return true;
  }
}

describe("listLocalFiles outside git (a walk)", () => {
  it("lists regular files with sizes and times, honouring .gitignore files on the way, never entering .git or .lodestar", async () => {
    const root = path.join(work, "plain");
    await writeFiles(root, {
      ".gitignore": "*.log\nbuild/\n",
      "src/index.ts": "export const a = 1;\n",
      "src/debug.log": "noise\n",
      "build/out.js": "ignored\n",
      "logs/.gitignore": "!keep.log\n",
      "logs/keep.log": "kept by a deeper negation\n",
      "logs/drop.log": "still ignored\n",
      ".git/config": "[core]\n",
      ".lodestar/state.json": "{}",
      "README.md": "# Plain\n",
    });
    const listing = await listLocalFiles(root);
    expect(listing.source).toBe("walk");
    expect(listing.truncated).toBe(false);
    expect(paths(listing)).toEqual([".gitignore", "README.md", "logs/.gitignore", "logs/keep.log", "src/index.ts"]);
    const index = listing.files.find((f) => f.path === "src/index.ts");
    expect(index?.size).toBe(20);
    expect(typeof index?.mtimeMs).toBe("number");
    expect(index?.blob).toBeUndefined();
  });

  it("skips symlinks without following them: to a file or folder outside, and a loop", async () => {
    const root = path.join(work, "tree");
    await writeFiles(root, { "a.txt": "a\n" });
    await writeFiles(work, { "outside/secret.txt": "do not list\n" });
    await symlink(path.join(work, "outside/secret.txt"), path.join(root, "link-to-file"));
    await symlink(path.join(work, "outside"), path.join(root, "link-to-folder"));
    await symlink(".", path.join(root, "loop"));
    await symlink("missing-target", path.join(root, "dangling"));
    const listing = await listLocalFiles(root);
    expect(paths(listing)).toEqual(["a.txt"]);
    expect(listing.skipped.symlink).toBe(4);
  });

  it("counts an unreadable folder as skipped instead of failing", async () => {
    const root = path.join(work, "locked");
    await writeFiles(root, { "ok.txt": "ok\n", "secret/a.txt": "a\n" });
    if (!(await modeBlocksReading(path.join(root, "secret")))) {
      // Running as root: permissions do not keep the walk out, so there is nothing to count.
      expect(paths(await listLocalFiles(root))).toEqual(["ok.txt", "secret/a.txt"]);
      return;
    }
    const listing = await listLocalFiles(root);
    expect(paths(listing)).toEqual(["ok.txt"]);
    expect(listing.skipped.unreadable).toBe(1);
  });

  it("stops at maxFiles and says the listing is truncated", async () => {
    const root = path.join(work, "many");
    await writeFiles(root, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, "0")}.txt`, "x\n"])));
    const cut = await listLocalFiles(root, { maxFiles: 5 });
    expect(cut.files).toHaveLength(5);
    expect(cut.truncated).toBe(true);
    const whole = await listLocalFiles(root, { maxFiles: 12 });
    expect(whole.files).toHaveLength(12);
    expect(whole.truncated).toBe(false);
  });

  it("rejects a directory that does not exist", async () => {
    await expect(listLocalFiles(path.join(work, "nope"))).rejects.toThrow();
  });
});

describe("listLocalFiles in a git work tree", () => {
  it("lists tracked and untracked files, not ignored ones; blob ids only for files git reports unchanged", async () => {
    const repo = await repoWith([{ ".gitignore": "dist/\n*.tmp\n", "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 2;\n" }]);
    await writeFiles(repo, { "src/b.ts": "export const b = 3; // changed\n", "notes.md": "# untracked\n", "dist/out.js": "x\n", "scratch.tmp": "x\n" });
    const listing = await listLocalFiles(repo);
    expect(listing.source).toBe("git");
    expect(paths(listing)).toEqual([".gitignore", "notes.md", "src/a.ts", "src/b.ts"]);
    const byPath = new Map(listing.files.map((f) => [f.path, f]));
    const expectedBlob = (await git(repo, "hash-object", "src/a.ts")).trim();
    expect(byPath.get("src/a.ts")).toEqual({ path: "src/a.ts", size: 20, blob: expectedBlob });
    // Changed and untracked files: looked at in the work tree, no blob to trust.
    expect(byPath.get("src/b.ts")?.blob).toBeUndefined();
    expect(byPath.get("src/b.ts")?.size).toBe(31);
    expect(typeof byPath.get("src/b.ts")?.mtimeMs).toBe("number");
    expect(byPath.get("notes.md")?.blob).toBeUndefined();
  });

  it("counts tracked symlinks, submodules and files deleted from the work tree as skipped", async () => {
    const repo = await repoWith([{ "a.txt": "a\n", "gone.txt": "soon deleted\n" }]);
    await symlink("a.txt", path.join(repo, "link"));
    const head = (await git(repo, "rev-parse", "HEAD")).trim();
    await git(repo, "update-index", "--add", "--cacheinfo", `160000,${head},vendor/sub`);
    await git(repo, "add", "link");
    await git(repo, "commit", "-q", "-m", "link and submodule");
    await unlink(path.join(repo, "gone.txt"));
    const listing = await listLocalFiles(repo);
    expect(paths(listing)).toEqual(["a.txt"]);
    expect(listing.skipped).toEqual({ symlink: 1, submodule: 1, missing: 1 });
  });

  it("never lists files through a tracked folder that became a symlink out of the repository", async () => {
    const repo = await repoWith([{ "lib/a.txt": "inside\n", "keep.txt": "k\n" }]);
    await writeFiles(work, { "outside/a.txt": "inside\n" });
    await rm(path.join(repo, "lib"), { recursive: true });
    await symlink(path.join(work, "outside"), path.join(repo, "lib"));
    const listing = await listLocalFiles(repo);
    expect(paths(listing)).toEqual(["keep.txt"]);
    expect(listing.skipped.symlink).toBeGreaterThanOrEqual(1);
  });

  it("does not follow a tracked folder that became a symlink to another folder of the repository either", async () => {
    const repo = await repoWith([{ "lib/a.txt": "lib\n", "src/a.txt": "src\n" }]);
    await rm(path.join(repo, "lib"), { recursive: true });
    await symlink("src", path.join(repo, "lib"));
    const listing = await listLocalFiles(repo);
    expect(paths(listing)).toEqual(["src/a.txt"]);
    expect(listing.skipped).toEqual({ symlink: 2 });
  });

  it("walks a folder inside a work tree, even one git ignores (node_modules), instead of listing it as empty", async () => {
    const repo = await repoWith([{ ".gitignore": "node_modules/\n", "index.js": "require('pkg');\n" }]);
    await writeFiles(repo, { "node_modules/pkg/index.js": "module.exports = 1;\n", "node_modules/pkg/package.json": "{}\n" });
    const inside = await listLocalFiles(path.join(repo, "node_modules"));
    expect(inside.source).toBe("walk");
    expect(paths(inside)).toEqual(["pkg/index.js", "pkg/package.json"]);
  });

  it("an empty repository lists its untracked files; nested repositories and .lodestar are left out", async () => {
    const repo = path.join(work, "empty");
    await mkdir(repo);
    await git(repo, "init", "-q");
    expect(await listLocalFiles(repo)).toEqual({ source: "git", files: [], skipped: {}, truncated: false });
    await writeFiles(repo, { "first.py": "print(1)\n", ".lodestar/out/summary.md": "# s\n" });
    const nested = path.join(repo, "nested");
    await mkdir(nested);
    await git(nested, "init", "-q");
    await writeFile(path.join(nested, "x.txt"), "x\n");
    const listing = await listLocalFiles(repo);
    expect(paths(listing)).toEqual(["first.py"]);
    expect(listing.skipped).toEqual({ submodule: 1 });
  });

  it("falls back to a walk when git cannot read the repository's index", async () => {
    const repo = await repoWith([{ ".gitignore": "*.log\n", "a.ts": "a;\n", "debug.log": "x\n" }]);
    await writeFile(path.join(repo, ".git", "index"), "not an index");
    await expect(git(repo, "ls-files")).rejects.toThrow();
    const listing = await listLocalFiles(repo);
    expect(listing.source).toBe("walk");
    expect(paths(listing)).toEqual([".gitignore", "a.ts"]);
  });

  it("truncates a large work tree at maxFiles", async () => {
    const repo = await repoWith([Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${String(i).padStart(2, "0")}.txt`, `${i}\n`]))]);
    const listing = await listLocalFiles(repo, { maxFiles: 10 });
    expect(listing.files).toHaveLength(10);
    expect(listing.truncated).toBe(true);
  });
});
