import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { collectFileStats, gitBlobId, type CachedStats, type FileStats, type FileStatsCache } from "../../../src/analysis/file-stats.js";
import { listLocalFiles } from "../../../src/analysis/list-local-files.js";
import { commitAll, git, writeFiles } from "../../helpers/git-repo.js";

const run = promisify(execFile);

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "lodestar-stats-"));
});
afterEach(async () => {
  await run("chmod", ["-R", "u+rwx", work]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

/** An in-memory FileStatsCache that records what was asked of it. */
class MemoryCache implements FileStatsCache {
  readonly entries = new Map<string, [string, CachedStats]>();
  hits = 0;
  get(p: string, validator: string): CachedStats | undefined {
    const entry = this.entries.get(p);
    if (entry && entry[0] === validator) {
      this.hits++;
      return entry[1];
    }
    return undefined;
  }
  set(p: string, validator: string, value: CachedStats): void {
    this.entries.set(p, [validator, value]);
  }
}

const byPath = (files: FileStats[]) => new Map(files.map((f) => [f.path, f]));

const TS_SOURCE = [
  "// Adds two numbers.",
  "export function add(a: number, b: number): number {",
  "  return a + b; // sum",
  "}",
  "",
  "/* unused",
  "   block */",
  'export const url = "http://example.com";',
  "",
].join("\n");

const PY_SOURCE = ["#!/usr/bin/env python3", '"""Tool."""', "", "import sys  # argv", "print(sys.argv)", ""].join("\n");

describe("collectFileStats", () => {
  it("counts languages and lines, and skips (and counts) vendored, generated, minified, binary and too-large files", async () => {
    const repo = path.join(work, "repo");
    await mkdir(repo);
    await commitAll(repo, [
      {
        "src/math.ts": TS_SOURCE,
        "bin/tool": PY_SOURCE,
        "README.md": "# Tool\n\n<!-- badges -->\nUse it.\n",
        "package.json": '{\n  "name": "tool"\n}\n',
        "package-lock.json": '{\n  "lockfileVersion": 3\n}\n',
        "vendor/lib.js": "var vendored = 1;\n",
        "dist/bundle.js": "var built = 1;\n",
        "lib/compiled.js": '"use strict";\nexports.a = 1;\n//# sourceMappingURL=compiled.js.map\n',
        "public/app.js": "var a=1;" + "function f(b){return b*2}".repeat(100) + "\n",
        "assets/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) as unknown as string,
        "data/big.json": `[${"1,".repeat(3000)}1]\n`,
      },
    ]);
    const listing = await listLocalFiles(repo);
    const { files, skipped } = await collectFileStats(repo, listing, { maxFileBytes: 4096 });
    expect(skipped).toEqual({ generated: 2, vendored: 2, minified: 1, binary: 1, "too-large": 1 });
    const stats = byPath(files);
    expect([...stats.keys()]).toEqual(["README.md", "bin/tool", "package.json", "src/math.ts"]);
    expect(stats.get("src/math.ts")).toMatchObject({ language: "TypeScript", code: 4, comment: 3, blank: 1, size: TS_SOURCE.length });
    expect(stats.get("bin/tool")).toMatchObject({ language: "Python", code: 3, comment: 1, blank: 1 });
    expect(stats.get("README.md")).toMatchObject({ language: "Markdown", code: 2, comment: 1, blank: 1 });
    expect(stats.get("package.json")).toMatchObject({ language: "JSON", code: 3, comment: 0, blank: 0 });
    // Blob ids are git's own.
    for (const f of files) expect(f.blob).toBe((await git(repo, "hash-object", f.path)).trim());
  });

  it("outside git, computes each counted file's blob id the way git would", async () => {
    const dir = path.join(work, "plain");
    await writeFiles(dir, { "a.py": PY_SOURCE, "b.ts": TS_SOURCE });
    const { files } = await collectFileStats(dir, await listLocalFiles(dir));
    for (const f of files) {
      const { stdout } = await run("git", ["hash-object", "--no-filters", path.join(dir, f.path)]);
      expect(f.blob).toBe(stdout.trim());
      expect(f.blob).toBe(gitBlobId(await readFile(path.join(dir, f.path))));
    }
  });

  it("a 10 MB single line: too large for the default cap, minified JavaScript or one line of text under a bigger one", async () => {
    const dir = path.join(work, "huge");
    const line = "x".repeat(10 * 1024 * 1024);
    await writeFiles(dir, { "one.js": `var a="${line}";\n`, "one.txt": `${line}\n` });
    const listing = await listLocalFiles(dir);
    expect((await collectFileStats(dir, listing)).skipped).toEqual({ "too-large": 2 });
    const bigger = await collectFileStats(dir, listing, { maxFileBytes: 16 * 1024 * 1024 });
    expect(bigger.skipped).toEqual({ minified: 1 });
    expect(bigger.files).toEqual([expect.objectContaining({ path: "one.txt", language: "Text", code: 1, comment: 0, blank: 0 })]);
  });

  it("text that is not UTF-8 is counted byte by byte, like cloc", async () => {
    const dir = path.join(work, "latin1");
    const latin1 = Buffer.concat([Buffer.from("# R"), Buffer.from([0xe9]), Buffer.from("sum"), Buffer.from([0xe9]), Buffer.from("\n\nprint('caf"), Buffer.from([0xe9]), Buffer.from("')\n")]);
    await writeFiles(dir, { "legacy.py": latin1 as unknown as string });
    const { files, skipped } = await collectFileStats(dir, await listLocalFiles(dir));
    expect(skipped).toEqual({});
    expect(files).toEqual([expect.objectContaining({ path: "legacy.py", language: "Python", code: 1, comment: 1, blank: 1, size: latin1.length })]);
  });

  it("files that vanished, became symlinks, grew past the cap or cannot be read after listing are skipped, never thrown; a FIFO does not block", async () => {
    const dir = path.join(work, "changing");
    await writeFiles(dir, { "gone.ts": "a;\n", "swapped.ts": "b;\n", "grown.ts": "c;\n", "locked.ts": "d;\n", "fine.ts": "e;\n", "piped.ts": "f;\n" });
    await writeFiles(work, { "outside.ts": "secret();\n" });
    const listing = await listLocalFiles(dir);
    await unlink(path.join(dir, "gone.ts"));
    await unlink(path.join(dir, "swapped.ts"));
    await symlink(path.join(work, "outside.ts"), path.join(dir, "swapped.ts"));
    await writeFile(path.join(dir, "grown.ts"), "c;\n".repeat(2000));
    await chmod(path.join(dir, "locked.ts"), 0o000);
    // A FIFO with no writer would block a plain open(): it must not hang the run.
    await unlink(path.join(dir, "piped.ts"));
    await run("mkfifo", [path.join(dir, "piped.ts")]);
    const rootReads = await readFile(path.join(dir, "locked.ts")).then(
      () => true,
      () => false,
    );
    const { files, skipped } = await collectFileStats(dir, listing, { maxFileBytes: 1024 });
    expect(skipped.missing).toBe(1);
    expect(skipped.symlink).toBe(1);
    expect(skipped["too-large"]).toBe(1);
    // The FIFO reads as empty: no lines.
    expect(files.find((f) => f.path === "piped.ts")).toMatchObject({ code: 0, comment: 0, blank: 0 });
    if (rootReads) {
      // Running as root: the mode does not keep the file from being read.
      expect(files.map((f) => f.path)).toEqual(["fine.ts", "locked.ts", "piped.ts"]);
    } else {
      expect(skipped.unreadable).toBe(1);
      expect(files.map((f) => f.path)).toEqual(["fine.ts", "piped.ts"]);
    }
  });

  it("a cache hit reads nothing: a deleted file's cached counts are used, and so are stale ones while the validator holds", async () => {
    const repo = path.join(work, "repo");
    await mkdir(repo);
    await commitAll(repo, [{ "src/math.ts": TS_SOURCE, "bin/tool": PY_SOURCE, "assets/blob.bin": "\0\0\0binary" }]);
    const cache = new MemoryCache();
    const listing = await listLocalFiles(repo);
    const first = await collectFileStats(repo, listing, { cache });
    expect(cache.hits).toBe(0);
    // Keyed by the blob ids the listing got from git; the binary file's skip is cached too.
    expect([...cache.entries].map(([p, [validator]]) => [p, validator])).toEqual(listing.files.map((f) => [f.path, f.blob]));

    // The same listing, but every file gone from disk: only the cache can answer.
    await rm(path.join(repo, "src"), { recursive: true });
    await rm(path.join(repo, "bin"), { recursive: true });
    await rm(path.join(repo, "assets"), { recursive: true });
    const second = await collectFileStats(repo, listing, { cache });
    expect(cache.hits).toBe(3);
    expect(second).toEqual(first);
  });

  it("outside git the validator is size and mtime: a changed file is read again, an unchanged one is not", async () => {
    const dir = path.join(work, "plain");
    await writeFiles(dir, { "a.ts": TS_SOURCE, "b.ts": "export {};\n" });
    const cache = new MemoryCache();
    await collectFileStats(dir, await listLocalFiles(dir), { cache });
    const validators = new Map([...cache.entries].map(([p, [v]]) => [p, v]));
    const listed = await listLocalFiles(dir);
    expect(validators.get("a.ts")).toBe(`${TS_SOURCE.length}:${listed.files[0]?.mtimeMs}`);

    await writeFile(path.join(dir, "b.ts"), "// now a comment\nexport {};\n");
    const again = await collectFileStats(dir, await listLocalFiles(dir), { cache });
    expect(cache.hits).toBe(1);
    expect(byPath(again.files).get("b.ts")).toMatchObject({ code: 1, comment: 1 });
  });

  it("reports progress up to the total, and stops when aborted", async () => {
    const dir = path.join(work, "plain");
    await writeFiles(dir, { "a.ts": "a;\n", "b.ts": "b;\n", "c.ts": "c;\n" });
    const listing = await listLocalFiles(dir);
    const seen: [number, number][] = [];
    await collectFileStats(dir, listing, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    const controller = new AbortController();
    controller.abort();
    await expect(collectFileStats(dir, listing, { signal: controller.signal })).rejects.toThrow();
  });
});
