import { afterEach, describe, expect, it } from "@jest/globals";
import { createOpenAIProvider, OpenAIProvider, schemaName } from "../../../src/llm/providers/index.js";
import type { ModelRequest } from "../../../src/llm/types.js";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "../../fakes/openai.js";
import { failure } from "../../helpers/provider-error.js";

const MODEL = "gpt-5-mini";
const KEY = "sk-proj-test-0000";
let fake: FakeOpenAI | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeOpenAIOptions = {}) {
  fake = await startFakeOpenAI({ apiKey: KEY, ...options });
  return createOpenAIProvider({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.baseURL });
}

function ask(extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: MODEL,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Say hello." },
    ],
    timeoutMs: 5000,
    ...extra,
  };
}

function bodies() {
  return fake!.requests.map((r) => r.json as Record<string, unknown>);
}

describe("OpenAI provider", () => {
  it("sends a Chat Completions request with the Bearer key and reads the first choice", async () => {
    const provider = await setup({ replies: [{ text: "Hello!" }] });
    const answer = await provider.complete(ask({ maxOutputTokens: 300, seed: 3, temperature: 0 }));
    expect(answer).toMatchObject({ provider: "openai", model: MODEL, text: "Hello!", finishReason: "stop" });
    expect(answer.parsed).toBeUndefined();
    expect(provider.local).toBe(false);
    expect(fake!.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(fake!.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(bodies()).toEqual([
      {
        model: MODEL,
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Say hello." },
        ],
        max_completion_tokens: 300,
        temperature: 0,
        seed: 3,
      },
    ]);
  });

  it("asks for a strict json_schema response_format and parses the JSON answer", async () => {
    const schema = { title: "Review verdict", type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"], additionalProperties: false };
    const provider = await setup({ replies: [{ text: '{"ok":true}' }, { text: "nope" }] });
    const answer = await provider.complete(ask({ schema }));
    expect(bodies()[0]!.response_format).toEqual({ type: "json_schema", json_schema: { name: "Review_verdict", schema, strict: true } });
    expect(answer.parsed).toEqual({ ok: true });
    expect((await provider.complete(ask({ schema }))).parsed).toBeUndefined();
    expect(schemaName({ type: "object" })).toBe("answer");
  });

  it("maps usage with cached prompt tokens", async () => {
    const provider = await setup({ replies: [{ text: "ok", usage: { prompt_tokens: 1200, completion_tokens: 30, cached_tokens: 1024 } }] });
    const answer = await provider.complete(ask());
    expect(answer.usage).toEqual({ inputTokens: 1200, outputTokens: 30, cachedInputTokens: 1024 });
  });

  it('reports finish_reason "length" as truncated, and a refusal as an empty "other" answer', async () => {
    const provider = await setup({ replies: [{ text: '{"ok":tr', finishReason: "length" }, { text: null, refusal: "I can't help with that." }] });
    const cut = await provider.complete(ask({ schema: { type: "object" } }));
    expect(cut.finishReason).toBe("length");
    expect(cut.parsed).toBeUndefined();
    const refused = await provider.complete(ask());
    expect(refused).toMatchObject({ text: "", finishReason: "other" });
  });

  it("asks for logprobs only when wanted and maps them to numbers", async () => {
    const logprobs = [
      { token: "Hi", logprob: -0.1 },
      { token: "!", logprob: -0.3 },
    ];
    const provider = await setup({ replies: [{ text: "Hi!", logprobs }, { text: "Hi!" }] });
    expect((await provider.complete(ask({ logprobs: true }))).logprobs).toEqual([-0.1, -0.3]);
    expect(bodies()[0]!.logprobs).toBe(true);
    expect((await provider.complete(ask())).logprobs).toBeUndefined();
    expect(bodies()[1]).not.toHaveProperty("logprobs");
  });

  it("fails with auth and sends nothing when OPENAI_API_KEY is not set", async () => {
    fake = await startFakeOpenAI();
    const provider = createOpenAIProvider({ OPENAI_BASE_URL: fake.baseURL });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "auth", provider: "openai", retryable: false });
    expect(error.message).toContain("OPENAI_API_KEY is not set");
    expect(fake.requests).toEqual([]);
  });

  it("maps a rejected key to auth and an unknown model to not-found", async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, models: ["gpt-5"] });
    const wrong = new OpenAIProvider({ apiKey: "sk-wrong", baseURL: fake.baseURL });
    expect(await failure(wrong.complete(ask()))).toMatchObject({ kind: "auth", status: 401 });
    const right = new OpenAIProvider({ apiKey: KEY, baseURL: fake.baseURL });
    const missing = await failure(right.complete(ask()));
    expect(missing).toMatchObject({ kind: "not-found", status: 404 });
    expect(missing.message).toContain("does not exist");
  });

  it("maps 429 to rate-limit with retry-after-ms, 500 and 503 to server, each in one request", async () => {
    const provider = await setup({
      replies: [
        { fault: "status", status: 429, headers: { "retry-after-ms": "750", "x-ratelimit-remaining-requests": "0" } },
        { fault: "status", status: 429, headers: { "retry-after": "3" } },
        { fault: "status", status: 500 },
        { fault: "status", status: 503 },
      ],
    });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "rate-limit", status: 429, retryAfterMs: 750 });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "rate-limit", retryAfterMs: 3000 });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "server", status: 500, retryable: true });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "server", status: 503 });
    expect(fake!.requests).toHaveLength(4);
  });

  it("times out within timeoutMs, whether no headers come or the body stalls", async () => {
    const provider = await setup({ replies: [{ fault: "hang" }, { fault: "stall" }] });
    expect(await failure(provider.complete(ask({ timeoutMs: 150 })))).toMatchObject({ kind: "timeout", retryable: true });
    expect(await failure(provider.complete(ask({ timeoutMs: 150 })))).toMatchObject({ kind: "timeout" });
  });

  it("stops with aborted when the caller's signal fires", async () => {
    const controller = new AbortController();
    const provider = await setup({
      respond: () => {
        controller.abort();
        return { fault: "hang" };
      },
    });
    expect(await failure(provider.complete(ask({ signal: controller.signal })))).toMatchObject({ kind: "aborted", retryable: false });
  });

  it("turns a reset mid-answer and a refused connection into network errors", async () => {
    const provider = await setup({ replies: [{ fault: "reset" }] });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "network", retryable: true });
    await fake!.close();
    fake = undefined;
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "network" });
  });
});
