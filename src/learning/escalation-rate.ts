/**
 * The escalation rate per task kind over time, from the router's decision records: the
 * measure that shows whether learning makes the cloud needed less. Pure.
 */
import type { DeepReadonly, DecisionRecord } from "../state/schema.js";

/** One task kind on one UTC day. */
export interface EscalationRate {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  taskKind: string;
  /** Route decisions made: local + escalate + refuse. */
  routed: number;
  escalated: number;
  /** escalated / routed, 0..1. */
  rate: number;
}

const ROUTE_DECISIONS = new Set(["local", "escalate", "refuse"]);

/**
 * From decision records with stage "route" (decision "local" | "escalate" | "refuse", module =
 * task kind): the escalation rate per task kind per day, ordered by day then task kind.
 * Records with another stage or decision, or an unreadable time, are ignored.
 */
export function escalationRates(decisions: readonly DeepReadonly<DecisionRecord>[]): EscalationRate[] {
  const groups = new Map<string, EscalationRate>();
  for (const d of decisions) {
    if (d.stage !== "route" || !ROUTE_DECISIONS.has(d.decision)) continue;
    const time = new Date(d.time);
    if (Number.isNaN(time.getTime())) continue;
    const day = time.toISOString().slice(0, 10);
    const taskKind = d.module ?? "(none)";
    const key = `${day}\0${taskKind}`;
    let g = groups.get(key);
    if (!g) {
      g = { day, taskKind, routed: 0, escalated: 0, rate: 0 };
      groups.set(key, g);
    }
    g.routed++;
    if (d.decision === "escalate") g.escalated++;
  }
  return [...groups.values()]
    .map((g) => ({ ...g, rate: g.escalated / g.routed }))
    .sort((a, b) => (a.day === b.day ? a.taskKind.localeCompare(b.taskKind) : a.day < b.day ? -1 : 1));
}
