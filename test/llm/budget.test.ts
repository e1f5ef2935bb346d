import { describe, expect, it } from "@jest/globals";
import { defaultConfig } from "../../src/config/index.js";
import { BudgetGuard, formatUsd, type BudgetCaps } from "../../src/llm/budget.js";
import type { LedgerEntry } from "../../src/state/index.js";

const REPO = "octo/repo";
const caps = (over: Partial<BudgetCaps> = {}): BudgetCaps => ({
  "daily-usd": 1,
  "monthly-usd": 20,
  "cycle-usd": 0.5,
  "daily-tokens": 2_000_000,
  "monthly-tokens": 40_000_000,
  ...over,
});

function call(time: string, costUsd: number, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    time,
    repo: REPO,
    job: "job-1",
    taskKind: "fix",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    inputTokens: 1000,
    outputTokens: 200,
    costUsd,
    latencyMs: 900,
    outcome: "ok",
    ...extra,
  };
}

/** A clock the test moves. */
function clock(iso: string): { now: () => Date; set: (iso: string) => void } {
  let t = new Date(iso);
  return { now: () => t, set: (next) => (t = new Date(next)) };
}

describe("BudgetGuard", () => {
  it("matches the config's budgets section", () => {
    const fromConfig: BudgetCaps = defaultConfig().budgets;
    expect(fromConfig).toEqual(caps());
  });

  it("allows a call within every cap and refuses one that would pass the daily USD cap", () => {
    const c = clock("2025-03-10T12:00:00Z");
    const guard = new BudgetGuard({ caps: caps({ "cycle-usd": 100 }), repo: REPO, ledger: [call("2025-03-10T08:00:00Z", 0.9)], now: c.now });
    expect(guard.check({ usd: 0.05, tokens: 100 })).toEqual({ allowed: true });
    const refused = guard.check({ usd: 0.2, tokens: 100 });
    expect(refused).toEqual({
      allowed: false,
      cap: "daily-usd",
      reason: "daily cloud budget of $1.00 would be exceeded ($0.90 spent today, this call needs about $0.20)",
    });
  });

  it("is a hard stop at the cap, and says how much was spent", () => {
    const c = clock("2025-03-10T23:00:00Z");
    const guard = new BudgetGuard({ caps: caps({ "cycle-usd": 100 }), repo: REPO, ledger: [call("2025-03-10T01:00:00Z", 1.02)], now: c.now });
    expect(guard.check({ usd: 0, tokens: 0 })).toEqual({ allowed: false, cap: "daily-usd", reason: "daily cloud budget of $1.00 reached ($1.02 spent today)" });
    expect(guard.status().exhausted).toBe("daily cloud budget of $1.00 reached ($1.02 spent today)");
  });

  it("uses UTC calendar days: yesterday's spend does not count, and a run past midnight starts afresh", () => {
    const c = clock("2025-03-10T23:59:59.999Z");
    const ledger = [call("2025-03-09T23:59:59.999Z", 5), call("2025-03-10T00:00:00.000Z", 0.95)];
    const guard = new BudgetGuard({ caps: caps({ "cycle-usd": 100 }), repo: REPO, ledger, now: c.now });
    expect(guard.status().day.usd).toBeCloseTo(0.95, 12);
    expect(guard.check({ usd: 0.1, tokens: 1 }).cap).toBe("daily-usd");
    c.set("2025-03-11T00:00:00.000Z");
    expect(guard.status().day).toEqual({ usd: 0, tokens: 0 });
    expect(guard.check({ usd: 0.1, tokens: 1 })).toEqual({ allowed: true });
    // A time in another zone is the same instant: 01:30+02:00 on the 11th is 23:30 UTC on the 10th.
    const zoned = new BudgetGuard({ caps: caps({ "cycle-usd": 100 }), repo: REPO, ledger: [call("2025-03-11T01:30:00+02:00", 0.7)], now: c.now });
    expect(zoned.status().day.usd).toBe(0);
    expect(zoned.status().month.usd).toBeCloseTo(0.7, 12);
  });

  it("caps the month in USD and in tokens, across days", () => {
    const c = clock("2025-03-31T10:00:00Z");
    const ledger = [
      call("2025-02-28T10:00:00Z", 50), // last month: ignored
      call("2025-03-01T10:00:00Z", 9.5),
      call("2025-03-15T10:00:00Z", 9.5),
    ];
    const guard = new BudgetGuard({ caps: caps({ "cycle-usd": 100, "daily-usd": 100 }), repo: REPO, ledger, now: c.now });
    expect(guard.status().month.usd).toBeCloseTo(19, 12);
    expect(guard.check({ usd: 0.5, tokens: 1 })).toEqual({ allowed: true });
    expect(guard.check({ usd: 1.5, tokens: 1 })).toMatchObject({ allowed: false, cap: "monthly-usd" });
    c.set("2025-04-01T00:00:00Z");
    expect(guard.check({ usd: 1.5, tokens: 1 })).toEqual({ allowed: true });

    const tokens = new BudgetGuard({
      caps: caps({ "monthly-tokens": 10_000, "daily-tokens": 1_000_000, "cycle-usd": 100 }),
      repo: REPO,
      ledger: [call("2025-04-01T00:00:00Z", 0, { inputTokens: 9_000, outputTokens: 500 })],
      now: c.now,
    });
    expect(tokens.check({ usd: 0, tokens: 400 })).toEqual({ allowed: true });
    const refused = tokens.check({ usd: 0, tokens: 600 });
    expect(refused).toMatchObject({ allowed: false, cap: "monthly-tokens" });
    expect(refused.reason).toBe("monthly cloud token budget of 10,000 tokens would be exceeded (9,500 tokens used this month, this call needs about 600 tokens)");
  });

  it("caps tokens per day", () => {
    const c = clock("2025-03-10T12:00:00Z");
    const guard = new BudgetGuard({
      caps: caps({ "daily-tokens": 5_000, "cycle-usd": 100 }),
      repo: REPO,
      ledger: [call("2025-03-10T11:00:00Z", 0.01, { inputTokens: 4_000, outputTokens: 1_000 })],
      now: c.now,
    });
    expect(guard.check({ usd: 0, tokens: 1 })).toMatchObject({ allowed: false, cap: "daily-tokens", reason: "daily cloud token budget of 5,000 tokens reached (5,000 tokens used today)" });
  });

  it("caps one cycle: only calls recorded since the guard was made count", () => {
    const c = clock("2025-03-10T12:00:00Z");
    const guard = new BudgetGuard({ caps: caps({ "cycle-usd": 0.1 }), repo: REPO, ledger: [call("2025-03-10T11:00:00Z", 0.5)], now: c.now });
    expect(guard.status().cycle).toEqual({ usd: 0, tokens: 0 });
    expect(guard.check({ usd: 0.05, tokens: 10 })).toEqual({ allowed: true });
    guard.record(call("2025-03-10T12:00:00Z", 0.06));
    expect(guard.check({ usd: 0.05, tokens: 10 })).toMatchObject({ allowed: false, cap: "cycle-usd" });
    guard.record(call("2025-03-10T12:00:01Z", 0.05));
    const status = guard.status();
    expect(status.cycle.usd).toBeCloseTo(0.11, 12);
    expect(status.cycle.tokens).toBe(2400);
    expect(status.day.usd).toBeCloseTo(0.61, 12);
    expect(status.exhausted).toBe("cycle cloud budget of $0.10 reached ($0.11 spent in this cycle)");
    expect(status.caps).toEqual(caps({ "cycle-usd": 0.1 }));
  });

  it("counts only this repo's cloud calls: local calls and other repos are free of its budget", () => {
    const c = clock("2025-03-10T12:00:00Z");
    const ledger = [
      call("2025-03-10T10:00:00Z", 0.3),
      call("2025-03-10T10:00:00Z", 9, { repo: "octo/other" }),
      call("2025-03-10T10:00:00Z", 0, { provider: "ollama", model: "qwen2.5-coder:7b", inputTokens: 9e6 }),
    ];
    const guard = new BudgetGuard({ caps: caps(), repo: REPO, ledger, now: c.now });
    expect(guard.status().day).toEqual({ usd: 0.3, tokens: 1200 });
    guard.record(call("2025-03-10T12:00:00Z", 5, { repo: "octo/other" }));
    guard.record(call("2025-03-10T12:00:00Z", 0, { provider: "ollama", inputTokens: 1e9 }));
    expect(guard.status().cycle).toEqual({ usd: 0, tokens: 0 });
  });

  it("a cap of 0 allows no cloud call at all", () => {
    const guard = new BudgetGuard({ caps: caps({ "daily-usd": 0 }), repo: REPO, ledger: [], now: () => new Date("2025-03-10T00:00:00Z") });
    expect(guard.check({ usd: 0, tokens: 0 })).toMatchObject({ allowed: false, cap: "daily-usd", reason: "daily cloud budget of $0.00 reached ($0.00 spent today)" });
  });

  it("counts an entry with an unreadable time as spent now, never as free", () => {
    const guard = new BudgetGuard({ caps: caps({ "cycle-usd": 100 }), repo: REPO, ledger: [call("garbage", 1.5)], now: () => new Date("2025-03-10T00:00:00Z") });
    expect(guard.check({ usd: 0.01, tokens: 1 })).toMatchObject({ allowed: false, cap: "daily-usd" });
  });
});

describe("formatUsd", () => {
  it("shows cents, and up to four decimals below a dollar", () => {
    expect([0, 1, 1.02, 12.5, 0.5, 0.01, 0.0116, 0.00004].map(formatUsd)).toEqual(["$0.00", "$1.00", "$1.02", "$12.50", "$0.50", "$0.01", "$0.0116", "$0.00"]);
  });
});
