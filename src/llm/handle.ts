/**
 * The handle a module gets to ask for model work. Modules ask for a task, never a model:
 * routing, escalation, budgets, redaction and the ledger live behind this interface
 * (the router arrives with the model layer). Until a router is configured, cycles get the
 * offline handle, which answers every task with a clear refusal so a module can skip.
 */
export interface LlmTask {
  kind: string;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  /** JSON schema the answer must satisfy, when a structured answer is wanted. */
  schema?: Record<string, unknown>;
}

export interface LlmAnswer {
  text: string;
  provider: string;
  model: string;
  usage: { inputTokens: number; outputTokens: number; costUsd: number };
}

export interface LlmHandle {
  /** False when no model can be reached in this run; modules that need one should skip. */
  readonly available: boolean;
  /** Why no model is available, for the summary. */
  readonly unavailableReason?: string;
  complete(task: LlmTask): Promise<LlmAnswer>;
}

export class LlmUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "LlmUnavailableError";
  }
}

/** A handle for runs with no model at all (the quick check on push, `lodestar cycle` offline). */
export function offlineLlm(reason = "no model is configured for this run"): LlmHandle {
  return {
    available: false,
    unavailableReason: reason,
    complete: async () => {
      throw new LlmUnavailableError(reason);
    },
  };
}
