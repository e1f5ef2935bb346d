import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { runCli } from "../../src/cli/program.js";
import { LearningMemory } from "../../src/learning/index.js";
import { openState } from "../../src/state/index.js";
import { runLodestar, tempDir } from "../helpers/cli.js";
import { githubToken } from "../modules/security/secrets/tokens.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env });
  return { code, stdout, stderr };
}

/** A state folder whose memory holds verified answers, one of them stored before redaction and one duplicated. */
async function fixture(): Promise<{ dir: string; env: NodeJS.ProcessEnv; secret: string }> {
  const t = await tempDir("lodestar-learn-");
  cleanups.push(t.cleanup);
  const stateDir = path.join(t.dir, "state");
  const state = await openState({ dir: stateDir });
  let tick = Date.parse("2025-05-01T00:00:00Z");
  const memory = new LearningMemory({ state, now: () => new Date((tick += 1000)) });
  await memory.remember({ taskKind: "ask", problem: "How do I run the tests?", solution: "npm test", evidence: "answer checked", source: "cloud" });
  await memory.remember({ taskKind: "fix", problem: "Retry test is flaky", solution: "use fake timers", evidence: "tests pass", source: "local" });
  await memory.remember({ taskKind: "triage", problem: "How do I run the tests?", solution: "npm test", evidence: "answer checked", source: "cloud" });
  const secret = githubToken();
  // Written directly, as an older Lodestar might have: not redacted.
  await state.update((d) => {
    d.memory.push({ taskKind: "fix", fingerprint: "legacy", problem: `CI rejects ${secret}`, solution: `Rotate ${secret}`, evidence: "tests pass", source: "cloud", at: "2025-06-01T00:00:00.000Z" });
  });
  return { dir: t.dir, env: { LODESTAR_STATE_DIR: stateDir }, secret };
}

describe("lodestar learn export", () => {
  it("prints deduplicated, redacted chat-format JSONL and a count on stderr", async () => {
    const { env, secret } = await fixture();
    const run = await cli(["learn", "export"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(secret);
    const records = run.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(records).toEqual([
      { messages: [{ role: "user", content: "How do I run the tests?" }, { role: "assistant", content: "npm test" }] },
      { messages: [{ role: "user", content: "Retry test is flaky" }, { role: "assistant", content: "use fake timers" }] },
      { messages: [{ role: "user", content: "CI rejects [REDACTED:secret/github-token]" }, { role: "assistant", content: "Rotate [REDACTED:secret/github-token]" }] },
    ]);
    expect(run.stderr).toBe("3 verified pairs exported (1 duplicate left out, 2 secrets redacted)\n");
  });

  it("--out writes the file; --kind keeps only those task kinds", async () => {
    const { dir, env } = await fixture();
    const out = path.join(dir, "sets", "fix.jsonl");
    const run = await cli(["learn", "export", "--out", out, "--kind", "fix"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`2 verified pairs exported (2 secrets redacted) to ${out}\n`);
    const lines = (await readFile(out, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l).messages[0].content)).toEqual(["Retry test is flaky", "CI rejects [REDACTED:secret/github-token]"]);
  });

  it("an empty memory exports nothing and says so", async () => {
    const t = await tempDir("lodestar-learn-");
    cleanups.push(t.cleanup);
    const run = await cli(["learn", "export"], { LODESTAR_STATE_DIR: path.join(t.dir, "state") });
    expect(run).toEqual({ code: 0, stdout: "", stderr: "0 verified pairs exported\n" });
  });

  it("an --out that cannot be written is one clear line", async () => {
    const { dir, env } = await fixture();
    const run = await cli(["learn", "export", "--out", dir], env);
    expect(run).toEqual({ code: 2, stdout: "", stderr: `lodestar: --out ${dir}: is a directory\n` });
  });

  it("works through the real bin", async () => {
    const { dir, env, secret } = await fixture();
    const out = path.join(dir, "all.jsonl");
    const run = await runLodestar(["learn", "export", "--out", out], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("3 verified pairs exported");
    const text = await readFile(out, "utf8");
    expect(text).not.toContain(secret);
    expect(text.trimEnd().split("\n")).toHaveLength(3);
  });
});
