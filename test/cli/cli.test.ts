import { execFileSync } from "node:child_process";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { STAGES } from "../../src/cycle/index.js";
import { runLodestar, tempDir } from "../helpers/cli.js";

let repo: string;
let work: string;
let cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  const a = await tempDir("lodestar-repo-");
  const b = await tempDir("lodestar-work-");
  cleanups = [a.cleanup, b.cleanup];
  repo = a.dir;
  work = b.dir;
  await mkdir(path.join(repo, "src"));
  await writeFile(path.join(repo, "src", "index.ts"), "export const a = 1;\n");
  await writeFile(path.join(repo, "src", "util.js"), "module.exports = {};\n");
  await writeFile(path.join(repo, "README.md"), "# demo\n");
});
afterEach(async () => {
  for (const c of cleanups) await c();
});

const env = () => ({ LODESTAR_STATE_DIR: path.join(work, "state") });

describe("lodestar cycle", () => {
  it("writes summary.md, findings.sarif and decisions.jsonl, and the log shows every stage", async () => {
    const out = path.join(work, "out");
    const run = await runLodestar(["cycle", "--repo", repo, "--out", out, "--modules", "facts,security"], { env: env() });
    expect(run.stderr).toBe(STAGES.map((s) => `▸ ${s}\n`).join(""));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^success: 2 modules ran/);

    const summary = await readFile(path.join(out, "summary.md"), "utf8");
    expect(summary).toContain("3 files — JavaScript 1, Markdown 1, TypeScript 1");
    const sarif = JSON.parse(await readFile(path.join(out, "findings.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: "facts/summary", level: "note" });

    const lines = (await readFile(path.join(out, "decisions.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect([...new Set(lines.map((l) => l.stage))]).toEqual([...STAGES]);
    expect(lines.at(-1)).toMatchObject({ stage: "report", decision: "success" });
  });

  it("is not green when the test module has no model: it says why", async () => {
    const run = await runLodestar(["cycle", "--repo", repo, "--out", path.join(work, "out")], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^neutral: incomplete: tests: no model to write tests: no model can be used: local model unavailable/);
  });

  it("uses git ls-files in a git work tree, so .gitignore holds, and never follows a symlink", async () => {
    execFileSync("git", ["init", "-q"], { cwd: repo });
    await writeFile(path.join(repo, ".gitignore"), "ignored/\n");
    await mkdir(path.join(repo, "ignored"));
    await writeFile(path.join(repo, "ignored", "big.ts"), "x\n");
    await symlink("/etc", path.join(repo, "escape"));
    const out = path.join(work, "out");
    const run = await runLodestar(["cycle", "--repo", repo, "--out", out], { env: env() });
    expect(run.code).toBe(0);
    const lines = (await readFile(path.join(out, "decisions.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    // .gitignore itself is "vendored" by Linguist's rules: listed, not counted.
    expect(lines[0]).toMatchObject({ stage: "analyze", reason: "3 files via git, 3 languages, 0 dependencies, 0 hotspots; skipped 1 symlink, 1 vendored" });
  });

  it("surfaces a restored state file as a warning in the summary", async () => {
    const stateDir = path.join(work, "state");
    await mkdir(stateDir);
    await writeFile(path.join(stateDir, "state.json"), '{"version": 1, "ledger": [');
    const out = path.join(work, "out");
    const run = await runLodestar(["cycle", "--repo", repo, "--out", out], { env: env() });
    expect(run.code).toBe(0);
    const summary = await readFile(path.join(out, "summary.md"), "utf8");
    expect(summary).toMatch(/## Warnings\n\n- ⚠️ .*corrupt.*quarantined/);
  });

  it("refuses an invalid config with the path and the problem, and runs nothing", async () => {
    await mkdir(path.join(repo, ".github"));
    await writeFile(path.join(repo, ".github", "lodestar.yml"), "budgets:\n  daily-usd: -1\n");
    const out = path.join(work, "out");
    const run = await runLodestar(["cycle", "--repo", repo, "--out", out], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lodestar: invalid config, nothing ran:\n\.github\/lodestar\.yml: budgets\.daily-usd: Too small/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await expect(readFile(path.join(out, "summary.md"))).rejects.toThrow();
  });

  it("checks --out before doing any work", async () => {
    const underFile = await runLodestar(["cycle", "--repo", repo, "--out", path.join(repo, "README.md", "out")], { env: env() });
    expect(underFile.code).toBe(2);
    expect(underFile.stderr.trim()).toBe(`lodestar: --out ${path.join(repo, "README.md", "out")}: ${path.join(repo, "README.md")} is not a directory`);
    const proc = await runLodestar(["cycle", "--repo", repo, "--out", "/proc/forbidden/out"], { env: env(), timeoutMs: 20_000 });
    expect(proc.code).toBe(2);
    expect(proc.stderr).toMatch(/^lodestar: --out \/proc\/forbidden\/out: cannot write there \(\w+\)\n$/);
  });

  it("leaves its own output out of the next analysis, and refuses a symlinked config", async () => {
    const out = path.join(repo, ".lodestar", "out");
    await runLodestar(["cycle", "--repo", repo, "--out", out], { env: env() });
    const second = await runLodestar(["cycle", "--repo", repo, "--out", out], { env: env() });
    expect(second.code).toBe(0);
    expect(await readFile(path.join(out, "summary.md"), "utf8")).toContain("3 files —");
    await writeFile(path.join(work, "secret.yml"), "secret-token: x\n");
    await mkdir(path.join(repo, ".github"));
    await symlink(path.join(work, "secret.yml"), path.join(repo, ".github", "lodestar.yml"));
    const linked = await runLodestar(["cycle", "--repo", repo, "--out", out], { env: env() });
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain("must be a regular file inside the repository");
    expect(linked.stderr).not.toContain("secret-token");
  });

  it("gives one clear line for a missing directory or an unknown module", async () => {
    const missing = await runLodestar(["cycle", "--repo", path.join(work, "nope")], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`lodestar: --repo ${path.join(work, "nope")}: no such directory`);
    const unknown = await runLodestar(["cycle", "--repo", repo, "--modules", "facts,magic"], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('lodestar: --modules: unknown module "magic" (known: facts, security, tests, refactor, fix)');
    const file = await runLodestar(["cycle", "--repo", path.join(repo, "README.md")], { env: env() });
    expect(file.stderr.trim()).toBe(`lodestar: --repo ${path.join(repo, "README.md")}: not a directory`);
    const noRepo = await runLodestar(["cycle"], { env: env() });
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr.trim()).toBe("lodestar: required option '--repo <dir>' not specified");
  });
});

describe("lodestar --help and the commands still to come", () => {
  it("lists every command of the contract", async () => {
    const help = await runLodestar(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["cycle", "analyze", "scan", "doctor", "usage", "ask", "learn", "serve"]) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    }
    const cycleHelp = await runLodestar(["cycle", "--help"]);
    expect(cycleHelp.stdout).toContain("--modules <list>");
  });
});
