import { describe, expect, it } from "@jest/globals";
import { defaultConfig } from "../../src/config/index.js";
import { buildUsageReport, formatUsageCsv, formatUsageText, repoMatches, USAGE_CSV_HEADER } from "../../src/llm/usage-report.js";
import type { DecisionRecord, LedgerEntry } from "../../src/state/index.js";

const CAPS = defaultConfig().budgets;
const NOW = new Date("2025-03-10T15:00:00Z");

function call(time: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    time,
    repo: "octo/repo",
    job: "j1",
    taskKind: "fix",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    inputTokens: 1000,
    outputTokens: 100,
    costUsd: 0.0045,
    latencyMs: 1200,
    outcome: "ok",
    ...extra,
  };
}

const LEDGER: LedgerEntry[] = [
  call("2025-03-09T10:00:00Z"),
  call("2025-03-10T09:00:00Z", { taskKind: "ask", provider: "openai", model: "gpt-5-mini", costUsd: 0.0005 }),
  call("2025-03-10T09:30:00Z", { provider: "ollama", model: "qwen2.5-coder:7b", costUsd: 0, inputTokens: 3000, outputTokens: 400 }),
  call("2025-03-10T10:00:00Z", { outcome: "timeout", costUsd: 0, inputTokens: 0, outputTokens: 0 }),
  call("2025-03-10T11:00:00Z", { repo: "octo/other", costUsd: 2 }),
];

/** RFC 4180 parser: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe("repoMatches", () => {
  it("matches a folder name to owner/name, but owner/name only exactly", () => {
    expect(repoMatches("octo/repo", "repo")).toBe(true);
    expect(repoMatches("repo", "repo")).toBe(true);
    expect(repoMatches("octo/repo", "octo/repo")).toBe(true);
    expect(repoMatches("other/repo", "octo/repo")).toBe(false);
    expect(repoMatches("octo/my-repo", "repo")).toBe(false);
  });
});

describe("buildUsageReport", () => {
  it("sums the repo's calls by day, model and task kind, with budget status and escalation rates", () => {
    const decisions: DecisionRecord[] = [
      { time: "2025-03-10T09:00:00Z", stage: "route", module: "ask", decision: "escalate", reason: "low confidence" },
      { time: "2025-03-10T09:30:00Z", stage: "route", module: "fix", decision: "local", reason: "verified" },
    ];
    const report = buildUsageReport({ ledger: LEDGER, decisions, repo: "repo", caps: CAPS, capsSource: ".github/lodestar.yml", now: NOW });
    expect(report.repo).toBe("repo");
    expect(report.generatedAt).toBe("2025-03-10T15:00:00.000Z");
    expect(report.totals).toEqual({ calls: 4, cloudCalls: 3, failedCalls: 1, inputTokens: 5000, outputTokens: 600, costUsd: 0.005 });
    expect(report.byDay).toEqual([
      { day: "2025-03-09", calls: 1, cloudCalls: 1, failedCalls: 0, inputTokens: 1000, outputTokens: 100, costUsd: 0.0045 },
      { day: "2025-03-10", calls: 3, cloudCalls: 2, failedCalls: 1, inputTokens: 4000, outputTokens: 500, costUsd: 0.0005 },
    ]);
    expect(report.byModel.map((m) => [m.provider, m.model, m.calls, m.costUsd])).toEqual([
      ["anthropic", "claude-sonnet-4-5", 2, 0.0045],
      ["openai", "gpt-5-mini", 1, 0.0005],
      ["ollama", "qwen2.5-coder:7b", 1, 0],
    ]);
    expect(report.byTaskKind.map((k) => [k.taskKind, k.calls, k.costUsd])).toEqual([
      ["fix", 3, 0.0045],
      ["ask", 1, 0.0005],
    ]);
    expect(report.budgets).toEqual([{ repo: "octo/repo", caps: CAPS, day: { usd: 0.0005, tokens: 1100 }, month: { usd: 0.005, tokens: 2200 } }]);
    expect(report.escalation).toEqual([
      { day: "2025-03-10", taskKind: "ask", routed: 1, escalated: 1, rate: 1 },
      { day: "2025-03-10", taskKind: "fix", routed: 1, escalated: 0, rate: 0 },
    ]);
  });

  it("covers every repo without a filter, and marks a repo whose cap is reached", () => {
    const report = buildUsageReport({ ledger: LEDGER, caps: CAPS, capsSource: "defaults", now: NOW });
    expect(report.repo).toBeNull();
    expect(report.totals.calls).toBe(5);
    expect(report.budgets.map((b) => [b.repo, b.exhausted])).toEqual([
      ["octo/other", "daily cloud budget of $1.00 reached ($2.00 spent today)"],
      ["octo/repo", undefined],
    ]);
  });

  it("shows an empty budget for a repo with no calls yet", () => {
    const report = buildUsageReport({ ledger: [], repo: "fresh", caps: CAPS, capsSource: "defaults", now: NOW });
    expect(report.totals.calls).toBe(0);
    expect(report.budgets).toEqual([{ repo: "fresh", caps: CAPS, day: { usd: 0, tokens: 0 }, month: { usd: 0, tokens: 0 } }]);
    expect(formatUsageText(report)).toContain("No model calls recorded yet.");
  });
});

describe("formatting", () => {
  const report = buildUsageReport({ ledger: LEDGER, repo: "octo/repo", caps: CAPS, capsSource: ".github/lodestar.yml", now: NOW });

  it("prints a human table by day, model and task kind, and the budget against the caps", () => {
    const text = formatUsageText(report);
    expect(text.split("\n")[0]).toBe("Usage for octo/repo: 4 model calls, 3 to the cloud, $0.0050 spent");
    expect(text).toMatch(/^By day \(UTC\)\n {2}day +calls +cloud +input tokens +output tokens +cost\n {2}2025-03-09 +1 +1 +1,000 +100 +\$0\.0045$/m);
    expect(text).toMatch(/^ {2}anthropic +claude-sonnet-4-5 +2 +2 +1,000 +100 +\$0\.0045$/m);
    expect(text).toMatch(/^ {2}ollama +qwen2\.5-coder:7b +1 +0 +3,000 +400 +\$0\.0000$/m);
    expect(text).toMatch(/^By task kind\n/m);
    expect(text).toContain("Budgets (caps from .github/lodestar.yml)\n  octo/repo: within budget\n");
    expect(text).toMatch(/^ {4}today +\$0\.0005 of \$1\.00 +1,100 of 2,000,000$/m);
    expect(text).toMatch(/^ {4}this month +\$0\.0050 of \$20\.00 +2,200 of 40,000,000$/m);
  });

  it("exports CSV that parses back to the same sums", () => {
    const csv = formatUsageCsv(report);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...USAGE_CSV_HEADER]);
    const records = rows.slice(1).map((r) => Object.fromEntries(USAGE_CSV_HEADER.map((h, i) => [h, r[i]])));
    expect(records).toHaveLength(report.byDay.length + report.byModel.length + report.byTaskKind.length);
    for (const r of records) expect(Object.keys(r)).toHaveLength(USAGE_CSV_HEADER.length);
    const days = records.filter((r) => r.dimension === "day");
    expect(days.map((r) => [r.key, Number(r.calls), Number(r.cost_usd)])).toEqual([
      ["2025-03-09", 1, 0.0045],
      ["2025-03-10", 3, 0.0005],
    ]);
    expect(records.find((r) => r.dimension === "model" && r.key === "gpt-5-mini")).toMatchObject({ provider: "openai", calls: "1", input_tokens: "1000" });
    expect(days.reduce((s, r) => s + Number(r.cost_usd), 0)).toBeCloseTo(report.totals.costUsd, 12);
  });

  it("quotes commas and quotes, and defuses cells a spreadsheet would run as formulas", () => {
    const odd = buildUsageReport({
      ledger: [call("2025-03-10T09:00:00Z", { taskKind: '=HYPERLINK("x"),1', model: "m,1" })],
      caps: CAPS,
      capsSource: "defaults",
      now: NOW,
    });
    const rows = parseCsv(formatUsageCsv(odd));
    expect(rows.find((r) => r[0] === "task-kind")?.[1]).toBe(`'=HYPERLINK("x"),1`);
    expect(rows.find((r) => r[0] === "model")?.[1]).toBe("m,1");
  });
});
