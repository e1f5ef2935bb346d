/**
 * `createRouter`: the real router from env + config + state, its providers talking HTTP to the
 * fake Ollama and the fake Anthropic (FAULTS 28: Ollama down, model missing, reset mid-answer).
 */
import { describe, expect, it } from "@jest/globals";
import { validateConfig, type LodestarConfig } from "../../src/config/index.js";
import { LlmUnavailableError } from "../../src/llm/handle.js";
import { createRouter } from "../../src/llm/router.js";
import { openState, type State } from "../../src/state/index.js";
import { startFakeOllama } from "../fakes/ollama.js";
import { fakesPerTest } from "../helpers/fake-models.js";

const fakes = fakesPerTest();

function config(raw: unknown = {}): LodestarConfig {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

async function state(): Promise<State> {
  const t = { dir: await fakes.dir("lodestar-create-router-") };
  return openState({ dir: t.dir });
}

const fast = { retry: { sleep: async () => {}, maxAttempts: 2 } };
const question = { kind: "ask", messages: [{ role: "user" as const, content: "Where is the config loaded?" }] };

describe("createRouter", () => {
  it("answers locally through Ollama's /api/chat, asking for log-probabilities, and records the call", async () => {
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], respond: () => ({ text: "In src/config/load.ts, by loadRepoConfig." }) });
    const s = await state();
    const seen: string[] = [];
    const router = await createRouter({
      env: { OLLAMA_HOST: ollama.url },
      config: config({ models: { cloud: "none" } }),
      state: s,
      repo: "octo/repo",
      job: "j1",
      onDecision: (record) => seen.push(`${record.stage}/${record.module}: ${record.decision}`),
      ...fast,
    });
    expect(router.available).toBe(true);
    expect(router.localOnlyReason).toBe("models.cloud is none");

    const answer = await router.complete(question);
    expect(answer).toMatchObject({ text: "In src/config/load.ts, by loadRepoConfig.", provider: "ollama", model: "qwen2.5-coder:7b", costUsd: 0, calls: 1, decision: { route: "local" } });
    // The fake returns -0.05 per token: exp(-0.05) ≈ 0.95.
    expect(answer.confidence).toBeCloseTo(Math.exp(-0.05), 3);
    const chat = ollama.requests.find((r) => r.path === "/api/chat")!;
    expect(chat.json).toMatchObject({ model: "qwen2.5-coder:7b", stream: false, logprobs: true });
    expect(s.data.ledger).toEqual([expect.objectContaining({ provider: "ollama", repo: "octo/repo", job: "j1", taskKind: "ask", outcome: "ok", costUsd: 0 })]);
    expect(seen).toEqual(["route/ask: local"]);
    expect(s.data.decisions).toEqual([expect.objectContaining({ stage: "route", module: "ask", decision: "local", job: "j1" })]);
  });

  it("is unavailable with one clear reason when Ollama is unreachable and no cloud key is set", async () => {
    const stopped = await startFakeOllama();
    const url = stopped.url;
    await stopped.close();
    const s = await state();
    const router = await createRouter({ env: { OLLAMA_HOST: url }, config: config(), state: s, repo: "r", job: "j", probeTimeoutMs: 1000 });
    expect(router.available).toBe(false);
    expect(router.unavailableReason).toMatch(new RegExp(`^no model can be used: local model unavailable: Ollama at ${url.replace(/\./g, "\\.")} is unreachable \\(.+\\); cloud unavailable: ANTHROPIC_API_KEY is not set$`));
    await expect(router.complete(question)).rejects.toThrow(LlmUnavailableError);
    expect(s.data.decisions.map((d) => d.decision)).toEqual(["refuse"]);
    expect(s.data.ledger).toHaveLength(0);
  });

  it("names the missing model and the command that installs it, and escalates when the cloud is usable", async () => {
    const ollama = await fakes.ollama({ models: ["llama3.2:latest"] });
    const anthropic = await fakes.anthropic({ respond: () => ({ text: "From .github/lodestar.yml." }) });
    const s = await state();
    const router = await createRouter({
      env: { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: anthropic.url },
      config: config(),
      state: s,
      repo: "r",
      job: "j",
    });
    const answer = await router.complete(question);
    expect(answer.provider).toBe("anthropic");
    expect(answer.decision.reasons).toEqual([`local model unavailable: model qwen2.5-coder:7b is not installed on Ollama at ${ollama.url} (run: ollama pull qwen2.5-coder:7b)`]);
    expect(answer.costUsd).toBeGreaterThan(0);
    expect(ollama.requests.some((r) => r.path === "/api/chat")).toBe(false);
  });

  it("escalates when Ollama resets mid-answer or the model disappears (404), charging each call once", async () => {
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], replies: [{ fault: "reset" }, { fault: "reset" }] });
    const anthropic = await fakes.anthropic({ respond: () => ({ text: "cloud answer" }) });
    const s = await state();
    const env = { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: anthropic.url };
    const router = await createRouter({ env, config: config(), state: s, repo: "r", job: "j", ...fast });

    const reset = await router.complete(question);
    expect(reset.provider).toBe("anthropic");
    expect(reset.decision.reasons[0]).toMatch(/^local model unavailable: /);
    // Two attempts (retried once), one ledger row for the local call, one for the cloud.
    expect(ollama.requests.filter((r) => r.path === "/api/chat")).toHaveLength(2);
    expect(s.data.ledger.map((e) => [e.provider, e.outcome])).toEqual([
      ["ollama", "network"],
      ["anthropic", "ok"],
    ]);

    const ollama2 = await fakes.ollama({ models: ["qwen2.5-coder:7b"], replies: [{ fault: "status", status: 404, body: { error: 'model "qwen2.5-coder:7b" not found, try pulling it first' } }] });
    const s2 = await state();
    const router2 = await createRouter({ env: { ...env, OLLAMA_HOST: ollama2.url }, config: config(), state: s2, repo: "r", job: "j", ...fast });
    const missing = await router2.complete(question);
    expect(missing.provider).toBe("anthropic");
    expect(missing.decision.reasons[0]).toMatch(/^local model unavailable: .*not found/);
    // Not found is not retried.
    expect(ollama2.requests.filter((r) => r.path === "/api/chat")).toHaveLength(1);
    expect(s2.data.ledger.map((e) => [e.provider, e.outcome])).toEqual([
      ["ollama", "not-found"],
      ["anthropic", "ok"],
    ]);
  });
});
