import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildUntrackedCache, untrackedCacheHolds, type UntrackedCache } from "../../src/analysis/untracked-cache.js";
import { backdateFolders, commitAll, git, writeFiles } from "../helpers/git-repo.js";

let dir: string;
let repo: string;
const savedXdg = process.env.XDG_CONFIG_HOME;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "lodestar-untracked-"));
  repo = path.join(dir, "repo");
  await mkdir(repo);
  // Config files of this test's own: the user's must not decide what is ignored here.
  process.env.XDG_CONFIG_HOME = path.join(dir, "xdg");
  await commitAll(repo, [{ "src/a.js": "a\n", "src/deep/b.js": "b\n", ".gitignore": "build/\n*.log\n" }]);
  await writeFiles(repo, { "src/untracked.js": "u\n", "build/out.js": "o\n", "src/debug.log": "l\n" });
  await backdateFolders(repo);
});

afterEach(async () => {
  if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = savedXdg;
  await rm(dir, { recursive: true, force: true });
});

async function build(): Promise<UntrackedCache> {
  const cache = await buildUntrackedCache(repo, ["src/untracked.js"], new Set());
  expect(cache).not.toBeNull();
  return cache as UntrackedCache;
}

describe("untracked cache", () => {
  it("watches the folders git walks, not .git or ignored ones, and holds while nothing changes", async () => {
    const cache = await build();
    expect(cache.dirs.split("\n").sort()).toEqual(["", "src", "src/deep"]);
    expect(cache.untracked).toEqual(["src/untracked.js"]);
    expect(untrackedCacheHolds(repo, cache)).toBe(true);
    // A file in an ignored folder, an edit of a file: no folder git walks changed.
    await writeFile(path.join(repo, "build/more.js"), "m\n");
    await writeFile(path.join(repo, "src/a.js"), "changed\n");
    expect(untrackedCacheHolds(repo, cache)).toBe(true);
  });

  it("is not made when the list differs from the one the analysis used, or a folder just changed", async () => {
    expect(await buildUntrackedCache(repo, [], new Set())).toBeNull();
    await writeFile(path.join(repo, "src/deep/new.js"), "n\n");
    expect(await buildUntrackedCache(repo, ["src/deep/new.js", "src/untracked.js"], new Set())).toBeNull();
  });

  it("stops holding when a file appears, vanishes or moves in a watched folder", async () => {
    const cache = await build();
    await writeFile(path.join(repo, "src/deep/new.js"), "n\n");
    expect(untrackedCacheHolds(repo, cache)).toBe(false);

    await backdateFolders(repo);
    const again = await buildUntrackedCache(repo, ["src/deep/new.js", "src/untracked.js"], new Set());
    expect(again).not.toBeNull();
    await rename(path.join(repo, "src/untracked.js"), path.join(repo, "src/renamed.js"));
    expect(untrackedCacheHolds(repo, again as UntrackedCache)).toBe(false);
  });

  it("stops holding when the ignore rules may have changed: a .gitignore, info/exclude, the environment", async () => {
    const cache = await build();
    // Rewriting a file does not touch its folder's times; the file's own are watched.
    await writeFile(path.join(repo, ".gitignore"), "build/\n");
    expect(untrackedCacheHolds(repo, cache)).toBe(false);

    await writeFile(path.join(repo, ".gitignore"), "build/\n*.log\n");
    await backdateFolders(repo);
    const second = await build();
    await writeFile(path.join(repo, ".git/info/exclude"), "*.js\n");
    expect(untrackedCacheHolds(repo, second)).toBe(false);

    await backdateFolders(repo);
    const third = await buildUntrackedCache(repo, [], new Set());
    expect(third).not.toBeNull();
    process.env.XDG_CONFIG_HOME = path.join(dir, "elsewhere");
    expect(untrackedCacheHolds(repo, third as UntrackedCache)).toBe(false);
  });

  it("leaves nested repositories to the untracked list", async () => {
    await mkdir(path.join(repo, "nested"));
    await git(path.join(repo, "nested"), "init", "-q");
    await writeFiles(repo, { "nested/x.js": "x\n" });
    await backdateFolders(repo);
    const cache = await buildUntrackedCache(repo, ["nested/", "src/untracked.js"], new Set(["nested/"]));
    expect(cache?.dirs.split("\n").sort()).toEqual(["", "src", "src/deep"]);
    await writeFile(path.join(repo, "nested/y.js"), "y\n");
    expect(untrackedCacheHolds(repo, cache as UntrackedCache)).toBe(true);
  });
});
