/**
 * Cloud budgets: hard caps per repo per UTC day and month (USD and tokens) and per cycle.
 * At a cap the router goes local-only and says why (DESIGN §4, FAULTS 27). Only cloud calls
 * count: the local model is free and never capped.
 */
import type { LedgerEntry } from "../state/schema.js";

/** The caps, as in the config's `budgets` section. A cap of 0 allows no cloud call at all. */
export interface BudgetCaps {
  "daily-usd": number;
  "monthly-usd": number;
  "cycle-usd": number;
  "daily-tokens": number;
  "monthly-tokens": number;
}

/** The answer to "may this cloud call start?". */
export interface BudgetCheck {
  allowed: boolean;
  /** e.g. "daily cloud budget of $1.00 reached ($1.02 spent today)" */
  reason?: string;
  /** The cap that stopped the call. */
  cap?: keyof BudgetCaps;
}

/** Cloud spend over one window. */
export interface Spend {
  usd: number;
  tokens: number;
}

/** Totals for the summary and `lodestar usage`. */
export interface BudgetStatus {
  day: Spend;
  month: Spend;
  cycle: Spend;
  caps: BudgetCaps;
  /** Set when a cap is reached: why the router is local-only now. */
  exhausted?: string;
}

/** Whether a ledger entry is a cloud call (the only kind budgets count). */
export function isCloudEntry(entry: Pick<LedgerEntry, "provider">): boolean {
  return entry.provider !== "ollama" && entry.provider !== "none";
}

/** Tokens a ledger entry counts against token caps: everything sent and received. */
export function entryTokens(entry: Pick<LedgerEntry, "inputTokens" | "outputTokens">): number {
  return finite(entry.inputTokens) + finite(entry.outputTokens);
}

function finite(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** `YYYY-MM-DD` of a time in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM` of a time in UTC. */
export function utcMonth(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/**
 * Dollars for messages: cents from $1 up; below that up to four decimals, so a $0.01 cap
 * does not read "$0.01 reached ($0.01 spent)" when $0.0116 was spent.
 */
export function formatUsd(n: number): string {
  if (n === 0 || Math.abs(n) >= 1) return `$${n.toFixed(2)}`;
  return `$${n.toFixed(4).replace(/(\.\d\d\d*?)0+$/, "$1")}`;
}

const usd = formatUsd;
const count = (n: number): string => Math.round(n).toLocaleString("en-US");

interface Rule {
  cap: keyof BudgetCaps;
  window: "day" | "month" | "cycle";
  unit: "usd" | "tokens";
  label: string;
  /** How the spend so far is phrased: "spent today". */
  spentWhen: string;
}

// Checked in this order, so the message names the narrowest window that stops the call.
const RULES: readonly Rule[] = [
  { cap: "cycle-usd", window: "cycle", unit: "usd", label: "cycle cloud budget", spentWhen: "spent in this cycle" },
  { cap: "daily-usd", window: "day", unit: "usd", label: "daily cloud budget", spentWhen: "spent today" },
  { cap: "daily-tokens", window: "day", unit: "tokens", label: "daily cloud token budget", spentWhen: "used today" },
  { cap: "monthly-usd", window: "month", unit: "usd", label: "monthly cloud budget", spentWhen: "spent this month" },
  { cap: "monthly-tokens", window: "month", unit: "tokens", label: "monthly cloud token budget", spentWhen: "used this month" },
];

function describeLimit(rule: Rule, limit: number, spent: number, estimate: number): string {
  const fmt = rule.unit === "usd" ? usd : (n: number) => `${count(n)} tokens`;
  if (spent >= limit) return `${rule.label} of ${fmt(limit)} reached (${fmt(spent)} ${rule.spentWhen})`;
  return `${rule.label} of ${fmt(limit)} would be exceeded (${fmt(spent)} ${rule.spentWhen}, this call needs about ${fmt(estimate)})`;
}

/**
 * Guards one repo's cloud budget for one cycle (or one CLI run). Built from the ledger as it
 * was at the start; each finished call is then added with {@link BudgetGuard.record}. Day and
 * month are UTC calendar windows evaluated at check time, so a cycle running past midnight
 * starts a fresh day; the cycle window is everything recorded since construction.
 */
export class BudgetGuard {
  private readonly caps: BudgetCaps;
  private readonly repo: string;
  private readonly now: () => Date;
  /** The repo's cloud calls of the current month (older ones can never count again). */
  private entries: { day: string; month: string; usd: number; tokens: number }[] = [];
  private readonly cycleSpend: Spend = { usd: 0, tokens: 0 };

  constructor(options: { caps: BudgetCaps; repo: string; ledger: readonly LedgerEntry[]; now?: () => Date }) {
    this.caps = { ...options.caps };
    this.repo = options.repo;
    this.now = options.now ?? (() => new Date());
    const month = utcMonth(this.now());
    for (const entry of options.ledger) {
      const slot = this.slot(entry);
      if (slot && slot.month >= month) this.entries.push(slot);
    }
  }

  /** A ledger entry reduced to what the windows need; null when it does not count here. */
  private slot(entry: LedgerEntry): { day: string; month: string; usd: number; tokens: number } | null {
    if (entry.repo !== this.repo || !isCloudEntry(entry)) return null;
    const time = new Date(entry.time);
    // An entry without a readable time still cost money: count it as now rather than never.
    const at = Number.isNaN(time.getTime()) ? this.now() : time;
    return { day: utcDay(at), month: utcMonth(at), usd: finite(entry.costUsd), tokens: entryTokens(entry) };
  }

  private totals(): { day: Spend; month: Spend; cycle: Spend } {
    const now = this.now();
    const today = utcDay(now);
    const month = utcMonth(now);
    // Drop what fell out of the month window, so a long-lived guard stays small.
    this.entries = this.entries.filter((e) => e.month >= month);
    const day: Spend = { usd: 0, tokens: 0 };
    const monthSpend: Spend = { usd: 0, tokens: 0 };
    for (const e of this.entries) {
      if (e.month !== month) continue;
      monthSpend.usd += e.usd;
      monthSpend.tokens += e.tokens;
      if (e.day === today) {
        day.usd += e.usd;
        day.tokens += e.tokens;
      }
    }
    // Rounded to a nano-dollar: float noise must not show as $0.004999999 in reports.
    const tidy = (x: Spend): Spend => ({ usd: Math.round(x.usd * 1e9) / 1e9, tokens: x.tokens });
    return { day: tidy(day), month: tidy(monthSpend), cycle: tidy(this.cycleSpend) };
  }

  /**
   * May a cloud call with this estimated cost start? Refused when any window has already
   * reached its cap, or would pass it with this call. A cap of 0 refuses every cloud call.
   */
  check(estimate: { usd: number; tokens: number }): BudgetCheck {
    const totals = this.totals();
    const want = { usd: finite(estimate.usd), tokens: finite(estimate.tokens) };
    for (const rule of RULES) {
      const limit = this.caps[rule.cap];
      const spent = totals[rule.window][rule.unit];
      const more = want[rule.unit];
      if (spent >= limit || spent + more > limit) {
        return { allowed: false, reason: describeLimit(rule, limit, spent, more), cap: rule.cap };
      }
    }
    return { allowed: true };
  }

  /** Adds a finished call (after it is appended to the ledger) to the running totals. */
  record(entry: LedgerEntry): void {
    const slot = this.slot(entry);
    if (!slot) return;
    this.entries.push(slot);
    this.cycleSpend.usd += slot.usd;
    this.cycleSpend.tokens += slot.tokens;
  }

  /** Totals so far, for the summary; `exhausted` says which cap, if any, makes the router local-only. */
  status(): BudgetStatus {
    const totals = this.totals();
    const status: BudgetStatus = { ...totals, caps: { ...this.caps } };
    const stop = this.check({ usd: 0, tokens: 0 });
    if (!stop.allowed && stop.reason) status.exhausted = stop.reason;
    return status;
  }
}
