import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { usageCommand } from "../../src/cli/commands/usage.js";
import { runCli } from "../../src/cli/program.js";
import { openState, type LedgerEntry } from "../../src/state/index.js";
import { runLodestar, tempDir } from "../helpers/cli.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function workDir(): Promise<string> {
  const t = await tempDir("lodestar-usage-");
  cleanups.push(t.cleanup);
  return t.dir;
}

/** Runs the CLI in this process, capturing its output. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env });
  return { code, stdout, stderr };
}

// Budgets are judged by a fixed clock where the test checks them; the calls are from that day.
const NOW = new Date("2025-03-10T15:00:00Z");
const CALLED_AT = "2025-03-10T12:00:00.000Z";

function call(extra: Partial<LedgerEntry>): LedgerEntry {
  return { time: CALLED_AT, repo: "octo/shop", job: "j1", taskKind: "fix", provider: "anthropic", model: "claude-sonnet-4-5", inputTokens: 2000, outputTokens: 300, costUsd: 0.0105, latencyMs: 1500, outcome: "ok", ...extra };
}

/** A checkout named `shop` and a state folder holding calls for it and for another repo. */
async function fixture(config?: string): Promise<{ repo: string; env: NodeJS.ProcessEnv }> {
  const work = await workDir();
  const repo = path.join(work, "shop");
  await mkdir(path.join(repo, ".github"), { recursive: true });
  if (config !== undefined) await writeFile(path.join(repo, ".github", "lodestar.yml"), config);
  const stateDir = path.join(work, "state");
  const state = await openState({ dir: stateDir });
  await state.appendLedger([
    call({}),
    call({ taskKind: "ask", provider: "ollama", model: "qwen2.5-coder:7b", costUsd: 0 }),
    call({ taskKind: "ask", provider: "openai", model: "gpt-5-mini", costUsd: 0.0011 }),
    call({ repo: "octo/elsewhere", costUsd: 3 }),
  ]);
  return { repo, env: { LODESTAR_STATE_DIR: stateDir } };
}

describe("lodestar usage", () => {
  it("--json: the report for one repo, with its config's caps", async () => {
    const { repo, env } = await fixture("budgets:\n  daily-usd: 0.01\n");
    const run = await usageCommand({ repo, json: true, env, now: NOW });
    expect(run.outPath).toBeNull();
    const report = JSON.parse(run.text);
    expect(Object.keys(report).sort()).toEqual(["budgets", "byDay", "byModel", "byTaskKind", "capsSource", "escalation", "generatedAt", "repo", "totals"]);
    expect(report.repo).toBe("shop");
    expect(report.capsSource).toBe(".github/lodestar.yml");
    expect(report.totals).toEqual({ calls: 3, cloudCalls: 2, failedCalls: 0, inputTokens: 6000, outputTokens: 900, costUsd: 0.0116 });
    expect(report.byDay).toEqual([{ day: CALLED_AT.slice(0, 10), calls: 3, cloudCalls: 2, failedCalls: 0, inputTokens: 6000, outputTokens: 900, costUsd: 0.0116 }]);
    expect(report.byModel.map((m: { model: string }) => m.model)).toEqual(["claude-sonnet-4-5", "gpt-5-mini", "qwen2.5-coder:7b"]);
    expect(report.byTaskKind.map((k: { taskKind: string; calls: number }) => [k.taskKind, k.calls])).toEqual([["fix", 1], ["ask", 2]]);
    expect(report.budgets).toHaveLength(1);
    expect(report.budgets[0]).toMatchObject({
      repo: "octo/shop",
      caps: { "daily-usd": 0.01, "monthly-usd": 20 },
      day: { usd: 0.0116, tokens: 4600 },
      exhausted: "daily cloud budget of $0.01 reached ($0.0116 spent today)",
    });
  });

  it("prints a human table by default, over every repo with the default caps when --repo is left out", async () => {
    const { env } = await fixture();
    const run = { stdout: (await usageCommand({ env, now: NOW })).text };
    expect(run.stdout.split("\n")[0]).toBe("Usage for all repositories: 4 model calls, 3 to the cloud, $3.0116 spent");
    expect(run.stdout).toMatch(/^By day \(UTC\)$/m);
    expect(run.stdout).toMatch(/^By model$/m);
    expect(run.stdout).toMatch(/^By task kind$/m);
    expect(run.stdout).toContain("Budgets (caps from built-in defaults)");
    expect(run.stdout).toContain("  octo/elsewhere: local-only: daily cloud budget of $1.00 reached ($3.00 spent today)");
    expect(run.stdout).toContain("  octo/shop: within budget");
  });

  it("--csv with --out writes a CSV file that parses, and says where on stderr", async () => {
    const { repo, env } = await fixture();
    const out = path.join(path.dirname(repo), "reports", "usage.csv");
    const run = await cli(["usage", "--repo", repo, "--csv", "--out", out], env);
    expect(run).toEqual({ code: 0, stdout: "", stderr: `usage report written to ${out}\n` });
    const lines = (await readFile(out, "utf8")).split("\r\n");
    expect(lines.pop()).toBe("");
    const [header, ...rows] = lines.map((l) => l.split(","));
    expect(header).toEqual(["dimension", "key", "provider", "calls", "cloud_calls", "failed_calls", "input_tokens", "output_tokens", "cost_usd"]);
    for (const r of rows) expect(r).toHaveLength(header!.length);
    expect(rows.map((r) => `${r[0]}:${r[1]}`)).toEqual([
      `day:${CALLED_AT.slice(0, 10)}`,
      "model:claude-sonnet-4-5",
      "model:gpt-5-mini",
      "model:qwen2.5-coder:7b",
      "task-kind:fix",
      "task-kind:ask",
    ]);
    expect(rows[0]!.slice(3).map(Number)).toEqual([3, 2, 0, 6000, 900, 0.0116]);
  });

  it("says no calls were made yet on a fresh state", async () => {
    const work = await workDir();
    const run = await cli(["usage"], { LODESTAR_STATE_DIR: path.join(work, "state") });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No model calls recorded yet.");
  });

  it("bad usage gives one clear line and a non-zero exit", async () => {
    const { repo, env } = await fixture("budgets:\n  daily-usd: 99999\n");
    const both = await cli(["usage", "--json", "--csv"], env);
    expect(both).toEqual({ code: 2, stdout: "", stderr: "lodestar: --json and --csv cannot be combined\n" });
    const missing = await cli(["usage", "--repo", path.join(repo, "nope")], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`lodestar: --repo ${path.join(repo, "nope")}: no such directory\n`);
    const invalid = await cli(["usage", "--repo", repo], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^lodestar: invalid config:\n\.github\/lodestar\.yml: budgets\.daily-usd: .*<=\s*1000/);
    const outIsDir = await cli(["usage", "--out", repo], env);
    expect(outIsDir).toMatchObject({ code: 2, stderr: `lodestar: --out ${repo}: is a directory\n` });
  });

  it("prints the table through the CLI, and JSON through the real bin", async () => {
    const { repo, env } = await fixture();
    const table = await cli(["usage", "--repo", repo], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toBe("Usage for shop: 3 model calls, 2 to the cloud, $0.0116 spent");
    expect(table.stdout).toContain("Budgets (caps from built-in defaults; the repo has no .github/lodestar.yml)");
    const run = await runLodestar(["usage", "--repo", repo, "--json"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).totals.calls).toBe(3);
  });
});
