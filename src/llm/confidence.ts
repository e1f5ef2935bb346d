/**
 * How far an answer can be trusted, from evidence, strongest first. Pure.
 *
 *  1. Checks that must hold (the router's gates — the answer is complete, parses, matches the
 *     schema — and every *hard* verifier of the caller: patch applies, types check, tests pass).
 *     One failing → FAILED (0.05): the answer is known to be wrong or unusable; nothing else
 *     can lift it.
 *  2. The caller's hard verifiers all pass → VERIFIED (0.95), less 0.1 for each failing soft
 *     (advisory) verifier, never below 0.5. A deterministic check beats any statistics.
 *     Gates alone never get here: a schema-valid answer is well-formed, not correct.
 *  3. Otherwise (no verifier decides) a weighted mean of the statistical signals present:
 *       agreement  weight 3  agreeing ÷ (k + 0.5) among k ≥ 2 local samples — the half sample
 *                             penalises small k: 3 of 3 → 0.86, 5 of 5 → 0.91, 2 of 3 → 0.57
 *                             (a split vote falls under the default 0.70 threshold);
 *       logprobs   weight 2  the geometric mean token probability, exp(mean log p);
 *       soft       weight 2  the share of soft verifiers passing, when there are only soft ones;
 *       self       weight 1  the model's own rating s ∈ [0, 1], squeezed to 0.5 + 0.3 · (s − 0.5)
 *                             ∈ [0.35, 0.65]: weak, it can pull confidence down but on its own
 *                             never lifts it over the default threshold.
 *     No signal at all → UNKNOWN (0.5): absence of evidence is not confidence, and falls under
 *     the default threshold, so an unverifiable single sample escalates when the cloud is usable.
 */

/** The result of one deterministic check of an answer. */
export interface Verdict {
  /** e.g. "schema", "patch-applies", "tests". */
  name: string;
  pass: boolean;
  /**
   * A hard verdict must pass for the answer to be usable (default). A soft one is advisory:
   * failing it lowers confidence without ruling the answer out.
   */
  hard?: boolean;
  /** What failed, for the decision log (never a secret: callers must not quote them). */
  detail?: string;
}

/** Everything known about one answer. */
export interface ConfidenceEvidence {
  /** The router's own checks (complete output, valid JSON, schema): necessary, never sufficient. */
  gates?: readonly Verdict[];
  /** The caller's verifiers on this answer; undefined when the task has none. */
  verdicts?: readonly Verdict[];
  /** Agreement among k local samples (counted only for k ≥ 2). */
  samples?: { agreeing: number; total: number };
  /** Per-token log-probabilities of the answer. */
  logprobs?: readonly number[];
  /** The model's own 0..1 rating of its answer. */
  selfRated?: number;
}

export type ConfidenceBasis = "failed" | "verified" | "signals" | "none";

export interface Confidence {
  value: number;
  basis: ConfidenceBasis;
  /** One line: what the value rests on. */
  detail: string;
}

export const FAILED = 0.05;
export const VERIFIED = 0.95;
export const UNKNOWN = 0.5;
const SOFT_FAILURE_PENALTY = 0.1;
const VERIFIED_FLOOR = 0.5;

const WEIGHTS = { agreement: 3, logprobs: 2, soft: 2, self: 1 } as const;

const isHard = (v: Verdict): boolean => v.hard !== false;
const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
const round = (n: number): number => Math.round(n * 1000) / 1000;
const names = (list: readonly Verdict[]): string => list.map((v) => (v.detail ? `${v.name} (${v.detail})` : v.name)).join(", ");

/** Confidence in one answer (see the module comment for the formula). */
export function confidenceOf(evidence: ConfidenceEvidence): Confidence {
  const gates = evidence.gates ?? [];
  const verdicts = evidence.verdicts ?? [];
  const failedHard = [...gates, ...verdicts.filter(isHard)].filter((v) => !v.pass);
  if (failedHard.length) return { value: FAILED, basis: "failed", detail: `failed: ${names(failedHard)}` };

  const hard = verdicts.filter(isHard);
  const soft = verdicts.filter((v) => !isHard(v));
  const softFailed = soft.filter((v) => !v.pass);
  if (hard.length) {
    const value = Math.max(VERIFIED_FLOOR, VERIFIED - SOFT_FAILURE_PENALTY * softFailed.length);
    const detail = `verified: ${hard.map((v) => v.name).join(", ")} passed` + (softFailed.length ? `; advisory failed: ${names(softFailed)}` : "");
    return { value: round(value), basis: "verified", detail };
  }

  const signals: { name: string; value: number; weight: number }[] = [];
  const samples = evidence.samples;
  if (samples && samples.total >= 2) {
    const agreeing = Math.min(Math.max(0, samples.agreeing), samples.total);
    signals.push({ name: `${agreeing}/${samples.total} samples agree`, value: agreeing / (samples.total + 0.5), weight: WEIGHTS.agreement });
  }
  const logprobs = (evidence.logprobs ?? []).filter((n) => Number.isFinite(n) && n <= 0);
  if (logprobs.length) {
    const p = Math.exp(logprobs.reduce((a, b) => a + b, 0) / logprobs.length);
    signals.push({ name: `token probability ${p.toFixed(2)}`, value: p, weight: WEIGHTS.logprobs });
  }
  if (soft.length) {
    signals.push({ name: `${soft.length - softFailed.length}/${soft.length} advisory checks pass`, value: (soft.length - softFailed.length) / soft.length, weight: WEIGHTS.soft });
  }
  if (evidence.selfRated !== undefined && Number.isFinite(evidence.selfRated)) {
    const s = clamp01(evidence.selfRated);
    signals.push({ name: `self-rated ${s.toFixed(2)}`, value: 0.5 + 0.3 * (s - 0.5), weight: WEIGHTS.self });
  }
  if (signals.length === 0) return { value: UNKNOWN, basis: "none", detail: "no evidence (no verifier, one sample, no log-probabilities)" };
  const total = signals.reduce((a, s) => a + s.weight, 0);
  const value = signals.reduce((a, s) => a + s.value * s.weight, 0) / total;
  return { value: round(clamp01(value)), basis: "signals", detail: signals.map((s) => s.name).join(", ") };
}

/**
 * Which of k answers the samples agree on: for each answer, how many answers (itself
 * included) are `similar` to it; the one with most wins (the earliest on a tie).
 */
export function pickByAgreement<T>(answers: readonly T[], similar: (a: T, b: T) => boolean): { index: number; agreeing: number } {
  let best = { index: -1, agreeing: 0 };
  answers.forEach((a, i) => {
    const agreeing = answers.filter((b, j) => i === j || similar(a, b)).length;
    if (agreeing > best.agreeing) best = { index: i, agreeing };
  });
  return best;
}

/** Words of a text, lower case, for comparing free-text answers. */
function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
}

/**
 * Whether two answers say the same thing: structured answers must be equal as JSON (keys in
 * any order); free text must share at least `threshold` of its words (Jaccard), since
 * sampled prose never repeats word for word.
 */
export function sameAnswer(a: { text: string; parsed?: unknown }, b: { text: string; parsed?: unknown }, threshold = 0.8): boolean {
  if (a.parsed !== undefined || b.parsed !== undefined) return canonicalJson(a.parsed) === canonicalJson(b.parsed);
  const wa = words(a.text);
  const wb = words(b.text);
  if (wa.size === 0 && wb.size === 0) return a.text.trim() === b.text.trim();
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared) >= threshold;
}

/** JSON with object keys sorted, so equal values compare equal. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
}
