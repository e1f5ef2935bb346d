/**
 * The STOP-style search (Zelikman et al., "Self-Taught Optimizer"): ask the model for k
 * variants of the target, verify each, keep the best survivor when it beats the current
 * version, and start the next generation from it; stop after g generations, or as soon as a
 * generation improves nothing, or when no model can be asked any more (a budget cap).
 *
 * Verification goes through the router's `verify` hook, so a local answer that fails it can
 * escalate and a verified one is remembered as a worked example. Whatever the router returns,
 * every candidate it had checked counts, and an answer it returns unchecked is checked here.
 */
import { LlmUnavailableError, type LlmHandle, type LlmTask, type Verdict } from "../../llm/index.js";
import type { Measure } from "./measure.js";
import { sourceOfAnswer } from "./prompt.js";
import { cleanModelSource, replaceRegion, type LineRange } from "./source-edit.js";

/** Why a candidate was dropped, in the order the checks run. */
export type Rejection =
  | "unusable" // not JSON, cut off, no source: the router's gates
  | "unchanged" // the same code back
  | "no-parse"
  | "unsafe" // adds an import, a process, network access, the environment, a secret…
  | "lost-function" // the target function is gone or renamed
  | "too-large" // the diff is over `pull-requests.max-changed-lines`
  | "not-simpler"
  | "build"
  | "tests"
  | "benchmark"
  | "sandbox";

/** One command run in the sandbox, as the evidence shows it. */
export interface CommandOutcome {
  argv: string[];
  passed: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** The last lines of the output when it failed, for the module's own notes (never in a PR body). */
  tail?: string;
}

/** One version of the target: the whole file, where the target sits in it, and its metric. */
export interface SearchPoint {
  fileText: string;
  range: LineRange;
  measure: Measure;
  /** Median wall time of the benchmark command, when the metric is a benchmark. */
  benchmarkMs?: number;
}

/** What the checks said about one candidate. */
export interface Evaluation {
  /** The candidate as measured; null when it could not be (it does not parse). */
  point: SearchPoint | null;
  /** The verdicts handed to the router (hard unless marked). */
  verdicts: Verdict[];
  /** The first check that failed, or null for a survivor (behaviour kept by the tests' verdict, and better). */
  rejected: Rejection | null;
  detail?: string;
  /** Lines changed against the original file. */
  changedLines?: number;
  build?: CommandOutcome;
  tests?: CommandOutcome;
  /** The sandbox itself failed (not the candidate): the search stops. */
  fatal?: string;
}

/** Runs the checks on a candidate file against the current best version. */
export interface VariantChecker {
  check(candidate: { fileText: string; range: LineRange }, current: SearchPoint): Promise<Evaluation>;
}

/** What one generation did. */
export interface GenerationRecord {
  generation: number;
  /** Model tasks made (k, fewer when the search was stopped mid-generation). */
  asked: number;
  /** Candidates checked (an escalated task may give two). */
  candidates: number;
  rejected: Partial<Record<Rejection, number>>;
  survivors: number;
  /** The best survivor's metric, when there was one. */
  best: (Measure & { benchmarkMs?: number }) | null;
  /** Whether the best survivor became the new current version. */
  kept: boolean;
  /** Answers that came from the cloud. */
  escalated: number;
}

export interface SearchInput {
  llm: LlmHandle;
  checker: VariantChecker;
  start: SearchPoint;
  /** The task for a variant of `current` (without `verify`/`signal`). */
  task(current: SearchPoint, generation: number, variant: number): LlmTask;
  variants: number;
  generations: number;
  /** Best first; negative when `a` is better than `b`. */
  compare(a: SearchPoint, b: SearchPoint): number;
  signal?: AbortSignal;
}

export interface SearchResult {
  start: SearchPoint;
  best: SearchPoint;
  /** The evaluation that made `best` (null when nothing beat the start). */
  bestEvaluation: Evaluation | null;
  generations: GenerationRecord[];
  /** Why the search ended, in words. */
  stopped: string;
  /** Set when the router refused a task (budget, no model): the reason. */
  refused?: string;
  /** Set when the sandbox failed. */
  fatal?: string;
}

/** The candidate file for a model's source: the region replaced, the rest untouched. */
export function candidateFrom(current: Pick<SearchPoint, "fileText" | "range">, source: string): { fileText: string; range: LineRange } {
  const { text, range } = replaceRegion(current.fileText, current.range, cleanModelSource(source));
  return { fileText: text, range };
}

function count(record: GenerationRecord, evaluation: Evaluation): void {
  record.candidates++;
  if (evaluation.rejected) record.rejected[evaluation.rejected] = (record.rejected[evaluation.rejected] ?? 0) + 1;
  else record.survivors++;
}

/** Runs the search (see the module comment). Never throws for a model or candidate fault. */
export async function searchVariants(input: SearchInput): Promise<SearchResult> {
  const generations: GenerationRecord[] = [];
  let current = input.start;
  let bestEvaluation: Evaluation | null = null;
  let stopped = `reached the limit of ${input.generations} generation${input.generations === 1 ? "" : "s"}`;
  let refused: string | undefined;
  let fatal: string | undefined;

  for (let generation = 1; generation <= input.generations; generation++) {
    const record: GenerationRecord = { generation, asked: 0, candidates: 0, rejected: {}, survivors: 0, best: null, kept: false, escalated: 0 };
    generations.push(record);
    const survivors: Evaluation[] = [];
    const from = current;
    /** Why the search must end after this generation's survivors are looked at. */
    let halt: string | undefined;
    for (let variant = 1; variant <= input.variants && halt === undefined; variant++) {
      if (input.signal?.aborted) {
        halt = "the run was cancelled";
        break;
      }
      // Candidates checked for this task, by file text (the router may check a local and a cloud answer).
      const checked = new Map<string, Evaluation>();
      const check = async (source: string): Promise<Evaluation> => {
        const candidate = candidateFrom(from, source);
        const known = checked.get(candidate.fileText);
        if (known) return known;
        const evaluation = await input.checker.check(candidate, from);
        checked.set(candidate.fileText, evaluation);
        count(record, evaluation);
        if (evaluation.rejected === null) survivors.push(evaluation);
        if (evaluation.fatal) fatal ??= evaluation.fatal;
        return evaluation;
      };
      record.asked++;
      let answer;
      try {
        answer = await input.llm.complete({
          ...input.task(from, generation, variant),
          verify: async (candidate) => {
            const source = sourceOfAnswer(candidate.parsed);
            if (source === null) return [{ name: "source", pass: false, detail: "the answer holds no source" }];
            return (await check(source)).verdicts;
          },
          ...(input.signal ? { signal: input.signal } : {}),
        });
      } catch (error) {
        if (error instanceof LlmUnavailableError) {
          refused = error.message;
          halt = `no model could be asked: ${error.message}`;
          break;
        }
        if (input.signal?.aborted) {
          halt = "the run was cancelled";
          break;
        }
        throw error;
      }
      if (answer.provider !== "ollama") record.escalated++;
      const source = sourceOfAnswer(answer.parsed);
      if (source === null) {
        const why = answer.verdicts.filter((v) => !v.pass).map((v) => (v.detail ? `${v.name}: ${v.detail}` : v.name));
        count(record, { point: null, verdicts: answer.verdicts, rejected: "unusable", ...(why.length ? { detail: why.join("; ") } : {}) });
      } else if (!checked.has(candidateFrom(from, source).fileText)) {
        // A handle that did not run the verifier (or an answer it did not check): check it now.
        await check(source);
      }
      if (fatal) halt = `the sandbox failed: ${fatal}`;
    }
    // Survivors found before a halt were verified all the same: the best of them is kept.
    const best = survivors
      .filter((e): e is Evaluation & { point: SearchPoint } => e.point !== null)
      .sort((a, b) => input.compare(a.point, b.point))[0];
    if (best) {
      record.best = { ...best.point.measure, ...(best.point.benchmarkMs !== undefined ? { benchmarkMs: best.point.benchmarkMs } : {}) };
      record.kept = true;
      current = best.point;
      bestEvaluation = best;
    }
    if (halt !== undefined) {
      stopped = halt;
      break;
    }
    if (!best) {
      stopped = generation === 1 ? "no variant of the first generation was both correct and better" : `no variant of generation ${generation} improved on generation ${generation - 1}`;
      break;
    }
  }

  return {
    start: input.start,
    best: current,
    bestEvaluation,
    generations,
    stopped,
    ...(refused !== undefined ? { refused } : {}),
    ...(fatal !== undefined ? { fatal } : {}),
  };
}
