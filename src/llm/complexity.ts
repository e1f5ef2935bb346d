/**
 * How hard a task looks before any model sees it: a number in [0, 1] the escalation policy
 * compares with `thresholds.complexity`. Pure.
 *
 * Three independent reasons make a task hard for a small local model, combined as a
 * noisy-OR so that any one of them alone can make the task hard, and together they add up:
 *
 *   complexity = 1 − (1 − size) · (1 − spread) · (1 − kind)
 *
 *  - size   = prompt tokens ÷ the local model's context window; 1 when prompt + answer do not
 *             fit at all (Ollama would silently cut the prompt, so the local answer would be
 *             made from part of the task). Small models lose track long before the window
 *             is full, hence linear rather than a cliff at the end.
 *  - spread = (files − 1) ÷ (files − 1 + 8): one file adds nothing, 5 files 0.33, 9 files 0.5,
 *             25 files 0.75. Keeping many files consistent is what small models fail at.
 *  - kind   = a prior per task kind (KIND_DIFFICULTY): answering a question is easier than
 *             writing a patch that must apply and pass tests.
 *
 * Examples with the default 32k window: a question with 5 files of context in 6k tokens is
 * 1 − 0.81·0.67·0.85 = 0.54 (stays local); a fix over 3 files in 16k tokens is
 * 1 − 0.5·0.8·0.5 = 0.80 (above the default 0.75: goes to the cloud).
 */

/** Prior difficulty of each task kind for a ~7B local coder model; unknown kinds get DEFAULT_KIND_DIFFICULTY. */
export const KIND_DIFFICULTY: Readonly<Record<string, number>> = Object.freeze({
  ask: 0.15,
  explain: 0.15,
  summarize: 0.15,
  triage: 0.2,
  classify: 0.2,
  review: 0.35,
  tests: 0.45,
  test: 0.45,
  fix: 0.5,
  refactor: 0.5,
  security: 0.5,
});

export const DEFAULT_KIND_DIFFICULTY = 0.35;

/** Ollama's context length Lodestar plans for (the provider should set `num_ctx` to at least this). */
export const DEFAULT_LOCAL_CONTEXT_TOKENS = 32_768;

/** Files at which `spread` reaches one half. */
const SPREAD_HALF = 8;

export interface ComplexityInput {
  kind: string;
  /** Estimated tokens of everything sent: messages and context files. */
  promptTokens: number;
  /** Files of the repository the task is about (its context files). */
  files: number;
  /** Tokens the answer may take (counted against the window). */
  maxOutputTokens?: number;
  /** The local model's context window in tokens. */
  contextTokens?: number;
  /** Per-kind priors that replace the defaults. */
  kindDifficulty?: Readonly<Record<string, number>>;
}

/** The parts of the complexity, for the decision log. */
export interface Complexity {
  value: number;
  size: number;
  spread: number;
  kind: number;
}

const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1);

/** The complexity of a task and its three parts (see the module comment for the formula). */
export function complexityOf(input: ComplexityInput): Complexity {
  const window = Math.max(1, input.contextTokens ?? DEFAULT_LOCAL_CONTEXT_TOKENS);
  const prompt = Math.max(0, input.promptTokens);
  const answer = Math.max(0, input.maxOutputTokens ?? 0);
  const size = prompt + answer > window ? 1 : clamp01(prompt / window);
  const extraFiles = Math.max(0, Math.floor(input.files) - 1);
  const spread = extraFiles / (extraFiles + SPREAD_HALF);
  const priors = input.kindDifficulty ?? KIND_DIFFICULTY;
  const kind = clamp01(Object.hasOwn(priors, input.kind) ? priors[input.kind]! : DEFAULT_KIND_DIFFICULTY);
  const value = 1 - (1 - size) * (1 - spread) * (1 - kind);
  return { value: round(value), size: round(size), spread: round(spread), kind };
}

/** Three decimals: enough for a threshold, stable in logs. */
function round(n: number): number {
  return Math.round(clamp01(n) * 1000) / 1000;
}
