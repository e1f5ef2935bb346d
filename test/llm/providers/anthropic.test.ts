import { afterEach, describe, expect, it } from "@jest/globals";
import { AnthropicProvider, createAnthropicProvider } from "../../../src/llm/providers/index.js";
import type { ModelRequest } from "../../../src/llm/types.js";
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from "../../fakes/anthropic.js";
import { failure } from "../../helpers/provider-error.js";

const MODEL = "claude-sonnet-4-6";
const KEY = "sk-ant-test-0000";
let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeAnthropicOptions = {}) {
  fake = await startFakeAnthropic({ apiKey: KEY, ...options });
  return createAnthropicProvider({ ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url });
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

describe("Anthropic provider", () => {
  it("sends a Messages API request (system apart, max_tokens, key header) and reads the text blocks", async () => {
    const provider = await setup({ replies: [{ text: "Hello!" }] });
    const answer = await provider.complete(ask({ maxOutputTokens: 300 }));
    expect(answer).toMatchObject({ provider: "anthropic", model: MODEL, text: "Hello!", finishReason: "stop" });
    expect(provider.local).toBe(false);
    expect(bodies()).toEqual([{ model: MODEL, max_tokens: 300, system: "Be brief.", messages: [{ role: "user", content: "Say hello." }] }]);
    expect(fake!.requests[0]).toMatchObject({ method: "POST", path: "/v1/messages" });
    expect(fake!.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("puts the schema in output_config.format (json_schema) and parses the JSON answer", async () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };
    const provider = await setup({ replies: [{ text: '{"answer":"hi"}' }, { text: "{oops" }] });
    const answer = await provider.complete(ask({ schema }));
    expect(bodies()[0]!.output_config).toEqual({ format: { type: "json_schema", schema } });
    expect(answer.parsed).toEqual({ answer: "hi" });
    const bad = await provider.complete(ask({ schema }));
    expect(bad.parsed).toBeUndefined();
    expect(bad.text).toBe("{oops");
  });

  it("counts all input tokens, cache reads as cached, and uses a default max_tokens", async () => {
    const provider = await setup({ replies: [{ text: "ok", usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 900 } }] });
    const answer = await provider.complete(ask());
    expect(answer.usage).toEqual({ inputTokens: 1000, outputTokens: 20, cachedInputTokens: 900 });
    expect(bodies()[0]!.max_tokens).toBe(4096);
  });

  it('reports stop_reason "max_tokens" as length', async () => {
    const provider = await setup({ replies: [{ text: '{"answer":"cu', stopReason: "max_tokens" }] });
    const answer = await provider.complete(ask({ schema: { type: "object" } }));
    expect(answer.finishReason).toBe("length");
    expect(answer.parsed).toBeUndefined();
  });

  it("fails with auth and sends nothing when ANTHROPIC_API_KEY is not set", async () => {
    fake = await startFakeAnthropic();
    const provider = createAnthropicProvider({ ANTHROPIC_BASE_URL: fake.url });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "auth", provider: "anthropic", retryable: false });
    expect(error.message).toContain("ANTHROPIC_API_KEY is not set");
    expect(fake.requests).toEqual([]);
  });

  it("maps a rejected key (401) to auth", async () => {
    fake = await startFakeAnthropic({ apiKey: KEY });
    const provider = new AnthropicProvider({ apiKey: "sk-ant-wrong", baseURL: fake.url });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "auth", status: 401 });
  });

  it("maps 429 to rate-limit with Retry-After in milliseconds, once (the SDK does not retry)", async () => {
    const provider = await setup({ replies: [{ fault: "status", status: 429, headers: { "retry-after": "20" } }] });
    const error = await failure(provider.complete(ask()));
    expect(error).toMatchObject({ kind: "rate-limit", status: 429, retryAfterMs: 20_000, retryable: true });
    expect(error.message).toContain("rate_limit_error");
    expect(fake!.requests).toHaveLength(1);
  });

  it("prefers retry-after-ms when both are given", async () => {
    const provider = await setup({ replies: [{ fault: "status", status: 429, headers: { "retry-after": "2", "retry-after-ms": "1500" } }] });
    const error = await failure(provider.complete(ask()));
    expect(error.retryAfterMs).toBe(1500);
  });

  it("maps 500 and 529 overloaded to server errors", async () => {
    const provider = await setup({ replies: [{ fault: "status", status: 500 }, { fault: "status", status: 529 }] });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "server", status: 500, retryable: true });
    const overloaded = await failure(provider.complete(ask()));
    expect(overloaded).toMatchObject({ kind: "server", status: 529 });
    expect(overloaded.message).toContain("overloaded_error");
    expect(fake!.requests).toHaveLength(2);
  });

  it("maps an unknown model (404) to not-found and a bad request (400) to bad-request", async () => {
    const provider = await setup({ models: ["claude-haiku-4-5"], replies: [] });
    expect(await failure(provider.complete(ask()))).toMatchObject({ kind: "not-found", status: 404, retryable: false });
    const noUser = await failure(provider.complete(ask({ model: "claude-haiku-4-5", messages: [{ role: "system", content: "only system" }] })));
    expect(noUser).toMatchObject({ kind: "bad-request", status: 400 });
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
