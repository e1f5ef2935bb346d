/**
 * `lodestar usage`: the ledger summed by day, model and task kind, with budget status per
 * repo and the escalation rate over time. Building the report is pure; formatting gives a
 * human table, CSV or JSON.
 */
import { escalationRates, type EscalationRate } from "../learning/escalation-rate.js";
import type { DeepReadonly, DecisionRecord, LedgerEntry } from "../state/schema.js";
import { BudgetGuard, entryTokens, isCloudEntry, utcDay, type BudgetCaps, type Spend } from "./budget.js";

/** Sums over a group of calls. */
export interface UsageTotals {
  calls: number;
  cloudCalls: number;
  /** Calls whose outcome was not "ok". */
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Budget status of one repo against its caps. */
export interface RepoBudget {
  repo: string;
  caps: BudgetCaps;
  day: Spend;
  month: Spend;
  /** Set when a cap is reached: the router is local-only for this repo now. */
  exhausted?: string;
}

export interface UsageReport {
  /** The repo the report is limited to; null for every repo in the ledger. */
  repo: string | null;
  generatedAt: string;
  /** Where the caps come from, e.g. ".github/lodestar.yml" or "defaults". */
  capsSource: string;
  totals: UsageTotals;
  byDay: (UsageTotals & { day: string })[];
  byModel: (UsageTotals & { provider: string; model: string })[];
  byTaskKind: (UsageTotals & { taskKind: string })[];
  budgets: RepoBudget[];
  /** From the router's decisions in the same state file (decisions carry no repo: all repos). */
  escalation: EscalationRate[];
}

/**
 * Whether a ledger entry's repo is the one asked for. The CLI knows a checkout by its folder
 * name, while the app and the action record `owner/name`: a bare name matches either.
 */
export function repoMatches(entryRepo: string, wanted: string): boolean {
  if (wanted.includes("/")) return entryRepo === wanted;
  return entryRepo === wanted || entryRepo.endsWith(`/${wanted}`);
}

function emptyTotals(): UsageTotals {
  return { calls: 0, cloudCalls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

function add(t: UsageTotals, e: DeepReadonly<LedgerEntry>): void {
  t.calls++;
  if (isCloudEntry(e)) t.cloudCalls++;
  if (e.outcome !== "ok") t.failedCalls++;
  t.inputTokens += Number.isFinite(e.inputTokens) ? e.inputTokens : 0;
  t.outputTokens += Number.isFinite(e.outputTokens) ? e.outputTokens : 0;
  t.costUsd += Number.isFinite(e.costUsd) ? e.costUsd : 0;
}

function roundCost<T extends UsageTotals>(t: T): T {
  return { ...t, costUsd: Math.round(t.costUsd * 1e9) / 1e9 };
}

function groupBy<K extends string>(entries: readonly DeepReadonly<LedgerEntry>[], keyOf: (e: DeepReadonly<LedgerEntry>) => K): Map<K, UsageTotals> {
  const groups = new Map<K, UsageTotals>();
  for (const e of entries) {
    const key = keyOf(e);
    let t = groups.get(key);
    if (!t) groups.set(key, (t = emptyTotals()));
    add(t, e);
  }
  return groups;
}

function dayOf(e: DeepReadonly<LedgerEntry>): string {
  const d = new Date(e.time);
  return Number.isNaN(d.getTime()) ? "(unknown)" : utcDay(d);
}

/**
 * Builds the report. `caps` apply to every repo shown (the CLI passes the repo's config
 * caps with `--repo`, the defaults without).
 */
export function buildUsageReport(input: {
  ledger: readonly DeepReadonly<LedgerEntry>[];
  decisions?: readonly DeepReadonly<DecisionRecord>[];
  repo?: string;
  caps: BudgetCaps;
  capsSource: string;
  now?: Date;
}): UsageReport {
  const now = input.now ?? new Date();
  const wanted = input.repo;
  const entries = wanted === undefined ? input.ledger : input.ledger.filter((e) => repoMatches(e.repo, wanted));

  const totals = emptyTotals();
  for (const e of entries) add(totals, e);

  const byDay = [...groupBy(entries, dayOf)].map(([day, t]) => roundCost({ day, ...t })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const byModel = [...groupBy(entries, (e) => `${e.provider}\0${e.model}`)]
    .map(([key, t]) => {
      const [provider = "", model = ""] = key.split("\0");
      return roundCost({ provider, model, ...t });
    })
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.model.localeCompare(b.model));
  const byTaskKind = [...groupBy(entries, (e) => e.taskKind)]
    .map(([taskKind, t]) => roundCost({ taskKind, ...t }))
    .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.taskKind.localeCompare(b.taskKind));

  const repos = [...new Set(entries.map((e) => e.repo))].sort();
  if (repos.length === 0 && wanted !== undefined) repos.push(wanted);
  const budgets = repos.map((repo): RepoBudget => {
    const guard = new BudgetGuard({ caps: input.caps, repo, ledger: entries as readonly LedgerEntry[], now: () => now });
    const s = guard.status();
    return { repo, caps: s.caps, day: s.day, month: s.month, ...(s.exhausted ? { exhausted: s.exhausted } : {}) };
  });

  return {
    repo: wanted ?? null,
    generatedAt: now.toISOString(),
    capsSource: input.capsSource,
    totals: roundCost(totals),
    byDay,
    byModel,
    byTaskKind,
    budgets,
    escalation: escalationRates(input.decisions ?? []),
  };
}

// ── formatting ──────────────────────────────────────────────────────────────

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const money = (n: number, digits = 4): string => `$${n.toFixed(digits)}`;

/** The first `textColumns` columns left-aligned, the numbers right-aligned, two spaces between. */
function table(header: string[], rows: string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}\n`).join("");
}

function totalsCells(t: UsageTotals): string[] {
  return [int(t.calls), int(t.cloudCalls), int(t.inputTokens), int(t.outputTokens), money(t.costUsd)];
}

const TOTAL_HEADER = ["calls", "cloud", "input tokens", "output tokens", "cost"];

/** The report as a human-readable table. */
export function formatUsageText(report: UsageReport): string {
  const scope = report.repo === null ? "all repositories" : report.repo;
  let out = `Usage for ${scope}: ${int(report.totals.calls)} model calls, ${int(report.totals.cloudCalls)} to the cloud, ${money(report.totals.costUsd)} spent\n`;
  if (report.totals.calls === 0) {
    out += "\nNo model calls recorded yet.\n";
  } else {
    out += `\nBy day (UTC)\n${table(["day", ...TOTAL_HEADER], report.byDay.map((r) => [r.day, ...totalsCells(r)]))}`;
    out += `\nBy model\n${table(["provider", "model", ...TOTAL_HEADER], report.byModel.map((r) => [r.provider, r.model, ...totalsCells(r)]), 2)}`;
    out += `\nBy task kind\n${table(["task kind", ...TOTAL_HEADER], report.byTaskKind.map((r) => [r.taskKind, ...totalsCells(r)]))}`;
  }
  out += `\nBudgets (caps from ${report.capsSource})\n`;
  if (report.budgets.length === 0) out += "  no cloud spend recorded\n";
  for (const b of report.budgets) {
    const rows = [
      ["today", `${money(b.day.usd)} of ${money(b.caps["daily-usd"], 2)}`, `${int(b.day.tokens)} of ${int(b.caps["daily-tokens"])}`],
      ["this month", `${money(b.month.usd)} of ${money(b.caps["monthly-usd"], 2)}`, `${int(b.month.tokens)} of ${int(b.caps["monthly-tokens"])}`],
    ];
    out += `  ${b.repo}: ${b.exhausted ? `local-only: ${b.exhausted}` : "within budget"}\n`;
    out += table(["window", "cloud spend", "cloud tokens"], rows).replace(/^ {2}/gm, "    ");
    out += `    each cycle may spend up to ${money(b.caps["cycle-usd"], 2)}\n`;
  }
  if (report.escalation.length > 0) {
    const rows = report.escalation.map((r) => [r.day, r.taskKind, int(r.routed), int(r.escalated), `${(r.rate * 100).toFixed(0)}%`]);
    out += `\nEscalation rate (route decisions, every repo in this state)\n${table(["day", "task kind", "routed", "escalated", "rate"], rows, 2)}`;
  }
  return out;
}

/** One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV header; one row per day, per model and per task kind (`dimension` says which). */
export const USAGE_CSV_HEADER = ["dimension", "key", "provider", "calls", "cloud_calls", "failed_calls", "input_tokens", "output_tokens", "cost_usd"] as const;

/** The report's sums as CSV (RFC 4180, CRLF line ends). */
export function formatUsageCsv(report: UsageReport): string {
  const row = (dimension: string, key: string, provider: string, t: UsageTotals): (string | number)[] => [
    dimension,
    key,
    provider,
    t.calls,
    t.cloudCalls,
    t.failedCalls,
    t.inputTokens,
    t.outputTokens,
    t.costUsd,
  ];
  const rows = [
    ...report.byDay.map((r) => row("day", r.day, "", r)),
    ...report.byModel.map((r) => row("model", r.model, r.provider, r)),
    ...report.byTaskKind.map((r) => row("task-kind", r.taskKind, "", r)),
  ];
  return [USAGE_CSV_HEADER as readonly (string | number)[], ...rows].map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
}
