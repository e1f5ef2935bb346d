import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { collectChurn } from "../../../src/analysis/metrics/index.js";

const run = promisify(execFile);
const DAY = 24 * 60 * 60;
const now = Math.floor(Date.now() / 1000);

/** Runs git in `dir` as a fixed identity, committing at `daysAgo` when given. */
async function git(dir: string, args: string[], daysAgo?: number): Promise<void> {
  const env = { ...process.env };
  if (daysAgo !== undefined) {
    const date = `@${now - daysAgo * DAY} +0000`;
    env.GIT_AUTHOR_DATE = date;
    env.GIT_COMMITTER_DATE = date;
  }
  await run("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], { cwd: dir, env });
}

async function write(dir: string, file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), content);
}

/** A PNG header and some bytes with NULs: git's numstat shows it as `-\t-`. */
const binary = (seed: number): Buffer => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, seed, 0, 1, 2, 3]);

describe("collectChurn", () => {
  let scratch: string;
  let repo: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "lodestar-churn-"));
    repo = path.join(scratch, "repo");
    await mkdir(repo);
    await git(repo, ["init", "-q"]);
    await write(repo, "old.txt", "one\ntwo\n");
    await git(repo, ["add", "-A"]);
    await git(repo, ["commit", "-q", "-m", "three years ago"], 3 * 365);

    await write(repo, "src/app.ts", "a\nb\nc\n");
    await write(repo, "README.md", "hello\n");
    await write(repo, "logo.png", binary(1));
    await write(repo, "dir with space/ünïcode.txt", "x\n");
    await write(repo, "odd\tname\nwith tab.txt", "y\n");
    await git(repo, ["add", "-A"]);
    await git(repo, ["commit", "-q", "-m", "add"], 10);

    await write(repo, "src/app.ts", "a\nB\nc\n");
    await write(repo, "logo.png", binary(2));
    await git(repo, ["commit", "-q", "-am", "edit"], 9);

    await mkdir(path.join(repo, "docs"));
    await git(repo, ["mv", "README.md", "docs/README.md"]);
    await git(repo, ["commit", "-q", "-m", "move the readme"], 8);

    await git(repo, ["checkout", "-q", "-b", "feature"]);
    await write(repo, "src/app.ts", "a\nB\nc\nd\n");
    await git(repo, ["commit", "-q", "-am", "feature"], 7);
    await git(repo, ["checkout", "-q", "main"]);
    await git(repo, ["merge", "-q", "--no-ff", "-m", "merge feature", "feature"], 6);
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("counts commits and lines per file over the default window of 12 months", async () => {
    expect(Object.fromEntries(await collectChurn(repo))).toEqual({
      // added in one commit, edited in another, extended on a branch; the merge commit itself is not counted
      "src/app.ts": { commits: 3, added: 3 + 1 + 1, deleted: 1 },
      // renames are not followed: the old path gets the add and the delete, the new path one add
      "README.md": { commits: 2, added: 1, deleted: 1 },
      "docs/README.md": { commits: 1, added: 1, deleted: 0 },
      // binary changes count commits but no lines
      "logo.png": { commits: 2, added: 0, deleted: 0 },
      // -z keeps spaces, non-ASCII, tabs and newlines in paths verbatim
      "dir with space/ünïcode.txt": { commits: 1, added: 1, deleted: 0 },
      "odd\tname\nwith tab.txt": { commits: 1, added: 1, deleted: 0 },
    });
  });

  it("takes the window from `since` and stops at `maxCommits`, newest first", async () => {
    const all = await collectChurn(repo, { since: "5 years ago" });
    expect(all.get("old.txt")).toEqual({ commits: 1, added: 2, deleted: 0 });
    expect(all.get("src/app.ts")).toEqual({ commits: 3, added: 5, deleted: 1 });
    // The newest non-merge commit is the feature commit.
    expect(Object.fromEntries(await collectChurn(repo, { maxCommits: 1 }))).toEqual({ "src/app.ts": { commits: 1, added: 1, deleted: 0 } });
    expect((await collectChurn(repo, { maxCommits: 0 })).size).toBe(0);
  });

  it("keys paths relative to a root that is a subfolder of the repository", async () => {
    expect(Object.fromEntries(await collectChurn(path.join(repo, "src")))).toEqual({ "app.ts": { commits: 3, added: 5, deleted: 1 } });
  });

  it("reads a log that arrives in many chunks", async () => {
    const big = path.join(scratch, "big");
    await mkdir(big);
    await git(big, ["init", "-q"]);
    // 1,500 long paths make a numstat of ~250 KB: several pipe reads, records split across them.
    const names = Array.from({ length: 1500 }, (_, i) => `deeply/nested/${"segment-".repeat(20)}${String(i).padStart(4, "0")}.txt`);
    for (let i = 0; i < names.length; i += 100) await Promise.all(names.slice(i, i + 100).map((name) => write(big, name, "line\n")));
    await git(big, ["add", "-A"]);
    await git(big, ["commit", "-q", "-m", "many"], 1);
    const churn = await collectChurn(big);
    expect(churn.size).toBe(1500);
    expect(names.every((name) => churn.get(name)?.commits === 1 && churn.get(name)?.added === 1)).toBe(true);
  });

  it("returns an empty map for a repository without commits, a plain folder, or a missing path", async () => {
    const empty = path.join(scratch, "empty");
    await mkdir(empty);
    await git(empty, ["init", "-q"]);
    expect((await collectChurn(empty)).size).toBe(0);

    const plain = await mkdtemp(path.join(os.tmpdir(), "lodestar-plain-"));
    try {
      await write(plain, "a.txt", "a\n");
      expect((await collectChurn(plain)).size).toBe(0);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }

    expect((await collectChurn(path.join(scratch, "does-not-exist"))).size).toBe(0);
  });

  it("passes option values to git as single arguments, never through a shell", async () => {
    // Were this string interpreted by a shell or split into options, it would create the file or fail.
    const marker = path.join(scratch, "pwned");
    const churn = await collectChurn(repo, { since: `1 year ago; touch ${marker} --all` });
    expect(churn).toBeInstanceOf(Map);
    await expect(run("test", ["-e", marker])).rejects.toThrow();
  });
});
