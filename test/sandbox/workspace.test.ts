import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { existsSync, promises as fs } from "node:fs";
import path from "node:path";
import { createWorkspace, detectCommands, probeIsolation, UntrustedCodeError, type Workspace } from "../../src/sandbox/index.js";
import { defaultConfig } from "../../src/config/index.js";
import { git } from "../helpers/git-repo.js";
import { makeFixture, nodeEval, repoState, type Fixture } from "./fixture.js";

let fx: Fixture;
let ws: Workspace | null = null;

beforeEach(async () => {
  fx = await makeFixture();
});

afterEach(async () => {
  await ws?.dispose();
  ws = null;
  await fx.cleanup();
});

const open = async () => (ws = await createWorkspace(fx.repo, { trusted: true, scratchRoot: fx.scratch }));

describe("createWorkspace", () => {
  it("refuses untrusted code and creates nothing (FAULTS 15)", async () => {
    await expect(createWorkspace(fx.repo, { trusted: false, scratchRoot: fx.scratch })).rejects.toThrow(UntrustedCodeError);
    expect(existsSync(fx.scratch)).toBe(false);
  });

  it("copies the committed tree, not the user's uncommitted edits, into the scratch root", async () => {
    await fs.writeFile(path.join(fx.repo, "README.md"), "# edited, not committed\n");
    await fs.writeFile(path.join(fx.repo, "untracked.txt"), "x\n");
    const w = await open();
    expect(w.dir.startsWith(await fs.realpath(fx.scratch))).toBe(true);
    expect(await w.readFile("README.md")).toBe("# fixture\n");
    expect(await w.readFile("untracked.txt")).toBeNull();
    expect(await w.readFile("src/math.js")).toContain("export function clamp");
  });

  it("copies a folder that is not a git repository, and diffs against it", async () => {
    const plain = path.join(fx.base, "plain");
    await fs.mkdir(path.join(plain, "lib"), { recursive: true });
    await fs.writeFile(path.join(plain, "lib", "a.txt"), "one\n");
    await fs.symlink("/etc/passwd", path.join(plain, "out-link"));
    const w = (ws = await createWorkspace(plain, { trusted: true, scratchRoot: fx.scratch }));
    expect(await w.readFile("lib/a.txt")).toBe("one\n");
    expect(await w.readFile("out-link")).toBeNull(); // a link leading out is not copied
    expect(await w.diff()).toBe("");
    await w.writeFile("lib/a.txt", "two\n");
    expect(await w.diff()).toContain("+two");
    expect(existsSync(path.join(plain, ".git"))).toBe(false);
  });
});

describe("running the repo's commands", () => {
  it("runs the detected test command and produces the detected coverage report", async () => {
    const w = await open();
    const commands = await detectCommands(w.dir, defaultConfig());
    expect(commands?.ecosystem).toBe("node-test");
    const test = await w.run({ argv: commands!.test });
    expect(test).toMatchObject({ exitCode: 0, timedOut: false, outputTruncated: false });
    const coverage = await w.run({ argv: commands!.coverage!.argv });
    expect(coverage.exitCode).toBe(0);
    const report = await w.readFile(commands!.coverage!.report);
    expect(report).toMatch(/^SF:.*src[\\/]math\.js$/m);
    expect(report).toContain("end_of_record");
    // The report is an output, not a change to propose.
    expect(await w.diff()).toBe("");
  });

  it("reports a failing suite with its exit code and output", async () => {
    const w = await open();
    await w.writeFile("test/broken.test.js", 'import { test } from "node:test";\ntest("fails", () => { throw new Error("boom-marker"); });\n');
    const result = await w.run({ argv: ["npm", "test"] });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("boom-marker");
  });

  it("runs in a sub-folder but never outside the workspace", async () => {
    const w = await open();
    const inside = await w.run({ cwd: "src", argv: nodeEval("process.stdout.write(process.cwd())") });
    expect(inside.stdout).toBe(path.join(w.dir, "src"));
    await expect(w.run({ cwd: "../", argv: ["true"] })).rejects.toThrow(/unsafe path/);
    await expect(w.run({ cwd: "/", argv: ["true"] })).rejects.toThrow(/unsafe path/);
    await expect(w.run({ argv: "npm test" as unknown as string[] })).rejects.toThrow(TypeError);
    await expect(w.run({ argv: [] })).rejects.toThrow(TypeError);
  });

  it("answers a program that does not exist with exit code 127, not an exception", async () => {
    const w = await open();
    const result = await w.run({ argv: ["lodestar-no-such-program-xyz"] });
    expect(result.exitCode).toBe(127);
  });
});

describe("files, patches and diffs", () => {
  it("reads and writes inside the workspace only (FAULTS 17)", async () => {
    const w = await open();
    await w.writeFile("src/new/deep.js", "export const x = 1;\n");
    expect(await w.readFile("src/new/deep.js")).toBe("export const x = 1;\n");
    for (const bad of ["../escape.txt", "/etc/passwd", "src/../../escape.txt", ".git/config", ".GIT/hooks/pre-commit", "a/.git/x", "bad\0name", ""]) {
      await expect(w.writeFile(bad, "x")).rejects.toThrow(/unsafe path/);
      await expect(w.readFile(bad)).rejects.toThrow(/unsafe path/);
    }
    expect(existsSync(path.join(fx.scratch, "escape.txt"))).toBe(false);
  });

  it("does not follow symlinks out of the workspace (FAULTS 16)", async () => {
    const secret = path.join(fx.base, "secret.txt");
    await fs.writeFile(secret, "top secret\n");
    await fs.symlink(secret, path.join(fx.repo, "file-link"));
    await fs.symlink(fx.base, path.join(fx.repo, "dir-link"));
    await fs.symlink("src/math.js", path.join(fx.repo, "inner-link"));
    await git(fx.repo, "add", "-A");
    await git(fx.repo, "commit", "-q", "-m", "links");
    const w = await open();
    await expect(w.readFile("file-link")).rejects.toThrow(/symlink/);
    await expect(w.readFile("dir-link/secret.txt")).rejects.toThrow(/symlink/);
    await expect(w.writeFile("dir-link/planted.txt", "x")).rejects.toThrow(/symlink/);
    await expect(w.writeFile("file-link", "x")).rejects.toThrow(/symlink/);
    const patch = ["--- a/dir-link/secret.txt", "+++ b/dir-link/secret.txt", "@@ -1 +1 @@", "-top secret", "+overwritten", ""].join("\n");
    await expect(w.applyPatch(patch)).rejects.toThrow(/symlink/);
    expect(await w.readFile("inner-link")).toContain("export function add");
    expect(await fs.readFile(secret, "utf8")).toBe("top secret\n");
    expect(existsSync(path.join(fx.base, "planted.txt"))).toBe(false);
  });

  it("applies a unified diff, and shows it (new files included) in diff()", async () => {
    const w = await open();
    const patch = [
      "diff --git a/src/math.js b/src/math.js",
      "--- a/src/math.js",
      "+++ b/src/math.js",
      "@@ -1,3 +1,3 @@",
      " export function add(a, b) {",
      "-  return a + b;",
      "+  return b + a;",
      " }",
      "diff --git a/test/clamp.test.js b/test/clamp.test.js",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/test/clamp.test.js",
      "@@ -0,0 +1,3 @@",
      '+import { test } from "node:test";',
      '+import { clamp } from "../src/math.js";',
      '+test("clamp", () => { if (clamp(5, 0, 3) !== 3) throw new Error("x"); });',
      "",
    ].join("\n");
    await w.applyPatch(patch);
    expect(await w.readFile("src/math.js")).toContain("return b + a;");
    const diff = await w.diff();
    expect(diff).toContain("--- a/src/math.js\n+++ b/src/math.js");
    expect(diff).toContain("+++ b/test/clamp.test.js");
    expect(diff).toContain("+  return b + a;");
    expect((await w.run({ argv: ["npm", "test"] })).exitCode).toBe(0);
  });

  it("refuses patches leaving the workspace or reaching .git, and applies none of a bad patch", async () => {
    const w = await open();
    const edit = (file: string) => [`--- a/${file}`, `+++ b/${file}`, "@@ -1 +1 @@", "-# fixture", "+# changed", ""].join("\n");
    await expect(w.applyPatch(edit("../repo/README.md"))).rejects.toThrow(/leaves the workspace/);
    await expect(w.applyPatch(edit(".git/HEAD"))).rejects.toThrow(/\.git/);
    await expect(w.applyPatch("not a patch at all")).rejects.toThrow(/names no file/);
    // A hunk that does not apply: the whole patch is refused and nothing changes.
    const mixed = edit("README.md") + ["--- a/src/math.js", "+++ b/src/math.js", "@@ -1 +1 @@", "-no such line", "+x", ""].join("\n");
    await expect(w.applyPatch(mixed)).rejects.toThrow(/git apply failed/);
    expect(await w.readFile("README.md")).toBe("# fixture\n");
    expect(await w.diff()).toBe("");
  });

  it("leaves workflow policy to the cycle: a patch to .github/workflows applies here", async () => {
    const w = await open();
    await w.applyPatch(["--- /dev/null", "+++ b/.github/workflows/ci.yml", "@@ -0,0 +1 @@", "+on: push", ""].join("\n"));
    expect(await w.readFile(".github/workflows/ci.yml")).toBe("on: push\n");
  });

  it("reset() returns to the starting state and keeps installed dependencies", async () => {
    const w = await open();
    await w.writeFile("src/math.js", "broken(\n");
    await w.writeFile("src/extra.js", "x\n");
    await w.writeFile("node_modules/dep/index.js", "module.exports = 1;\n");
    await w.run({ argv: nodeEval('require("fs").rmSync("README.md"); require("fs").mkdirSync("build-out"); require("fs").writeFileSync("build-out/x", "1")') });
    await w.run({ argv: ["git", "add", "-A"] });
    await w.run({ argv: ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "in sandbox"] });
    await w.reset();
    expect(await w.diff()).toBe("");
    expect(await w.readFile("src/math.js")).toContain("export function add");
    expect(await w.readFile("README.md")).toBe("# fixture\n");
    expect(await w.readFile("src/extra.js")).toBeNull();
    expect(await w.readFile("build-out/x")).toBeNull();
    expect(await w.readFile("node_modules/dep/index.js")).toBe("module.exports = 1;\n");
  });
});

describe("the user's repository", () => {
  it("is untouched by anything done in the workspace, and the scratch is gone after dispose", async () => {
    const before = await repoState(fx.repo);
    const outside = path.join(fx.base, "outside");
    await fs.writeFile(outside, "keep me\n");
    const w = await open();
    const container = path.dirname(w.dir);
    // Git done from inside the sandbox: commits, branches, config, hooks, remotes.
    for (const argv of [
      ["git", "config", "core.hooksPath", "/tmp/evil-hooks"],
      ["git", "checkout", "-q", "-b", "main"],
      ["git", "branch", "-f", "evil"],
      ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "evil"],
      ["git", "worktree", "add", "-q", "--detach", "../wt", "HEAD"],
    ]) {
      await w.run({ argv });
    }
    // Pushing back by path is refused only with the mount namespace (read-only original);
    // elsewhere the file system is documented as not jailed.
    if ((await probeIsolation()).filesystem === "protected") {
      const push = await w.run({ argv: ["git", "push", "-q", fx.repo, "HEAD:refs/heads/pushed-from-sandbox"] });
      expect(push.exitCode).not.toBe(0);
    }
    // Deleting `../outside` and then everything above the workspace.
    await w.run({ argv: nodeEval('const fs = require("fs"); fs.rmSync("../outside", { force: true }); fs.rmSync("..", { recursive: true, force: true });') });
    await w.dispose();
    await w.dispose(); // idempotent
    expect(existsSync(container)).toBe(false);
    expect(await fs.readFile(outside, "utf8")).toBe("keep me\n");
    expect(await repoState(fx.repo)).toEqual(before);
    expect(await fs.readFile(path.join(fx.repo, "src/math.js"), "utf8")).toContain("export function clamp");
    await expect(w.run({ argv: ["true"] })).rejects.toThrow(/disposed/);
  });

  it("is not reached by our own git when the sandboxed code redirects the workspace's git", async () => {
    const before = await repoState(fx.repo);
    const w = await open();
    await w.run({ argv: ["git", "config", "core.worktree", fx.repo] });
    await fs.writeFile(path.join(w.dir, ".git", "commondir"), path.join(fx.repo, ".git") + "\n");
    await w.writeFile("README.md", "# changed in the sandbox\n");
    await w.reset();
    expect(await fs.readFile(path.join(fx.repo, "README.md"), "utf8")).toBe("# fixture\n");
    expect(await repoState(fx.repo)).toEqual(before);
    // A .git replaced by a pointer to the user's makes our git refuse, rather than act there.
    await fs.rm(path.join(w.dir, ".git"), { recursive: true, force: true });
    await fs.writeFile(path.join(w.dir, ".git"), `gitdir: ${path.join(fx.repo, ".git")}\n`);
    await expect(w.reset()).rejects.toThrow(/cannot be trusted/);
    expect(await repoState(fx.repo)).toEqual(before);
  });
});
