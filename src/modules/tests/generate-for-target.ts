/**
 * Test generation for one target: ask the model for candidates one by one, run each through
 * the filters, repair a failing one once with its failure as feedback, and keep what passes.
 * Kept tests accumulate: each later candidate must raise coverage over the ones kept before
 * it, so every test in the proposal adds something.
 */
import type { FileCoverage } from "../../analysis/testing/index.js";
import { LlmUnavailableError, type ContextFile, type LlmAnswer, type LlmHandle, type LlmTask } from "../../llm/handle.js";
import type { ChatMessage } from "../../llm/types.js";
import type { SandboxResult } from "../../sandbox/index.js";
import { CANDIDATE_SCHEMA } from "./candidate.js";
import { evaluateCandidate, restoreKept, verdictsOf, type Evaluation, type FilterContext } from "./filters.js";
import { countCandidate, emptyFunnel, type Funnel } from "./funnel.js";
import { describeCoverage } from "./measure-coverage.js";
import { candidateRequest, contextFile, repairRequest, usableSuggestion } from "./prompt.js";
import type { TestTarget } from "./rank-targets.js";

/** The task kind: names the ledger rows, the thresholds and the learning memory's shelf. */
export const TESTS_TASK_KIND = "tests";
/** Output tokens per answer: a test file of a few hundred lines. */
export const MAX_OUTPUT_TOKENS = 8192;

/** One kept test file, with who wrote it. */
export interface KeptTest {
  path: string;
  content: string;
  /** Text of the file in the starting tree (null: the file is new). */
  original: string | null;
  provider: string;
  model: string;
  route: LlmAnswer["decision"]["route"];
  repaired: boolean;
  runs: { passed: number; of: number };
  /** The commands that proved it (syntax check, reruns, whole suite, coverage). */
  commands: string[];
}

/** One candidate's story, for the decision trail. */
export interface CandidateLog {
  attempt: number;
  stage: Evaluation["stage"];
  reason: string;
  repaired: boolean;
  /** Why the first answer failed, when it was repaired. */
  firstReason?: string;
  provider?: string;
  model?: string;
}

export interface TargetOutcome {
  target: TestTarget;
  funnel: Funnel;
  /** Kept files, by path, last content wins (a later candidate may add cases to a kept file). */
  kept: Map<string, KeptTest>;
  before: FileCoverage | null;
  after: FileCoverage | null;
  log: CandidateLog[];
  /** Commands the filters ran for every candidate (distinct, in first-run order). */
  commands: string[];
  isolation?: SandboxResult["isolation"];
  /** Set when the model could not be asked (refused, budget…): the target is unfinished. */
  stopped?: string;
}

export interface GenerateInput {
  llm: LlmHandle;
  filter: Omit<FilterContext, "current" | "kept" | "keptOriginals" | "targetPath">;
  target: TestTarget;
  candidates: number;
  frameworks: readonly string[];
  /** The source under test, as it is in the starting tree. */
  source: string;
  /** The repo's test file shown as the style to follow, when there is one. */
  example: ContextFile | null;
  suggestedPath: string;
  signal?: AbortSignal;
}

/** An answer that never reached the verifier (not JSON, cut off, off-schema): why, from the router's gates. */
function unusableAnswer(answer: LlmAnswer): Evaluation {
  const failed = answer.verdicts.filter((v) => !v.pass).map((v) => (v.detail ? `${v.name}: ${v.detail}` : v.name));
  return { stage: "build", reason: `the answer is no usable file (${failed.join("; ") || "no { path, content } object"})`, unusable: true, repairable: true, commands: [] };
}

/** Generates, filters and keeps tests for one target. Stops early when the model refuses. */
export async function generateForTarget(input: GenerateInput): Promise<TargetOutcome> {
  const { target, filter } = input;
  const suggestedPath = usableSuggestion(input.suggestedPath, target.path);
  const funnel = emptyFunnel();
  const kept = new Map<string, KeptTest>();
  const keptContent = new Map<string, string>();
  const keptOriginals = new Map<string, string | null>();
  const log: CandidateLog[] = [];
  const commands = new Set<string>();
  let current = target.coverage;
  let isolation: SandboxResult["isolation"] | undefined;
  let stopped: string | undefined;

  const contextNow = (): ContextFile[] => {
    const files: ContextFile[] = [contextFile(target.path, input.source)];
    const suggested = keptContent.get(suggestedPath);
    if (suggested !== undefined) files.push(contextFile(suggestedPath, suggested));
    else if (input.example) files.push(input.example);
    return files;
  };

  /** Asks once and returns the filters' verdict on the answer the router settled on. */
  const ask = async (messages: ChatMessage[]): Promise<{ answer: LlmAnswer; evaluation: Evaluation }> => {
    const seen = new Map<string, Evaluation>();
    const ctx: FilterContext = { ...filter, targetPath: target.path, current, kept: keptContent, keptOriginals };
    const task: LlmTask = {
      kind: TESTS_TASK_KIND,
      messages,
      context: contextNow(),
      schema: CANDIDATE_SCHEMA,
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      samples: 1,
      problem: `Unit tests raising the coverage of ${target.path}`,
      // The filters are the verifier: a failing local answer may escalate, a kept one is remembered.
      verify: async (candidate) => {
        const evaluation = seen.get(candidate.text) ?? (await evaluateCandidate(ctx, candidate.parsed));
        seen.set(candidate.text, evaluation);
        return verdictsOf(evaluation);
      },
      ...(input.signal ? { signal: input.signal } : {}),
    };
    const answer = await input.llm.complete(task);
    const evaluation = seen.get(answer.text) ?? (answer.parsed === undefined ? unusableAnswer(answer) : await evaluateCandidate(ctx, answer.parsed));
    for (const c of evaluation.commands) commands.add(c);
    if (evaluation.isolation) isolation = evaluation.isolation;
    return { answer, evaluation };
  };

  await restoreKept(filter.ws, keptContent);
  const suggestedInTree = (await filter.ws.readFile(suggestedPath)) !== null;
  for (let attempt = 1; attempt <= input.candidates; attempt++) {
    input.signal?.throwIfAborted();
    const suggestedExists = suggestedInTree || keptContent.has(suggestedPath);
    const request = candidateRequest({
      target,
      coverageNow: describeCoverage(current),
      uncoveredNow: current ? Object.entries(current.lineHits).filter(([, h]) => h === 0).map(([l]) => Number(l)).sort((a, b) => a - b) : [],
      suggestedPath,
      suggestedExists,
      frameworks: input.frameworks,
      attempt,
      of: input.candidates,
    });
    const refused = (error: unknown): string => {
      if (error instanceof LlmUnavailableError) return error.message;
      throw error;
    };
    let result: { answer: LlmAnswer; evaluation: Evaluation };
    let repaired = false;
    let firstReason: string | undefined;
    try {
      result = await ask(request);
    } catch (error) {
      stopped = refused(error);
      break;
    }
    if (result.evaluation.repairable) {
      funnel.repairs.attempted++;
      repaired = true;
      firstReason = result.evaluation.reason;
      try {
        result = await ask(repairRequest(request, result.answer.text, result.evaluation.reason, result.evaluation.output));
        if (result.evaluation.stage === "kept") funnel.repairs.kept++;
      } catch (error) {
        // The first answer still counts, as it was judged; nothing more is asked.
        stopped = refused(error);
      }
    }
    const { answer, evaluation } = result;
    countCandidate(funnel, evaluation.stage, { ...(evaluation.unusable ? { unusable: true } : {}), ...(evaluation.flaky ? { flaky: true } : {}) });
    log.push({ attempt, stage: evaluation.stage, reason: evaluation.reason, repaired, ...(firstReason ? { firstReason } : {}), provider: answer.provider, model: answer.model });
    if (evaluation.stage !== "kept" || !evaluation.file || !evaluation.coverage) {
      if (stopped) break;
      continue;
    }
    const { path, content, original } = evaluation.file;
    keptContent.set(path, content);
    keptOriginals.set(path, original);
    kept.set(path, {
      path,
      content,
      original,
      provider: answer.provider,
      model: answer.model,
      route: answer.decision.route,
      repaired,
      runs: evaluation.runs ?? { passed: filter.reruns, of: filter.reruns },
      commands: evaluation.commands,
    });
    current = evaluation.coverage.get(target.path) ?? current;
    if (stopped) break;
  }
  // Leave the workspace as the kept tests made it, for a caller that wants to look again.
  await restoreKept(filter.ws, keptContent);
  funnel.proposed = kept.size ? funnel.testFilesOnly : 0;
  return {
    target,
    funnel,
    kept,
    before: target.coverage,
    after: current,
    log,
    commands: [...commands],
    ...(isolation ? { isolation } : {}),
    ...(stopped ? { stopped } : {}),
  };
}
