/**
 * Reading a change through the API: which files a push or a pull request changed, the lines
 * each added (from GitHub's per-file `patch`), and their contents within the quick check's caps.
 */
import { describe, expect, it } from "@jest/globals";
import { Octokit } from "octokit";
import {
  QUICK_SCAN_LIMITS,
  changedLinesOfPatch,
  fetchChangedContents,
  listChangedFiles,
  type ChangedFileList,
} from "../../src/github/changed-files.js";
import type { GitHubClient } from "../../src/github/client.js";
import { githubApi } from "../harness/index.js";

const where = { owner: "acme", repo: "app" };
const repo = "/repos/acme/app";
const head = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const before = "a10867b14bb761a232cd80139fbd4c0d33264240";
const octokit = () => new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });
const blob = (sha: string, text: string | Buffer) => {
  const content = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { sha, node_id: `B_${sha}`, size: content.length, url: `https://api.github.com${repo}/git/blobs/${sha}`, content: content.toString("base64"), encoding: "base64" };
};
const entry = (filename: string, fields: Record<string, unknown> = {}) => ({
  sha: `sha-${filename}`,
  filename,
  status: "modified",
  additions: 1,
  deletions: 0,
  changes: 1,
  blob_url: "",
  raw_url: "",
  contents_url: "",
  patch: "@@ -1 +1,2 @@\n line\n+added",
  ...fields,
});

describe("changedLinesOfPatch", () => {
  it("counts added and context lines in the new file, not removed ones, hunk by hunk", () => {
    const patch = [
      "@@ -1,4 +1,5 @@",
      " import a from 'a';",
      "-const old = 1;",
      "+const one = 1;",
      "+const two = 2;",
      " ",
      " export { a };",
      "@@ -20,3 +21,3 @@ function tail() {",
      " keep();",
      "-gone();",
      "+here();",
      "",
      "\\ No newline at end of file",
    ].join("\n");
    expect(changedLinesOfPatch(patch)).toEqual([[2, 3], [22, 22]]);
  });

  it("reads a new file's hunk and headers without counts", () => {
    expect(changedLinesOfPatch("@@ -0,0 +1,3 @@\n+a\n+b\n+c")).toEqual([[1, 3]]);
    expect(changedLinesOfPatch("@@ -7 +7 @@\n-x\n+y")).toEqual([[7, 7]]);
    // Only removals: nothing added.
    expect(changedLinesOfPatch("@@ -1,2 +0,0 @@\n-a\n-b")).toEqual([]);
  });

  it("ignores a trimmed blank line after the hunk's counted lines", () => {
    expect(changedLinesOfPatch("@@ -1,1 +1,2 @@\n a\n+b\n\n+not part of any hunk")).toEqual([[2, 2]]);
  });
});

describe("listChangedFiles", () => {
  it("lists a push through compare before...after, with added lines and what has nothing to read", async () => {
    githubApi()
      .get(`${repo}/compare/${before}...${head}`)
      .reply(200, {
        status: "ahead",
        files: [
          entry("src/app.ts", { patch: "@@ -1,2 +1,3 @@\n a\n+b\n c" }),
          entry("old.txt", { status: "removed", additions: 0, deletions: 3, changes: 3, patch: "@@ -1,3 +0,0 @@\n-a\n-b\n-c" }),
          entry("logo.png", { status: "added", additions: 0, changes: 0, patch: undefined }),
          entry("huge.json", { status: "modified", additions: 4000, changes: 5000, patch: undefined }),
          entry("vendor/lib", { patch: "@@ -1 +1 @@\n-Subproject commit " + "a".repeat(40) + "\n+Subproject commit " + "b".repeat(40) }),
          entry("moved.ts", { status: "renamed", additions: 0, changes: 0, patch: undefined, previous_filename: "was.ts" }),
        ],
      });
    const list = await listChangedFiles(octokit(), where, { kind: "push", before, after: head, ref: "refs/heads/main", defaultBranch: "main" });
    expect(list.source).toBe(`compare ${before.slice(0, 12)}...${head.slice(0, 12)}`);
    expect(list.incomplete).toEqual([]);
    expect(list.files.map((f) => [f.path, f.changedLines, f.skip])).toEqual([
      ["src/app.ts", [[2, 2]], undefined],
      ["old.txt", [], "removed"],
      ["logo.png", [], "without added lines"],
      ["huge.json", "all", undefined],
      ["vendor/lib", [], "submodule"],
      ["moved.ts", [], "without added lines"],
    ]);
  });

  it("falls back to the default branch when the old tip is unknown, then to the head commit", async () => {
    githubApi()
      .get(`${repo}/compare/${before}...${head}`)
      .reply(404, { message: "Not Found" })
      .get(`${repo}/compare/main...${head}`)
      .reply(404, { message: "Not Found" })
      .get(`${repo}/commits/${head}`)
      .reply(200, { sha: head, files: [entry("a.py")] });
    const list = await listChangedFiles(octokit(), where, { kind: "push", before, after: head, ref: "refs/heads/topic", defaultBranch: "main" });
    expect(list.source).toBe(`commit ${head.slice(0, 12)}`);
    expect(list.files.map((f) => f.path)).toEqual(["a.py"]);
  });

  it("does not compare the default branch with itself: a first push to it reads the head commit", async () => {
    githubApi().get(`${repo}/commits/${head}`).reply(200, { sha: head, files: [entry("README.md")] });
    const list = await listChangedFiles(octokit(), where, { kind: "push", before: "0".repeat(40), after: head, ref: "refs/heads/main", defaultBranch: "main" });
    expect(list.files.map((f) => f.path)).toEqual(["README.md"]);
  });

  it("says why when the list cannot be read (a server error is not retried as 'unknown base')", async () => {
    githubApi().get(`${repo}/compare/${before}...${head}`).reply(502, { message: "Bad Gateway" });
    const list = await listChangedFiles(octokit(), where, { kind: "push", before, after: head, ref: "refs/heads/main", defaultBranch: "main" });
    expect(list.files).toEqual([]);
    expect(list.incomplete).toEqual(["the changed files could not be listed (HTTP 502)"]);
  });

  it("pages through a pull request's files, 100 a page, until a short page", async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => entry(`f${i}.ts`));
    githubApi()
      .get(`${repo}/pulls/7/files`)
      .query({ per_page: "100", page: "1" })
      .reply(200, page1)
      .get(`${repo}/pulls/7/files`)
      .query({ per_page: "100", page: "2" })
      .reply(200, [entry("last.ts")]);
    const list = await listChangedFiles(octokit(), where, { kind: "pull_request", number: 7, changedFiles: 101 });
    expect(list.files).toHaveLength(101);
    expect(list).toMatchObject({ total: 101, stoppedAtCap: false, source: "pull request #7 files", incomplete: [] });
  });

  it("stops paging once more files than the scan cap are listed, and takes the count from the pull request", async () => {
    githubApi()
      .get(`${repo}/pulls/7/files`)
      .query({ per_page: "100", page: "1" })
      .reply(200, Array.from({ length: 100 }, (_, i) => entry(`f${i}.ts`)));
    const list = await listChangedFiles(octokit(), where, { kind: "pull_request", number: 7, changedFiles: 412 }, { ...QUICK_SCAN_LIMITS, files: 50 });
    expect(list).toMatchObject({ total: 412, stoppedAtCap: true });
  });
});

describe("fetchChangedContents", () => {
  const list = (files: ChangedFileList["files"], fields: Partial<ChangedFileList> = {}): ChangedFileList => ({
    files,
    total: files.length,
    stoppedAtCap: false,
    source: "compare a...b",
    incomplete: [],
    ...fields,
  });
  const file = (path: string, changedLines: ChangedFileList["files"][number]["changedLines"] = [[1, 1]]) => ({ path, status: "modified", sha: `sha-${path}`, changedLines });

  it("decodes the blobs, skips binary ones, and counts what had nothing to read", async () => {
    githubApi()
      .get(`${repo}/git/blobs/sha-a.ts`)
      .reply(200, blob("sha-a.ts", "const a = 1;\n"))
      .get(`${repo}/git/blobs/sha-img.bin`)
      .reply(200, blob("sha-img.bin", Buffer.from([0x89, 0x50, 0x00, 0x01])));
    const input = await fetchChangedContents(
      octokit(),
      where,
      list([file("a.ts", "all"), file("img.bin"), { path: "gone.ts", status: "removed", sha: null, changedLines: [], skip: "removed" }]),
    );
    expect(input.files).toEqual([{ path: "a.ts", text: "const a = 1;\n", changedLines: "all" }]);
    expect(input.skipped).toEqual({ removed: 1, binary: 1 });
    expect(input).toMatchObject({ changedFiles: 3, incomplete: [], source: "compare a...b" });
  });

  it("does not download a file the tree says is over the size cap, and reports it", async () => {
    githubApi().get(`${repo}/git/blobs/sha-small.ts`).reply(200, blob("sha-small.ts", "x\n"));
    const sizes = new Map([["big.min.js", 3 * 1024 * 1024], ["small.ts", 2]]);
    const input = await fetchChangedContents(octokit(), where, list([file("big.min.js"), file("small.ts")]), { sizes });
    expect(input.files.map((f) => f.path)).toEqual(["small.ts"]);
    expect(input.incomplete).toEqual(["1 changed file over the 1 MB size cap was not scanned"]);
  });

  it("drops a file of unknown size that turns out too large, and keeps to the per-check total", async () => {
    const limits = { ...QUICK_SCAN_LIMITS, fileBytes: 10, totalBytes: 12 };
    githubApi()
      .get(`${repo}/git/blobs/sha-long.ts`)
      .reply(200, blob("sha-long.ts", "x".repeat(11)))
      .get(`${repo}/git/blobs/sha-a.ts`)
      .reply(200, blob("sha-a.ts", "12345678"));
    const sizes = new Map([["a.ts", 8], ["b.ts", 8]]);
    const input = await fetchChangedContents(octokit(), where, list([file("long.ts"), file("a.ts"), file("b.ts")]), { sizes, limits });
    // a.ts (8 bytes) is reserved from the tree's sizes; b.ts would pass 12 bytes and is not downloaded.
    expect(input.incomplete).toEqual([
      "1 changed file over the 10 bytes size cap was not scanned",
      "1 changed file past the 12 bytes per-check cap was not scanned",
    ]);
    expect(input.files.map((f) => f.path)).toEqual(["a.ts"]);
  });

  it("scans the first files up to the file cap and says how many there were", async () => {
    githubApi().get(`${repo}/git/blobs/sha-1.ts`).reply(200, blob("sha-1.ts", "one\n")).get(`${repo}/git/blobs/sha-2.ts`).reply(200, blob("sha-2.ts", "two\n"));
    const input = await fetchChangedContents(octokit(), where, list([file("1.ts"), file("2.ts"), file("3.ts")], { total: 412 }), {
      limits: { ...QUICK_SCAN_LIMITS, files: 2 },
    });
    expect(input.files.map((f) => f.path)).toEqual(["1.ts", "2.ts"]);
    expect(input.incomplete).toEqual(["412 changed files; the first 2 were scanned"]);
  });

  it("names failed requests as incomplete and keeps what could be read", async () => {
    githubApi()
      .get(`${repo}/git/blobs/sha-ok.ts`)
      .reply(200, blob("sha-ok.ts", "ok\n"))
      .get(`${repo}/git/blobs/sha-down.ts`)
      .reply(500, { message: "Server Error" })
      .get(`${repo}/git/blobs/sha-denied.ts`)
      .reply(403, { message: "Resource not accessible by integration" });
    const input = await fetchChangedContents(octokit(), where, list([file("ok.ts"), file("down.ts"), file("denied.ts")]));
    expect(input.files.map((f) => f.path)).toEqual(["ok.ts"]);
    expect(input.incomplete).toEqual(["1 changed file could not be fetched (HTTP 403)", "1 changed file could not be fetched (HTTP 500)"]);
  });

  it("keeps at most the concurrency limit of blob requests in flight", async () => {
    const files = Array.from({ length: 20 }, (_, i) => file(`f${i}.ts`));
    const api = githubApi();
    for (const f of files) api.get(`${repo}/git/blobs/${f.sha}`).reply(200, blob(f.sha, `${f.path}\n`));
    const real = octokit();
    let inFlight = 0;
    let most = 0;
    const counting: GitHubClient = {
      async request(route, parameters) {
        most = Math.max(most, ++inFlight);
        try {
          return await real.request(route, parameters);
        } finally {
          inFlight--;
        }
      },
    };
    const input = await fetchChangedContents(counting, where, list(files));
    expect(input.files).toHaveLength(20);
    expect(most).toBeLessThanOrEqual(QUICK_SCAN_LIMITS.concurrency);
    expect(most).toBeGreaterThan(1);
  });
});
