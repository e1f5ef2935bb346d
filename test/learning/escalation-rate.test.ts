import { describe, expect, it } from "@jest/globals";
import { escalationRates } from "../../src/learning/index.js";
import type { DecisionRecord } from "../../src/state/index.js";

const route = (time: string, kind: string | null, decision: string, extra: Partial<DecisionRecord> = {}): DecisionRecord => ({
  time,
  stage: "route",
  module: kind,
  decision,
  reason: "test",
  inputs: { confidence: 0.5, complexity: 0.2, novelty: 0.9 },
  ...extra,
});

describe("escalationRates", () => {
  it("counts route decisions per task kind per UTC day, ordered by day then kind", () => {
    const rates = escalationRates([
      route("2025-05-01T10:00:00Z", "fix", "local"),
      route("2025-05-01T11:00:00Z", "fix", "escalate"),
      route("2025-05-01T12:00:00Z", "fix", "escalate"),
      route("2025-05-01T13:00:00Z", "fix", "refuse"),
      route("2025-05-01T09:00:00Z", "ask", "local"),
      route("2025-05-02T01:00:00+03:00", "ask", "escalate"), // 22:00 UTC on the 1st
      route("2025-05-02T08:00:00Z", "fix", "local"),
    ]);
    expect(rates).toEqual([
      { day: "2025-05-01", taskKind: "ask", routed: 2, escalated: 1, rate: 0.5 },
      { day: "2025-05-01", taskKind: "fix", routed: 4, escalated: 2, rate: 0.5 },
      { day: "2025-05-02", taskKind: "fix", routed: 1, escalated: 0, rate: 0 },
    ]);
  });

  it("ignores other stages, other decisions and unreadable times", () => {
    expect(
      escalationRates([
        route("2025-05-01T10:00:00Z", "fix", "escalate", { stage: "verify" }),
        route("2025-05-01T10:00:00Z", "fix", "maybe"),
        route("not a time", "fix", "escalate"),
      ]),
    ).toEqual([]);
    expect(escalationRates([route("2025-05-01T10:00:00Z", null, "escalate")])).toEqual([{ day: "2025-05-01", taskKind: "(none)", routed: 1, escalated: 1, rate: 1 }]);
  });

  it("shows learning at work: the rate falls as the same kind is routed on later days", () => {
    const decisions: DecisionRecord[] = [];
    const days = ["2025-05-01", "2025-05-02", "2025-05-03"];
    days.forEach((day, i) => {
      for (let k = 0; k < 10; k++) decisions.push(route(`${day}T10:00:${String(k).padStart(2, "0")}Z`, "fix", k < 6 - 2 * i ? "escalate" : "local"));
    });
    expect(escalationRates(decisions).map((r) => r.rate)).toEqual([0.6, 0.4, 0.2]);
  });
});
