/**
 * The handle a module gets to ask for model work. Modules ask for a task, never a model:
 * routing, escalation, budgets, redaction and the ledger live behind this interface (the
 * router, router.ts). Runs with no model at all get the offline handle, which answers every
 * task with a clear refusal so a module can skip.
 */
import type { Verdict } from "./confidence.js";
import type { ChatMessage } from "./types.js";

export type { Verdict } from "./confidence.js";

/** A repository file quoted to the model as data (never as instructions). */
export interface ContextFile {
  /** Path relative to the repository root, `/` separators (matched against `never-send`). */
  path: string;
  content: string;
}

/** An answer as the caller's verifiers see it, before the router has decided on it. */
export interface CandidateAnswer {
  text: string;
  /** The text parsed as JSON and checked against the task's schema (schema tasks only). */
  parsed?: unknown;
  provider: string;
  model: string;
}

export interface LlmTask {
  /** What the task is for ("ask", "fix", "tests", …): picks thresholds and memory, names the ledger rows. */
  kind: string;
  messages: ChatMessage[];
  /** Repository files the task is about. Files matching `never-send` never reach a cloud model. */
  context?: ContextFile[];
  /** JSON schema the answer must satisfy, when a structured answer is wanted. */
  schema?: Record<string, unknown>;
  /**
   * Deterministic checks of an answer (schema valid, patch applies, types check, tests pass).
   * Any failing hard verdict makes the answer untrusted; all passing makes it verified, and a
   * verified answer is remembered so the local model gets it as an example next time.
   */
  verify?: (answer: CandidateAnswer) => Verdict[] | Promise<Verdict[]>;
  /** Output token limit per call. */
  maxOutputTokens?: number;
  /**
   * Local samples to draw. With a verifier, up to this many until one passes (default 1);
   * without, their agreement measures confidence (default 3, fewer when the server returns
   * log-probabilities, which measure it already).
   */
  samples?: number;
  /** The problem in a sentence or a paragraph, for finding similar solved tasks; the last user message by default. */
  problem?: string;
  signal?: AbortSignal;
}

/** The way an answer was reached: local only, escalated, or refused, and why. */
export interface RouteDecision {
  route: "local" | "escalated" | "refused";
  /** Why, in words: the thresholds crossed, the provider that failed, the cap that was reached. */
  reasons: string[];
  /**
   * Set when the task wanted the cloud (or the local model failed) but the cloud could not be used —
   * a budget cap, `models.cloud: none`, no key, a provider cooling down: the answer is local only, for this reason.
   */
  localOnly?: string;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from a provider's prompt cache. */
  cachedInputTokens: number;
}

export interface LlmAnswer {
  text: string;
  /** The answer as a value, when the task had a schema (validated against it). */
  parsed?: unknown;
  /** Who answered: "ollama", "anthropic", "openai". */
  provider: string;
  model: string;
  /** Tokens of every call made for this task (all samples, the cloud call too). */
  usage: LlmUsage;
  /** Cost in USD of every call made for this task (local calls cost 0). */
  costUsd: number;
  /** Wall time of the whole task. */
  latencyMs: number;
  /** 0..1, from evidence (see confidence.ts). */
  confidence: number;
  /** True when the task had verifiers and all hard ones passed on this answer. */
  verified: boolean;
  /** The verifiers' verdicts on this answer. */
  verdicts: Verdict[];
  decision: RouteDecision;
  /** Model calls made (retries inside one call are not counted: a call is charged once). */
  calls: number;
}

export interface LlmHandle {
  /** False when no model can be reached in this run; modules that need one should skip. */
  readonly available: boolean;
  /** Why no model is available, for the summary. */
  readonly unavailableReason?: string;
  /** Why the cloud cannot take calls right now (a budget cap reached, no key…), when it cannot. */
  readonly localOnlyReason?: string;
  /**
   * Runs a task through the router. Rejects with {@link LlmUnavailableError} when no model can
   * answer (the decision says why); the answer may still be unverified or low-confidence, which
   * its `confidence`, `verified` and `decision` say.
   */
  complete(task: LlmTask): Promise<LlmAnswer>;
}

/** No model could answer the task; `decision` (when a router made one) says why. */
export class LlmUnavailableError extends Error {
  readonly decision?: RouteDecision;
  constructor(reason: string, decision?: RouteDecision) {
    super(reason);
    this.name = "LlmUnavailableError";
    if (decision) this.decision = decision;
  }
}

/** A handle for runs with no model at all (the quick check on push, `lodestar cycle` offline). */
export function offlineLlm(reason = "no model is configured for this run"): LlmHandle {
  return {
    available: false,
    unavailableReason: reason,
    complete: async () => {
      throw new LlmUnavailableError(reason, { route: "refused", reasons: [reason] });
    },
  };
}
