/**
 * The STOP-style search on its own: a hand-written model handle that behaves like the router
 * (it runs the task's verifier on its answer) and a checker whose verdicts are scripted per
 * answer, so each rule of the loop is seen in isolation: keep the best survivor, iterate from
 * it, stop when a generation improves nothing, at g generations, or when no model answers.
 */
import { describe, expect, it } from "@jest/globals";
import { LlmUnavailableError, type LlmAnswer, type LlmHandle, type LlmTask } from "../../../src/llm/index.js";
import { compareMeasures, searchVariants, type Evaluation, type Rejection, type SearchPoint, type VariantChecker } from "../../../src/modules/refactor/index.js";

const measure = (score: number) => ({ complexity: Math.floor(score), maxComplexity: Math.floor(score), functions: 1, lines: 1, score });

/** The file is one line, `v<score>`: a variant's text says how good it is. */
const start: SearchPoint = { fileText: "v10\n", range: { startLine: 1, endLine: 1 }, measure: measure(10) };

/**
 * A checker that reads the score from the code (`v7`) and fails the tests for `broken`; a
 * variant is a survivor when it passes and scores lower than the current version.
 */
function scriptedChecker(): VariantChecker & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async check(candidate, current): Promise<Evaluation> {
      const code = candidate.fileText.trim();
      seen.push(code);
      const fail = (rejected: Rejection, name: string): Evaluation => ({ point: null, verdicts: [{ name, pass: false }], rejected });
      if (code === current.fileText.trim()) return fail("unchanged", "changed");
      if (code === "broken") return fail("tests", "tests");
      const score = Number(code.slice(1));
      if (!(score < current.measure.score)) return fail("not-simpler", "simpler");
      return { point: { ...candidate, measure: measure(score) }, verdicts: [{ name: "tests", pass: true }], rejected: null };
    },
  };
}

/** A model handle that answers from a script, runs the verifier as the router does, and refuses when the script says so. */
function scriptedModel(answers: (string | null | "refuse")[]): LlmHandle & { tasks: LlmTask[] } {
  const tasks: LlmTask[] = [];
  return {
    available: true,
    tasks,
    async complete(task) {
      tasks.push(task);
      const next = answers.shift();
      if (next === undefined || next === "refuse") throw new LlmUnavailableError("no model could answer: the daily budget is spent");
      const parsed = next === null ? undefined : { source: next };
      const verdicts = parsed && task.verify ? await task.verify({ text: JSON.stringify(parsed), parsed, provider: "ollama", model: "qwen2.5-coder:7b" }) : [{ name: "json", pass: false, detail: "the answer is not JSON" }];
      const answer: LlmAnswer = {
        text: parsed ? JSON.stringify(parsed) : "Sure! Here is a simpler version.",
        ...(parsed ? { parsed } : {}),
        provider: "ollama",
        model: "qwen2.5-coder:7b",
        usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0 },
        costUsd: 0,
        latencyMs: 1,
        confidence: verdicts.every((v) => v.pass) ? 0.95 : 0.05,
        verified: verdicts.every((v) => v.pass),
        verdicts,
        decision: { route: "local", reasons: [] },
        calls: 1,
      };
      return answer;
    },
  };
}

const task = (current: SearchPoint, generation: number, variant: number): LlmTask => ({
  kind: "refactor",
  messages: [{ role: "user", content: `improve ${current.fileText.trim()} (generation ${generation}, variant ${variant})` }],
});

const run = (llm: LlmHandle, checker: VariantChecker, variants: number, generations: number) =>
  searchVariants({ llm, checker, start, task, variants, generations, compare: (a, b) => compareMeasures(a.measure, b.measure) });

describe("the STOP search", () => {
  it("keeps the best survivor of each generation, starts the next from it, and stops when a generation improves nothing", async () => {
    const llm = scriptedModel(["v12", "broken", "v6", "v8", /* generation 2, from v6 */ "v5", null, "v6", "v3", /* generation 3, from v3 */ "v4", "v3", "broken", "v9"]);
    const checker = scriptedChecker();
    const result = await run(llm, checker, 4, 3);

    expect(result.best.fileText).toBe("v3\n");
    expect(result.bestEvaluation?.point?.measure.score).toBe(3);
    expect(result.stopped).toBe("no variant of generation 3 improved on generation 2");
    expect(result.generations).toEqual([
      { generation: 1, asked: 4, candidates: 4, rejected: { "not-simpler": 1, tests: 1 }, survivors: 2, best: measure(6), kept: true, escalated: 0 },
      { generation: 2, asked: 4, candidates: 4, rejected: { unusable: 1, unchanged: 1 }, survivors: 2, best: measure(3), kept: true, escalated: 0 },
      { generation: 3, asked: 4, candidates: 4, rejected: { "not-simpler": 2, unchanged: 1, tests: 1 }, survivors: 0, best: null, kept: false, escalated: 0 },
    ]);
    // Each generation's tasks are about the version it started from.
    expect(llm.tasks.map((t) => t.messages[0]!.content.split(" ")[1])).toEqual(["v10", "v10", "v10", "v10", "v6", "v6", "v6", "v6", "v3", "v3", "v3", "v3"]);
    // The router got the verifier: every answer with a source was checked once, through it.
    expect(checker.seen).toHaveLength(11);
    expect(llm.tasks.every((t) => typeof t.verify === "function")).toBe(true);
  });

  it("runs at most g generations while each one improves", async () => {
    const result = await run(scriptedModel(["v9", "v8", "v7", "v6"]), scriptedChecker(), 1, 3);
    expect(result.generations.map((g) => g.best?.score)).toEqual([9, 8, 7]);
    expect(result.best.fileText).toBe("v7\n");
    expect(result.stopped).toBe("reached the limit of 3 generations");
  });

  it("ends after the first generation when nothing in it is both correct and better, and keeps the start", async () => {
    const result = await run(scriptedModel(["broken", "v10", "v11", null]), scriptedChecker(), 4, 3);
    expect(result.bestEvaluation).toBeNull();
    expect(result.best).toBe(start);
    expect(result.generations).toHaveLength(1);
    expect(result.generations[0]!.rejected).toEqual({ tests: 1, unchanged: 1, "not-simpler": 1, unusable: 1 });
    expect(result.stopped).toBe("no variant of the first generation was both correct and better");
  });

  it("stops when the router refuses (a budget cap), keeping what was verified before", async () => {
    const llm = scriptedModel(["v9", "v7", "refuse", "v1"]);
    const result = await run(llm, scriptedChecker(), 4, 3);
    expect(llm.tasks).toHaveLength(3);
    expect(result.refused).toMatch(/daily budget is spent/);
    expect(result.stopped).toMatch(/^no model could be asked: .*daily budget is spent/);
    expect(result.best.fileText).toBe("v7\n");
    expect(result.generations).toEqual([expect.objectContaining({ generation: 1, asked: 3, candidates: 2, survivors: 2, kept: true })]);
  });

  it("checks an answer itself when the handle did not run the verifier", async () => {
    const llm = scriptedModel(["v4"]);
    const plain: LlmHandle = { available: true, complete: (t) => llm.complete({ ...t, verify: undefined } as LlmTask) };
    const checker = scriptedChecker();
    const result = await run(plain, checker, 1, 1);
    expect(checker.seen).toEqual(["v4"]);
    expect(result.best.fileText).toBe("v4\n");
  });

  it("stops at once when the run is cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    const llm = scriptedModel(["v1"]);
    const result = await searchVariants({ llm, checker: scriptedChecker(), start, task, variants: 4, generations: 3, compare: (a, b) => compareMeasures(a.measure, b.measure), signal: controller.signal });
    expect(llm.tasks).toHaveLength(0);
    expect(result.stopped).toBe("the run was cancelled");
  });
});
