/**
 * The daily summary issue's body (issue 5), as pure functions: rendering, the hidden markers it
 * carries from one day to the next (open findings, pause state, decision checkboxes), and
 * reading them back. The GitHub side (finding, creating, reopening the issue) is in
 * summary-issue.ts.
 *
 * Everything echoed from a repository, a module or a user goes through `echo()`: no `@` can
 * mention anyone and no `<` can open an HTML comment, so no text can forge one of our markers.
 */
import { createHash } from "node:crypto";
import type { CycleReport } from "../../cycle/index.js";
import type { Finding } from "../../modules/index.js";
import type { LedgerEntry } from "../../state/index.js";
import { GITHUB_LIMITS } from "../limits.js";

/** First line of every summary issue: how it is found again. */
export const SUMMARY_MARKER = "<!-- lodestar:summary -->";
/** What a duplicate's marker is turned into when it is closed, so it is never picked again. */
export const DUPLICATE_MARKER = "<!-- lodestar:summary-duplicate -->";

/** Who paused scheduled work for a repository, and when (ISO-8601). */
export interface PauseState {
  by: string;
  at: string;
}

/** The jobs a decision checkbox may start. */
export const DECISION_COMMANDS = ["tests", "refactor", "fix", "scan"] as const;
export type DecisionCommand = (typeof DECISION_COMMANDS)[number];

/** Something Lodestar will do only when a person ticks its box. */
export interface DecisionNeeded {
  id: string;
  title: string;
  command: DecisionCommand;
  /** A repo-relative path the job is about, when it is about one. */
  args?: string;
}

export interface SummaryPullRequest {
  number: number;
  title: string;
  state: "open" | "closed" | "merged";
  module: string;
}

/** Everything the summary shows. Same data → same body. */
export interface SummaryIssueData {
  /** `owner/name`. */
  repo: string;
  now: Date;
  /** The latest cycle, or null when none has run (the open findings of the previous body are kept). */
  report: CycleReport | null;
  /** The whole ledger; only this repository's rows of the last 30 days are used. */
  ledger: readonly LedgerEntry[];
  pullRequests: readonly SummaryPullRequest[];
  decisions: readonly DecisionNeeded[];
  /** What else failed (publishing, state file…), one sentence each. */
  failures: readonly string[];
  /** The body being replaced: open findings of the last summary, ticked boxes. */
  previousBody?: string;
  paused?: PauseState | null;
}

// ---------------------------------------------------------------------------------------------
// Echoed text

/**
 * Makes text from outside (titles, paths, reasons) safe to echo on one line: no line breaks,
 * no `@` mention, no HTML (so no `<!--` that could forge a marker), no table break; cut to `max`.
 */
export function echo(text: string, max = 200): string {
  let flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  if (flat.length > max) {
    flat = flat.slice(0, max - 1);
    // Never leave half of a surrogate pair behind.
    if (/[\ud800-\udbff]$/.test(flat)) flat = flat.slice(0, -1);
    flat += "…";
  }
  return flat.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/@/g, "@\u200b").replace(/\|/g, "\\|");
}

// ---------------------------------------------------------------------------------------------
// Pause marker

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z$/;
const PAUSE_RE = /<!-- lodestar:paused by=([A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?) at=(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z) -->/;
const PAUSE_LINE_PREFIX = "> ⏸️ Scheduled work is paused";

/** The hidden pause marker plus the line people read, as it stands right after the summary marker. */
export function pauseBlock(paused: PauseState): string {
  if (!LOGIN.test(paused.by)) throw new TypeError(`not a GitHub login: ${JSON.stringify(paused.by)}`);
  if (!ISO.test(paused.at) || Number.isNaN(Date.parse(paused.at))) throw new TypeError(`not an ISO-8601 UTC time: ${JSON.stringify(paused.at)}`);
  return (
    `<!-- lodestar:paused by=${paused.by} at=${paused.at} -->\n` +
    `${PAUSE_LINE_PREFIX} since ${paused.at.slice(0, 10)} by ${paused.by}; \`/lodestar resume\` restarts it.\n`
  );
}

/** The pause state a summary body records, or null when scheduled work runs. */
export function readPause(body: string): PauseState | null {
  const m = PAUSE_RE.exec(body);
  return m ? { by: m[1]!, at: m[2]! } : null;
}

/**
 * Writes (or removes, with null) the pause marker and its visible line, leaving the rest of the
 * body as it was. Idempotent: `withPause(withPause(b, p), p) === withPause(b, p)`.
 */
export function withPause(body: string, paused: PauseState | null): string {
  const lines = body.split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("<!-- lodestar:paused ")) continue;
    if (line.startsWith(PAUSE_LINE_PREFIX)) {
      // The block ends with one blank line; it goes with the block.
      if (lines[i + 1] === "") i++;
      continue;
    }
    kept.push(line);
  }
  let rest = kept.join("\n");
  let at = rest.indexOf(SUMMARY_MARKER);
  if (at < 0) {
    rest = `${SUMMARY_MARKER}\n${rest}`;
    at = 0;
  }
  let end = at + SUMMARY_MARKER.length;
  if (rest[end] !== "\n") rest = `${rest.slice(0, end)}\n${rest.slice(end)}`;
  end++;
  const head = rest.slice(0, end);
  const tail = rest.slice(end);
  return paused ? `${head}${pauseBlock(paused)}\n${tail}` : `${head}${tail}`;
}

// ---------------------------------------------------------------------------------------------
// Decision checkboxes

const MAX_ARGS = 200;
const MAX_ID = 100;
const DECISION_RE = /^\s*[-*] \[([ xX])\] (.*?)\s*<!-- lodestar:decision:([^:\s]+):([a-z]+)(?::([^:\s]+))? -->\s*$/;

/** Why `args` cannot be passed to a job, or undefined when it can (a repo-relative path). */
export function badDecisionArgs(args: string): string | undefined {
  if (args.length === 0) return "empty";
  if (args.length > MAX_ARGS) return `longer than ${MAX_ARGS} characters`;
  if (/[\u0000-\u001f\u007f]/.test(args)) return "control characters";
  if (args.startsWith("/") || args.startsWith("\\") || /^[A-Za-z]:/.test(args)) return "not relative to the repository";
  if (args.split(/[\\/]/).some((segment) => segment === "..")) return "leaves the repository";
  return undefined;
}

function validDecision(d: DecisionNeeded): boolean {
  return (
    d.id.length > 0 &&
    d.id.length <= MAX_ID &&
    (DECISION_COMMANDS as readonly string[]).includes(d.command) &&
    (d.args === undefined || badDecisionArgs(d.args) === undefined)
  );
}

function decisionMarker(d: DecisionNeeded): string {
  // Encoded so no id or path can end the comment (`>` is encoded) or add a field (`:` is encoded).
  const args = d.args === undefined ? "" : `:${encodeURIComponent(d.args)}`;
  return `<!-- lodestar:decision:${encodeURIComponent(d.id)}:${d.command}${args} -->`;
}

interface DecisionLine {
  decision: DecisionNeeded;
  checked: boolean;
  marker: string;
}

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The decision checkboxes of a body, by marker, that our renderer could have written. */
function readDecisions(body: string): Map<string, DecisionLine> {
  const found = new Map<string, DecisionLine>();
  let fence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const m = DECISION_RE.exec(line);
    if (!m) continue;
    const [, box, title, rawId, command, rawArgs] = m;
    const id = decodeOrNull(rawId!);
    const args = rawArgs === undefined ? undefined : decodeOrNull(rawArgs);
    if (id === null || args === null) continue;
    const decision: DecisionNeeded = { id, title: title!, command: command as DecisionCommand, ...(args === undefined ? {} : { args }) };
    if (!validDecision(decision)) continue;
    const marker = decisionMarker(decision);
    if (!found.has(marker)) found.set(marker, { decision, checked: box !== " ", marker });
  }
  return found;
}

/**
 * The decisions whose box went from `[ ]` to `[x]` between two versions of the summary body
 * (an `issues.edited` event: `changes.body.from` and `issue.body`). A box only counts when the
 * same marker was there, unticked, before the edit: a marker typed into the body in the same edit
 * starts nothing. Commands other than the four jobs, and arguments that are not a repo-relative
 * path, are ignored.
 */
export function tickedDecisions(before: string | undefined, after: string): DecisionNeeded[] {
  if (before === undefined) return [];
  const previous = readDecisions(before);
  const ticked: DecisionNeeded[] = [];
  for (const [marker, line] of readDecisions(after)) {
    if (line.checked && previous.get(marker)?.checked === false) ticked.push(line.decision);
  }
  return ticked;
}

// ---------------------------------------------------------------------------------------------
// Open findings, carried from one summary to the next

const FINDINGS_RE = /<!-- lodestar:findings v1((?: [^\s=]+=[0-9a-f,]*)*) -->/;
/** The most fingerprints the marker carries (13 characters each): the rest would not fit in a body. */
const MAX_TRACKED = 2000;

/** A short, stable id for a finding: its own fingerprint when it has one, else rule, path and title. */
export function findingKey(f: Finding): string {
  const basis = f.fingerprint ?? `${f.ruleId}\0${f.location?.path ?? ""}\0${f.title}`;
  return createHash("sha256").update(basis).digest("hex").slice(0, 12);
}

function readOpenFindings(body: string | undefined): Map<string, string[]> | null {
  const m = body === undefined ? null : FINDINGS_RE.exec(body);
  if (!m) return null;
  const byModule = new Map<string, string[]>();
  for (const pair of m[1]!.trim().split(" ").filter(Boolean)) {
    const [name, keys] = pair.split("=") as [string, string];
    const module = decodeOrNull(name);
    if (module !== null) byModule.set(module, keys.split(",").filter(Boolean));
  }
  return byModule;
}

function findingsMarker(byModule: Map<string, string[]>): string {
  let budget = MAX_TRACKED;
  const parts: string[] = [];
  for (const module of [...byModule.keys()].sort()) {
    const keys = [...new Set(byModule.get(module))].sort().slice(0, Math.max(0, budget));
    budget -= keys.length;
    parts.push(` ${encodeURIComponent(module.slice(0, 40))}=${keys.join(",")}`);
  }
  return `<!-- lodestar:findings v1${parts.join("")} -->`;
}

interface FindingsDelta {
  fresh: Finding[];
  stillOpen: Finding[];
  fixed: number;
  /** Findings of modules that did not finish this cycle, carried over unseen. */
  carried: number;
  /** What the next summary compares against. */
  open: Map<string, string[]>;
  firstSummary: boolean;
}

const LEVEL_ORDER = { error: 0, warning: 1, note: 2 } as const;

function compareFindings(a: Finding, b: Finding): number {
  return (
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    a.module.localeCompare(b.module) ||
    a.ruleId.localeCompare(b.ruleId) ||
    (a.location?.path ?? "").localeCompare(b.location?.path ?? "") ||
    (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
    a.title.localeCompare(b.title)
  );
}

/**
 * New, still open and fixed findings against the previous summary. A module that failed, was
 * skipped or could not finish says nothing about its old findings: they stay open, not "fixed".
 */
function findingsDelta(report: CycleReport, previousBody: string | undefined): FindingsDelta {
  const before = readOpenFindings(previousBody);
  const complete = new Set(report.moduleRuns.filter((r) => r.status === "ok" && !r.incomplete?.length).map((r) => r.module));
  const open = new Map<string, string[]>();
  const seen = new Set<string>();
  const findings = [...report.findings].sort(compareFindings);
  const fresh: Finding[] = [];
  const stillOpen: Finding[] = [];
  const previousKeys = new Set([...(before?.values() ?? [])].flat());
  for (const f of findings) {
    const key = findingKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    (open.get(f.module) ?? open.set(f.module, []).get(f.module)!).push(key);
    (before && previousKeys.has(key) ? stillOpen : fresh).push(f);
  }
  let fixed = 0;
  let carried = 0;
  for (const [module, keys] of before ?? []) {
    for (const key of keys) {
      if (seen.has(key)) continue;
      if (complete.has(module)) fixed++;
      else {
        carried++;
        seen.add(key);
        (open.get(module) ?? open.set(module, []).get(module)!).push(key);
      }
    }
  }
  return { fresh, stillOpen, fixed, carried, open, firstSummary: before === null };
}

// ---------------------------------------------------------------------------------------------
// Ledger: cost, local share, escalation rate

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;

interface Day {
  date: string;
  costUsd: number;
  /** Calls answered (outcome "ok"). */
  answered: number;
  local: number;
}

function dailyLedger(ledger: readonly LedgerEntry[], repo: string, now: Date): Day[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days: Day[] = [];
  const byDate = new Map<string, Day>();
  for (let i = WINDOW_DAYS - 1; i >= 0; i--) {
    const date = new Date(today - i * DAY_MS).toISOString().slice(0, 10);
    const day = { date, costUsd: 0, answered: 0, local: 0 };
    days.push(day);
    byDate.set(date, day);
  }
  for (const row of ledger) {
    if (row.repo !== repo) continue;
    const time = Date.parse(row.time);
    if (Number.isNaN(time)) continue;
    const day = byDate.get(new Date(time).toISOString().slice(0, 10));
    if (!day) continue;
    day.costUsd += Number.isFinite(row.costUsd) ? row.costUsd : 0;
    // A call that failed answered nothing: it counts for cost, not for who answered.
    if (row.outcome !== "ok") continue;
    day.answered++;
    if (row.provider === "ollama") day.local++;
  }
  return days;
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const pct = (share: number) => `${Math.round(share * 100)} %`;
const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** A y-axis top that reads well: 1, 2 or 5 times a power of ten, at least the largest value. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value)!;
  return round(step * power, 6);
}

function chart(title: string, labels: string[], yAxis: string, max: number, series: string): string[] {
  return [
    "```mermaid",
    "xychart-beta",
    `    title "${title}"`,
    `    x-axis [${labels.map((l) => `"${l}"`).join(", ")}]`,
    `    y-axis "${yAxis}" 0 --> ${max}`,
    `    ${series}`,
    "```",
  ];
}

function renderCost(days: Day[], report: CycleReport | null): string[] {
  const lines = ["## Cost and local vs cloud (last 30 days)", ""];
  if (report?.models.cloudClosed) lines.push(`> **Local only**: ${echo(report.models.cloudClosed, 300)}.`, "");
  const cost = days.reduce((sum, d) => sum + d.costUsd, 0);
  const answered = days.reduce((sum, d) => sum + d.answered, 0);
  const local = days.reduce((sum, d) => sum + d.local, 0);
  if (answered === 0 && cost === 0) return [...lines, "No model calls in the last 30 days.", ""];
  lines.push(
    `Cloud cost ${usd(cost)}; ${answered} model call${answered === 1 ? "" : "s"} answered, ` +
      `${answered ? pct(local / answered) : "0 %"} locally and ${answered ? pct((answered - local) / answered) : "0 %"} by a cloud model.`,
    "",
  );
  const costs = days.map((d) => round(d.costUsd, 4));
  lines.push(...chart("Cloud cost per day (USD)", days.map((d) => d.date.slice(5)), "USD", niceMax(Math.max(...costs)), `bar [${costs.join(", ")}]`), "");
  const active = days.filter((d) => d.answered > 0);
  if (active.length) {
    const shares = active.map((d) => round((d.local / d.answered) * 100, 1));
    lines.push(...chart("Share of calls answered locally (%)", active.map((d) => d.date.slice(5)), "%", 100, `line [${shares.join(", ")}]`), "");
  }
  return lines;
}

/** Escalation rate (calls answered by a cloud model) in the first and the second half of the window. */
function renderLearning(days: Day[], report: CycleReport | null): string[] {
  const lines = ["## Learning", ""];
  const half = (part: Day[]) => {
    const answered = part.reduce((s, d) => s + d.answered, 0);
    const cloud = part.reduce((s, d) => s + d.answered - d.local, 0);
    return answered === 0 ? null : cloud / answered;
  };
  const middle = Math.floor(days.length / 2);
  const first = half(days.slice(0, middle));
  const second = half(days.slice(middle));
  const all = half(days);
  if (all === null) lines.push("No model calls in the last 30 days, so no escalation rate yet.");
  else if (first === null || second === null) {
    lines.push(`Escalation rate (share of calls answered by a cloud model): ${pct(all)} over the last 30 days; not enough history for a trend yet.`);
  } else {
    const change = second - first;
    const trend =
      Math.abs(change) < 0.05
        ? `flat at about ${pct(all)}`
        : change < 0
          ? `falling, from ${pct(first)} to ${pct(second)}: the local model answers more on its own`
          : `rising, from ${pct(first)} to ${pct(second)}: more tasks need a cloud model`;
    lines.push(
      `Escalation rate (share of calls answered by a cloud model, the complement of the local share above), ` +
        `first vs second half of the last 30 days: ${trend}.`,
    );
  }
  if (report?.models.available && report.models.tasks > 0) {
    const m = report.models;
    lines.push("", `Latest cycle: ${m.tasks} task${m.tasks === 1 ? "" : "s"}, ${m.local} answered locally, ${m.escalated} escalated, ${m.refused} refused.`);
  }
  return [...lines, ""];
}

// ---------------------------------------------------------------------------------------------
// Sections with lists: cut to fit

interface Caps {
  findings: number;
  prs: number;
  decisions: number;
  failures: number;
}

function capped<T>(items: readonly T[], cap: number, line: (item: T) => string, what: string): string[] {
  const shown = items.slice(0, cap).map(line);
  if (items.length > cap) shown.push(`- …and ${items.length - cap} more ${what} not shown.`);
  return shown;
}

function findingLine(f: Finding): string {
  const where = f.location ? ` — ${echo(f.location.path, 150)}${f.location.startLine ? `:${f.location.startLine}` : ""}` : "";
  return `- **${f.level}** ${echo(f.module, 40)}: ${echo(f.title)}${where}`;
}

function renderFindings(report: CycleReport | null, previousBody: string | undefined, caps: Caps): { lines: string[]; marker: string } {
  const lines = ["## Findings", ""];
  if (!report) {
    const carried = readOpenFindings(previousBody);
    const count = [...(carried?.values() ?? [])].reduce((n, keys) => n + keys.length, 0);
    lines.push(carried ? `No new cycle since the last summary; ${count} finding${count === 1 ? "" : "s"} were open then.` : "No cycle has run yet.", "");
    return { lines, marker: findingsMarker(carried ?? new Map()) };
  }
  const d = findingsDelta(report, previousBody);
  const open = d.fresh.length + d.stillOpen.length;
  lines.push(
    d.firstSummary
      ? `**${open} open** (first summary, so every finding counts as new).`
      : `**${open} open**: ${d.fresh.length} new, ${d.stillOpen.length} still open; **${d.fixed} fixed** since the last summary.`,
  );
  if (d.carried) lines.push("", `${d.carried} earlier finding${d.carried === 1 ? "" : "s"} of modules that did not finish this cycle are kept as open.`);
  lines.push("");
  if (d.fresh.length) lines.push("### New", "", ...capped(d.fresh, caps.findings, findingLine, "new findings"), "");
  if (d.stillOpen.length) lines.push("### Still open", "", ...capped(d.stillOpen, caps.findings, findingLine, "open findings"), "");
  return { lines, marker: findingsMarker(d.open) };
}

const PR_STATE = { open: "🟢 open", merged: "🟣 merged", closed: "⚪ closed" } as const;
const PR_ORDER = { open: 0, merged: 1, closed: 2 } as const;

function renderPullRequests(prs: readonly SummaryPullRequest[], caps: Caps): string[] {
  const lines = ["## Pull requests", ""];
  if (!prs.length) return [...lines, "Lodestar has no pull requests here yet.", ""];
  const count = (s: SummaryPullRequest["state"]) => prs.filter((p) => p.state === s).length;
  lines.push(`${count("open")} open, ${count("merged")} merged, ${count("closed")} closed without merging.`, "");
  const sorted = [...prs].sort((a, b) => PR_ORDER[a.state] - PR_ORDER[b.state] || b.number - a.number);
  const shown = sorted.slice(0, caps.prs);
  if (shown.length) {
    lines.push("| Pull request | Module | State |", "| --- | --- | --- |");
    for (const p of shown) lines.push(`| #${p.number} ${echo(p.title)} | ${echo(p.module, 40)} | ${PR_STATE[p.state]} |`);
  }
  if (sorted.length > shown.length) lines.push("", `…and ${sorted.length - shown.length} more pull requests not shown.`);
  return [...lines, ""];
}

function renderDecisions(decisions: readonly DecisionNeeded[], previousBody: string | undefined, caps: Caps): string[] {
  const lines = ["## Decisions needed", ""];
  const valid = decisions.filter(validDecision);
  const invalid = decisions.length - valid.length;
  if (!valid.length && !invalid) return [...lines, "Nothing is waiting for you.", ""];
  // A box someone ticked stays ticked: the job it started is not offered again as if new.
  const ticked = new Set([...readDecisions(previousBody ?? "").values()].filter((l) => l.checked).map((l) => l.marker));
  lines.push("Tick a box to start the job on the self-hosted runner.", "");
  lines.push(
    ...capped(valid, caps.decisions, (d) => `- [${ticked.has(decisionMarker(d)) ? "x" : " "}] ${echo(d.title)} ${decisionMarker(d)}`, "decisions"),
  );
  if (invalid) lines.push("", `${invalid} decision${invalid === 1 ? "" : "s"} left out: not a job Lodestar can start from here.`);
  return [...lines, ""];
}

function renderFailures(report: CycleReport | null, failures: readonly string[], caps: Caps): string[] {
  const lines = ["## What failed and why", ""];
  const items: string[] = [];
  for (const run of report?.moduleRuns ?? []) {
    if (run.status === "failed") items.push(`❌ **${echo(run.module, 40)}** failed: ${echo(run.reason ?? "no reason given", 400)}`);
    if (run.status === "skipped") items.push(`⏭️ **${echo(run.module, 40)}** skipped: ${echo(run.reason ?? "no reason given", 400)}`);
    for (const gap of run.incomplete ?? []) items.push(`⚠️ **${echo(run.module, 40)}** incomplete: ${echo(gap, 400)}`);
  }
  if (report && !report.models.available) items.push(`⚠️ No model could be used: ${echo(report.models.unavailableReason ?? "none is available", 400)}`);
  for (const w of report?.warnings ?? []) items.push(`⚠️ ${echo(w, 400)}`);
  for (const f of failures) items.push(`❌ ${echo(f, 400)}`);
  if (!items.length) return [...lines, "Nothing failed.", ""];
  return [...lines, ...capped(items, caps.failures, (i) => `- ${i}`, "problems"), ""];
}

const ICON = { success: "✅", neutral: "⚪", failure: "❌" } as const;

function renderWith(data: SummaryIssueData, caps: Caps): string {
  const days = dailyLedger(data.ledger, data.repo, data.now);
  const findings = renderFindings(data.report, data.previousBody, caps);
  const head = [SUMMARY_MARKER, ...(data.paused ? [pauseBlock(data.paused)] : [])];
  const intro = [`# Lodestar daily summary — ${echo(data.repo, 140)}`, ""];
  const date = data.now.toISOString().slice(0, 10);
  if (data.report) {
    const r = data.report;
    intro.push(`Updated ${date}. Latest cycle, run on ${echo(r.startedAt.slice(0, 10), 40)}: ${ICON[r.conclusion]} **${r.conclusion}** — ${echo(r.conclusionReason, 500)}`, "");
  } else intro.push(`Updated ${date}. ${data.previousBody === undefined ? "No cycle has run yet." : "No cycle has run since the last summary."}`, "");
  return [
    ...head,
    ...intro,
    ...findings.lines,
    ...renderPullRequests(data.pullRequests, caps),
    ...renderDecisions(data.decisions, data.previousBody, caps),
    ...renderCost(days, data.report),
    ...renderLearning(days, data.report),
    ...renderFailures(data.report, data.failures, caps),
    findings.marker,
    "",
  ].join("\n");
}

/** Room kept under GitHub's issue limit for a pause block added after rendering. */
const PAUSE_RESERVE = 400;

/**
 * The summary issue body. Lists are cut (halved until the body fits, down to counts alone) so
 * the body stays under 60,000 characters; the markers are never cut.
 */
export function renderSummaryIssue(data: SummaryIssueData): string {
  const max = GITHUB_LIMITS.issueBody - PAUSE_RESERVE;
  let caps: Caps = { findings: 50, prs: 50, decisions: 50, failures: 50 };
  for (;;) {
    const body = renderWith(data, caps);
    if (body.length <= max) return body;
    if (Object.values(caps).every((c) => c === 0)) return fitSummaryBody(body, max);
    caps = { findings: caps.findings >> 1, prs: caps.prs >> 1, decisions: caps.decisions >> 1, failures: caps.failures >> 1 };
  }
}

/**
 * Cuts any summary body to `max` characters at line boundaries, keeping every `lodestar:`
 * marker line (summary, pause, findings) and dropping the other lines from the end.
 */
export function fitSummaryBody(body: string, max: number = GITHUB_LIMITS.issueBody): string {
  if (body.length <= max) return body;
  const note = "…(cut to fit GitHub's limit)";
  const lines = body.split("\n");
  const isMarker = (l: string) => /^<!-- lodestar:(summary|paused|findings) /.test(l) || l === SUMMARY_MARKER || l.startsWith(PAUSE_LINE_PREFIX);
  let room = max - note.length - 1 - lines.filter(isMarker).reduce((n, l) => n + l.length + 1, 0);
  const kept: string[] = [];
  let cut = false;
  for (const line of lines) {
    if (isMarker(line)) kept.push(line);
    else if (!cut && line.length + 1 <= room) {
      kept.push(line);
      room -= line.length + 1;
    } else if (!cut) {
      cut = true;
      kept.push(note);
    }
  }
  return kept.join("\n").slice(0, max);
}
