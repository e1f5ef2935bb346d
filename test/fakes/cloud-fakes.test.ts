/** The fake cloud APIs answer with the real envelopes and record raw bodies (for privacy tests). */
import { afterEach, describe, expect, it } from "@jest/globals";
import { startFakeAnthropic, type FakeAnthropic } from "./anthropic.js";
import { startFakeOpenAI, type FakeOpenAI } from "./openai.js";

let anthropic: FakeAnthropic | undefined;
let openai: FakeOpenAI | undefined;
afterEach(async () => {
  await anthropic?.close();
  await openai?.close();
  anthropic = openai = undefined;
});

const post = (url: string, body: string, headers: Record<string, string>) => fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("fake Anthropic", () => {
  it("answers a message with the real shape and records the raw body", async () => {
    anthropic = await startFakeAnthropic({ replies: [{ text: "hi", usage: { input_tokens: 5, output_tokens: 1 } }] });
    const raw = '{"model":"claude-haiku-4-5","max_tokens":10,"messages":[{"role":"user","content":"hello SECRET-123"}]}';
    const response = await post(`${anthropic.url}/v1/messages`, raw, { "x-api-key": "k", "anthropic-version": "2023-06-01" });
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-haiku-4-5",
      content: [{ type: "text", text: "hi" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 5, output_tokens: 1, cache_read_input_tokens: 0 },
    });
    expect(anthropic.requests.map((r) => r.body)).toEqual([raw]);
  });

  it("uses the API's error envelope, needs a key and a version header", async () => {
    anthropic = await startFakeAnthropic({ replies: [{ fault: "status", status: 529 }] });
    const body = '{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}]}';
    const noKey = await post(`${anthropic.url}/v1/messages`, body, { "anthropic-version": "2023-06-01" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const noVersion = await post(`${anthropic.url}/v1/messages`, body, { "x-api-key": "k" });
    expect(noVersion.status).toBe(400);
    const overloaded = await post(`${anthropic.url}/v1/messages`, body, { "x-api-key": "k", "anthropic-version": "2023-06-01" });
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
  });
});

describe("fake OpenAI", () => {
  it("answers a chat completion with the real shape and records the raw body", async () => {
    openai = await startFakeOpenAI({ replies: [{ text: "hi" }] });
    const raw = '{"model":"gpt-5-mini","messages":[{"role":"user","content":"hello"}]}';
    const response = await post(`${openai.baseURL}/chat/completions`, raw, { authorization: "Bearer k" });
    expect(await response.json()).toMatchObject({
      object: "chat.completion",
      model: "gpt-5-mini",
      choices: [{ index: 0, message: { role: "assistant", content: "hi", refusal: null }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(openai.requests.map((r) => r.body)).toEqual([raw]);
  });

  it("uses the API's error envelope for a missing key, a 429 and an unknown path", async () => {
    openai = await startFakeOpenAI({ replies: [{ fault: "status", status: 429, headers: { "retry-after": "1" } }] });
    const body = '{"model":"m","messages":[{"role":"user","content":"x"}]}';
    const noKey = await post(`${openai.baseURL}/chat/completions`, body, {});
    expect(noKey.status).toBe(401);
    const limited = await post(`${openai.baseURL}/chat/completions`, body, { authorization: "Bearer k" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toEqual({ error: expect.objectContaining({ type: "requests", code: "rate_limit_exceeded", param: null }) });
    const unknown = await post(`${openai.baseURL}/responses`, body, { authorization: "Bearer k" });
    expect(unknown.status).toBe(404);
  });
});
