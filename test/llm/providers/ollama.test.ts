import { afterEach, describe, expect, it } from "@jest/globals";
import { createOllamaProvider, OllamaProvider } from "../../../src/llm/providers/index.js";
import type { ModelRequest } from "../../../src/llm/types.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../../fakes/ollama.js";
import { failure } from "../../helpers/provider-error.js";

const MODEL = "qwen2.5-coder:7b";
let fake: FakeOllama | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeOllamaOptions = {}) {
  fake = await startFakeOllama({ models: [MODEL], ...options });
  return createOllamaProvider({ OLLAMA_HOST: fake.url });
}

function ask(extra: Partial<ModelRequest> = {}): ModelRequest {
  return { model: MODEL, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hello." }], timeoutMs: 5000, ...extra };
}

function chatBodies() {
  return fake!.requests.filter((r) => r.path === "/api/chat").map((r) => r.json as Record<string, unknown>);
}

describe("Ollama provider", () => {
  it("answers a plain chat through /api/chat without streaming, host from OLLAMA_HOST", async () => {
    const provider = await setup({ replies: [{ text: "Hello!" }] });
    const answer = await provider.complete(ask());
    expect(answer).toMatchObject({ provider: "ollama", model: MODEL, text: "Hello!", finishReason: "stop" });
    expect(answer.parsed).toBeUndefined();
    expect(provider.local).toBe(true);
    expect(chatBodies()).toEqual([
      {
        model: MODEL,
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Say hello." },
        ],
        stream: false,
      },
    ]);
  });

  it("sends the JSON schema as `format` and parses the JSON answer", async () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    const provider = await setup({ replies: [{ text: '{"answer":"hi"}' }, { text: "not json" }] });
    const answer = await provider.complete(ask({ schema }));
    expect(answer.parsed).toEqual({ answer: "hi" });
    expect(chatBodies()[0]!.format).toEqual(schema);
    const bad = await provider.complete(ask({ schema }));
    expect(bad.text).toBe("not json");
    expect(bad.parsed).toBeUndefined();
  });

  it("maps prompt_eval_count/eval_count to usage, passes limits as options, and measures latency with its clock", async () => {
    fake = await startFakeOllama({ models: [MODEL], replies: [{ text: "ok", promptEvalCount: 42, evalCount: 7 }] });
    const ticks = [1000, 1250];
    const provider = new OllamaProvider({ host: fake.url, now: () => ticks.shift() ?? 0 });
    const answer = await provider.complete(ask({ maxOutputTokens: 64, temperature: 0.2, seed: 7 }));
    expect(answer.usage).toEqual({ inputTokens: 42, outputTokens: 7, cachedInputTokens: 0 });
    expect(answer.latencyMs).toBe(250);
    expect(chatBodies()[0]!.options).toEqual({ num_predict: 64, temperature: 0.2, seed: 7 });
  });

  it('reports done_reason "length" as a truncated answer', async () => {
    const provider = await setup({ replies: [{ text: '{"answer":"cut', doneReason: "length" }] });
    const answer = await provider.complete(ask({ schema: { type: "object" } }));
    expect(answer.finishReason).toBe("length");
    expect(answer.parsed).toBeUndefined();
  });

  it("asks for log-probabilities and maps them to numbers", async () => {
    const logprobs = [
      { token: "Hel", logprob: -0.5 },
      { token: "lo", logprob: -0.25 },
    ];
    const provider = await setup({ replies: [{ text: "Hello", logprobs }, { text: "Hello", logprobs }] });
    const answer = await provider.complete(ask({ logprobs: true }));
    expect(chatBodies()[0]!.logprobs).toBe(true);
    expect(answer.logprobs).toEqual([-0.5, -0.25]);
    const without = await provider.complete(ask());
    expect(chatBodies()[1]).not.toHaveProperty("logprobs");
    expect(without.logprobs).toBeUndefined();
  });

  it("gives up with a timeout when the server does not answer within timeoutMs", async () => {
    const provider = await setup({ replies: [{ fault: "hang" }] });
    const error = await failure(provider.complete(ask({ timeoutMs: 150 })));
    expect(error).toMatchObject({ kind: "timeout", provider: "ollama", retryable: true });
  });

  it("times out too when the headers came but the body stalls", async () => {
    const provider = await setup({ replies: [{ fault: "stall" }] });
    const error = await failure(provider.complete(ask({ timeoutMs: 150 })));
    expect(error.kind).toBe("timeout");
  });

  it("stops with aborted (not retryable) when the caller's signal fires mid-call", async () => {
    const controller = new AbortController();
    const provider = await setup({
      respond: () => {
        controller.abort();
        return { fault: "hang" };
      },
    });
    const error = await failure(provider.complete(ask({ signal: controller.signal })));
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });

  it("sends nothing when the signal has already fired", async () => {
    const provider = await setup();
    const error = await failure(provider.complete(ask({ signal: AbortSignal.abort() })));
    expect(error.kind).toBe("aborted");
    expect(chatBodies()).toEqual([]);
  });

  it("maps Ollama's 404 for a model that is not pulled to not-found, with its message", async () => {
    const provider = await setup({ models: ["llama3.2:latest"] });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "not-found", status: 404, retryable: false });
    expect(error.message).toContain(`model "${MODEL}" not found, try pulling it first`);
  });

  it("accepts `name` for an installed `name:latest`", async () => {
    const provider = await setup({ models: ["llama3.2:latest"], replies: [{ text: "hi" }] });
    await expect(provider.complete(ask({ model: "llama3.2" }))).resolves.toMatchObject({ text: "hi" });
  });

  it("maps a 500 to a retryable server error", async () => {
    const provider = await setup({ replies: [{ fault: "status", status: 500 }] });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "server", status: 500, retryable: true });
    expect(error.message).toContain("llama runner process has terminated");
  });

  it("turns a connection reset mid-answer into a network error", async () => {
    const provider = await setup({ replies: [{ fault: "reset" }] });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "network", retryable: true });
  });

  it("turns a refused connection into a network error", async () => {
    const provider = await setup();
    await fake!.close();
    fake = undefined;
    const error = await failure(provider.complete(ask()));
    expect(error.kind).toBe("network");
  });

  it("reports an answer without message content as bad output", async () => {
    fake = await startFakeOllama({ models: [MODEL] });
    // A server that says 200 but is not Ollama (e.g. a proxy's HTML page turned JSON).
    const notOllama: typeof fetch = async () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "content-type": "application/json" } });
    const provider = new OllamaProvider({ host: fake.url, fetch: notOllama });
    const error = await failure(provider.complete(ask()));
    expect(error.kind).toBe("bad-output");
  });

  it("embeds through /api/embed, one vector per input, in order", async () => {
    const provider = await setup({ embed: (text) => [text.length, 1] });
    const vectors = await provider.embed("qwen2.5-coder:7b", ["a", "abc"], { timeoutMs: 5000 });
    expect(vectors).toEqual([
      [1, 1],
      [3, 1],
    ]);
    expect(fake!.requests.find((r) => r.path === "/api/embed")?.json).toEqual({ model: MODEL, input: ["a", "abc"] });
  });

  it("fails an embedding of a missing model with not-found, and a short answer with bad-output", async () => {
    const provider = await setup({ embed: () => [] });
    await expect(provider.embed("nomic-embed-text", ["x"], { timeoutMs: 5000 })).rejects.toMatchObject({ kind: "not-found" });
    await expect(provider.embed(MODEL, ["x"], { timeoutMs: 5000 })).rejects.toMatchObject({ kind: "bad-output" });
  });
});
