/**
 * The shape of Lodestar's state file. Every change to these types that changes what is
 * on disk must bump CURRENT_VERSION and add a migration in migrations.ts.
 */

/** The schema version this code writes. Files with a higher version are refused. */
export const CURRENT_VERSION = 2;

/** One model call, for cost and latency accounting. */
export interface LedgerEntry {
  /** ISO-8601 time the call finished. */
  time: string;
  /** `owner/name` of the repository the work was for. */
  repo: string;
  /** Id of the job the call belonged to. */
  job: string;
  /** What kind of task the call served (e.g. "triage", "fix"). */
  taskKind: string;
  /** Provider name (e.g. "anthropic", "openai", "ollama"). */
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  /** How the call ended (e.g. "ok", "error", "timeout"). */
  outcome: string;
}

/** One decision a pipeline stage made, with its reason, so runs can be explained later. */
export interface DecisionRecord {
  /** ISO-8601 time of the decision. */
  time: string;
  stage: string;
  /** The module the decision is about; null when it concerns the stage as a whole. */
  module: string | null;
  decision: string;
  reason: string;
  job?: string;
  /** The figures the decision was made from (e.g. the router's confidence, complexity, novelty). */
  inputs?: Record<string, number | string | boolean | null>;
}

/** Who produced a remembered solution: the local model or a cloud model. */
export type MemorySource = "local" | "cloud";

/**
 * A verified solution, remembered so a similar task can reuse it (as an example for the
 * local model) and so verified pairs can be exported as a fine-tuning set.
 */
export interface MemoryEntry {
  taskKind: string;
  /** Stable fingerprint of the task kind and the normalised problem (sha256 hex); one entry per fingerprint. */
  fingerprint: string;
  /** The problem as it was asked (secrets redacted); "" for entries migrated from version 1. */
  problem: string;
  solution: string;
  /** Why we believe the solution worked (e.g. a link to the merged PR, a test run). */
  evidence: string;
  /** Which side answered; entries migrated from version 1 say "local". */
  source: MemorySource;
  /** ISO-8601 time the entry was recorded (or last replaced by newer evidence). */
  at: string;
}

/** A pull request Lodestar opened, keyed by the fingerprint of the change, to avoid repeats. */
export interface PrFingerprint {
  repo: string;
  fingerprint: string;
  branch: string;
  pr?: number;
  state: "open" | "closed" | "merged";
  /** True when a human closed it: Lodestar must not propose the same change again. */
  closedByUser?: boolean;
}

/** A webhook delivery we processed, so redeliveries are not handled twice. */
export interface DeliveryRecord {
  /** The `X-GitHub-Delivery` id. */
  id: string;
  /** ISO-8601 time it was processed. */
  at: string;
  status: "done" | "failed";
}

/** Everything in the state file. */
export interface StateData {
  version: number;
  ledger: LedgerEntry[];
  decisions: DecisionRecord[];
  memory: MemoryEntry[];
  fingerprints: PrFingerprint[];
  deliveries: DeliveryRecord[];
}

/** Deeply read-only view, for snapshots handed out to callers. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A read-only view of the state, as handed out by `State.data`. */
export type ReadonlyStateData = DeepReadonly<StateData>;

/** The array-valued keys of StateData; the shape check and migration 0→1 use this list. */
export const COLLECTION_KEYS = ["ledger", "decisions", "memory", "fingerprints", "deliveries"] as const;

/** A new, empty state at the current version. */
export function emptyState(): StateData {
  return { version: CURRENT_VERSION, ledger: [], decisions: [], memory: [], fingerprints: [], deliveries: [] };
}

/** True for `{...}` (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Basic shape check of a document claiming to be the current version. It checks the
 * containers, not every field of every entry: its job is to tell a usable file from a
 * damaged one, not to police callers. Returns a reason string when the shape is wrong.
 */
export function shapeProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return "top level is not a JSON object";
  if (value["version"] !== CURRENT_VERSION) return `version is ${JSON.stringify(value["version"])}, expected ${CURRENT_VERSION}`;
  for (const key of COLLECTION_KEYS) {
    const list = value[key];
    if (!Array.isArray(list)) return `"${key}" is not an array`;
    if (!list.every(isPlainObject)) return `"${key}" contains an entry that is not an object`;
  }
  return undefined;
}
