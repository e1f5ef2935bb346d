/**
 * A cycle whose module asks the models through the real router, with the fake Ollama and the
 * fake Anthropic over HTTP: the report and the summary say which tasks stayed local, which
 * went to the cloud, what it cost, and — when a budget cap is reached mid-cycle — that the rest
 * stayed local (FAULTS 27), with no further cloud call.
 */
import { describe, expect, it } from "@jest/globals";
import { analyzeListing } from "../../src/analysis/index.js";
import { validateConfig, type LodestarConfig } from "../../src/config/index.js";
import { runCycle, type CycleResult } from "../../src/cycle/index.js";
import { createJob } from "../../src/job.js";
import { createRouter, LlmUnavailableError, offlineLlm, type LlmAnswer, type LlmHandle } from "../../src/llm/index.js";
import type { LodestarModule } from "../../src/modules/index.js";
import { renderSummary } from "../../src/publish/index.js";
import { openState } from "../../src/state/index.js";
import { fakesPerTest } from "../helpers/fake-models.js";

const fakes = fakesPerTest();

function config(yaml: Record<string, unknown>): LodestarConfig {
  const loaded = validateConfig(yaml);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.config;
}

const listing = { source: "walk" as const, files: [{ path: "src/a.ts", size: 10 }], skipped: {}, truncated: false };

/** A module that asks `questions` tasks of kind "refactor", one after the other, and keeps going when refused. */
function askingModule(questions: number, answers: LlmAnswer[]): LodestarModule {
  return {
    name: "refactor",
    description: "asks the models",
    executesRepoCode: false,
    run: async (ctx) => {
      for (let i = 0; i < questions; i++) {
        try {
          answers.push(await ctx.llm.complete({ kind: i % 2 ? "refactor" : "tests", messages: [{ role: "user", content: `Question ${i}: what would you simplify?` }], maxOutputTokens: 1000 }));
        } catch (error) {
          if (!(error instanceof LlmUnavailableError)) throw error;
        }
      }
      return { findings: [], proposals: [] };
    },
  };
}

async function cycle(cfg: LodestarConfig, llm: (job: string) => Promise<LlmHandle>, module: LodestarModule): Promise<CycleResult> {
  const job = createJob({ kind: "cycle", repo: { owner: "o", name: "r" }, ref: null, requestedBy: { login: "me", via: "cli" }, config: cfg, deliveryId: null, trusted: true, modules: ["refactor"] });
  return runCycle(job, { analyze: async () => analyzeListing(listing), modules: [module], llm: await llm(job.id) });
}

describe("a cycle's model usage", () => {
  it("stops calling the cloud once the cycle's cap is reached, and the summary says so", async () => {
    const t = { dir: await fakes.dir("lodestar-cycle-models-") };
    // The local model answers, but the confidence bar is set out of reach: every task wants the cloud.
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], respond: () => ({ text: "Maybe split it." }) });
    // Each cloud answer reports 30,000 output tokens: $0.30 at the default model's price, over the $0.25 cap.
    const anthropic = await fakes.anthropic({ respond: () => ({ text: "Split parse() in two.", usage: { input_tokens: 200, output_tokens: 30_000 } }) });
    const env = { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: anthropic.url, LODESTAR_STATE_DIR: t.dir };
    const cfg = config({ thresholds: { confidence: 0.99 }, budgets: { "cycle-usd": 0.25 } });
    const state = await openState({ env });
    const answers: LlmAnswer[] = [];
    const report = await cycle(cfg, (job) => createRouter({ env, config: cfg, state, repo: "o/r", job, retry: { maxAttempts: 1 } }), askingModule(3, answers));

    expect(anthropic.requests.filter((r) => r.path === "/v1/messages")).toHaveLength(1);
    expect(answers.map((a) => a.decision.route)).toEqual(["escalated", "local", "local"]);
    expect(report.models).toMatchObject({ available: true, tasks: 3, local: 2, escalated: 1, refused: 0 });
    expect(report.models.byKind).toEqual({ refactor: { tasks: 1, local: 1, escalated: 0, refused: 0 }, tests: { tasks: 2, local: 1, escalated: 1, refused: 0 } });
    expect(report.models.costUsd).toBeCloseTo((200 * 2 + 30_000 * 10) / 1e6, 6);
    expect(report.models.localOnly).toEqual([{ reason: expect.stringMatching(/cycle/), tasks: 2 }]);
    expect(report.models.cloudClosed).toMatch(/cycle/);

    const summary = renderSummary(report);
    expect(summary).toContain("## Models");
    expect(summary).toMatch(/\*\*Local only\*\* at the end of this cycle, no cloud call is made: .*cycle/);
    expect(summary).toContain("3 tasks: 2 answered locally, 1 escalated to the cloud, 0 refused (escalation rate 33 %)");
    expect(summary).toContain("| tests | 2 | 1 | 1 | 0 | 50 % |");
    expect(summary).toMatch(/- 2 tasks wanted the cloud but stayed local: .*cycle/);
    expect(report.decisions).toContainEqual(expect.objectContaining({ stage: "modules", decision: "models", reason: expect.stringMatching(/^3 model tasks: 2 local, 1 escalated, 0 refused; escalation rate 33%; cloud cost \$0\.3004; local only for 2: /) }));
  });

  it("says so when no model could be used at all", async () => {
    const report = await cycle(config({}), async () => offlineLlm("Ollama at http://127.0.0.1:9 is unreachable"), askingModule(1, []));
    expect(report.models).toMatchObject({ available: false, unavailableReason: "Ollama at http://127.0.0.1:9 is unreachable", tasks: 1, refused: 1 });
    expect(renderSummary(report)).toContain("No model was used: Ollama at http://127.0.0.1:9 is unreachable.");
  });
});
