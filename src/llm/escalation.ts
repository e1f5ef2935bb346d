/**
 * The escalation policy: given the figures about a task and the state of the cloud, keep the
 * local answer, escalate to the cloud, or refuse. Pure; the router does the I/O.
 *
 * The rule (issue 4; thresholds from config `thresholds`, per task kind):
 *
 *   escalate ⇔ confidence < thresholds.confidence
 *            ∨ complexity > thresholds.complexity
 *            ∨ novelty    > thresholds.novelty
 *
 * When each figure is known, and what follows:
 *  - complexity and novelty are known before any model call. When either crosses its
 *    threshold the outcome is already "escalate" whatever the local model says, so the
 *    router asks the cloud straight away instead of spending a local call it would discard
 *    (the local model is still the fallback when the cloud call fails).
 *  - confidence exists only after the local answer (confidence.ts); below its threshold the
 *    local answer is not trusted and the task escalates.
 *  - novelty counts only for tasks that carry a verifier. Memory holds verified answers only
 *    (issue 4, Learning), so a task that cannot be verified can never become known: counting
 *    its novelty would send every such task to the cloud forever. For those tasks novelty is
 *    still measured and logged, but confidence alone decides.
 *  - the cloud may be unusable (`models.cloud: none`, no key, breaker open, a budget cap): then
 *    a task that wants it stays local and the answer says why ("local only: …"), FAULTS 27.
 *  - no local model (Ollama down, model missing, breaker open): escalate when the cloud is
 *    usable, else refuse with both reasons (FAULTS 28).
 */

export interface Thresholds {
  /** Escalate when local confidence is below this. */
  confidence: number;
  /** Escalate when complexity is above this. */
  complexity: number;
  /** Escalate when novelty is above this. */
  novelty: number;
}

/** The defaults of the plan (and of the config schema). */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({ confidence: 0.7, complexity: 0.75, novelty: 0.85 });

/** The thresholds for one task kind: the base ones with that kind's overrides on top. */
export function thresholdsFor(kind: string, base: Thresholds, byKind: Readonly<Record<string, Partial<Thresholds>>> = {}): Thresholds {
  const own = Object.hasOwn(byKind, kind) ? byKind[kind] : undefined;
  return { ...base, ...Object.fromEntries(Object.entries(own ?? {}).filter(([, v]) => typeof v === "number" && Number.isFinite(v))) };
}

/** The figures a decision is made from. */
export interface Signals {
  complexity: number;
  /** null when novelty does not count for this task (see {@link noveltySignal}). */
  novelty: number | null;
  /** Confidence in the local answer; undefined before the local call. */
  confidence?: number;
}

/** Whether the cloud can take a call now, and if not, why. */
export type CloudAccess = { usable: true } | { usable: false; reason: string };

/** Keep the local answer (or ask the local model), or go to the cloud. */
export interface RouteChoice {
  action: "local" | "escalate";
  /** The thresholds crossed, in words; empty when nothing wants the cloud. */
  triggers: string[];
  /** Set when a trigger wants the cloud but it cannot be used: the answer is local only, for this reason. */
  blocked?: string;
}

const fmt = (n: number): string => n.toFixed(2);

/**
 * Novelty as the policy sees it: the measured value for a task with a verifier, null for one
 * without (memory can never hold it, so novelty would always be 1).
 */
export function noveltySignal(novelty: number, verifiable: boolean): number | null {
  return verifiable ? novelty : null;
}

/** The thresholds the signals cross, in words (e.g. "complexity 0.80 > 0.75"). */
export function escalationTriggers(signals: Signals, t: Thresholds): string[] {
  const out: string[] = [];
  if (signals.confidence !== undefined && signals.confidence < t.confidence) out.push(`confidence ${fmt(signals.confidence)} < ${fmt(t.confidence)}`);
  if (signals.complexity > t.complexity) out.push(`complexity ${fmt(signals.complexity)} > ${fmt(t.complexity)}`);
  if (signals.novelty !== null && signals.novelty > t.novelty) out.push(`novelty ${fmt(signals.novelty)} > ${fmt(t.novelty)}`);
  return out;
}

/**
 * The decision for a task with a usable local model: before the local call (no confidence
 * yet: escalate early when complexity or novelty already decide) and after it.
 */
export function chooseRoute(signals: Signals, t: Thresholds, cloud: CloudAccess): RouteChoice {
  const triggers = escalationTriggers(signals, t);
  if (triggers.length === 0) return { action: "local", triggers };
  if (cloud.usable) return { action: "escalate", triggers };
  return { action: "local", triggers, blocked: cloud.reason };
}

/** The decision when the local model cannot answer: the cloud if usable, else refuse. */
export function routeWithoutLocal(localProblem: string, cloud: CloudAccess): { action: "escalate" | "refuse"; reasons: string[] } {
  if (cloud.usable) return { action: "escalate", reasons: [`local model unavailable: ${localProblem}`] };
  return { action: "refuse", reasons: [`local model unavailable: ${localProblem}`, `cloud unavailable: ${cloud.reason}`] };
}

/** "local: confidence 0.92 ≥ 0.70, complexity 0.31 ≤ 0.75, novelty 0.10 ≤ 0.85" — why the local answer stands. */
export function describeLocalPass(signals: Signals, t: Thresholds): string {
  const parts: string[] = [];
  if (signals.confidence !== undefined) parts.push(`confidence ${fmt(signals.confidence)} ≥ ${fmt(t.confidence)}`);
  parts.push(`complexity ${fmt(signals.complexity)} ≤ ${fmt(t.complexity)}`);
  parts.push(signals.novelty === null ? "novelty not counted (no verifier)" : `novelty ${fmt(signals.novelty)} ≤ ${fmt(t.novelty)}`);
  return parts.join(", ");
}
