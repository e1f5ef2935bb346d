/**
 * The fake Ollama must behave like Ollama for the clients that talk to it: checked here with the
 * real `ollama` package (streaming included) and with plain fetch for the wire format.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { Ollama } from "ollama";
import { hashedEmbedding, startFakeOllama, type FakeOllama } from "./ollama.js";

const MODEL = "qwen2.5-coder:7b";
let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function lines(response: Response): Promise<Record<string, unknown>[]> {
  return (await response.text())
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("fake Ollama", () => {
  it("answers / and reports loaded models in /api/ps after a call", async () => {
    fake = await startFakeOllama({ models: [MODEL] });
    const root = await fetch(`${fake.url}/`);
    expect(await root.text()).toBe("Ollama is running");
    const client = new Ollama({ host: fake.url });
    expect((await client.ps()).models).toEqual([]);
    await client.chat({ model: MODEL, messages: [{ role: "user", content: "hi" }] });
    expect((await client.ps()).models.map((m) => m.name)).toEqual([MODEL]);
  });

  it("streams NDJSON by default, like Ollama, ending with done and the counts", async () => {
    fake = await startFakeOllama({ models: [MODEL], replies: [{ text: "one two three", evalCount: 3, promptEvalCount: 9 }] });
    const response = await fetch(`${fake.url}/api/chat`, { method: "POST", body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "count" }] }) });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const objects = await lines(response);
    expect(objects.map((o) => (o.message as { content: string }).content).join("")).toBe("one two three");
    expect(objects.slice(0, -1).every((o) => o.done === false)).toBe(true);
    expect(objects.at(-1)).toMatchObject({ done: true, done_reason: "stop", eval_count: 3, prompt_eval_count: 9 });
  });

  it("works with the ollama package's streaming iterator, log-probabilities per chunk", async () => {
    fake = await startFakeOllama({ models: [MODEL], replies: [{ text: "a b" }] });
    const client = new Ollama({ host: fake.url });
    const parts: string[] = [];
    const logprobs: number[] = [];
    for await (const part of await client.chat({ model: MODEL, messages: [{ role: "user", content: "x" }], stream: true, logprobs: true })) {
      parts.push(part.message.content);
      logprobs.push(...(part.logprobs ?? []).map((l) => l.logprob));
    }
    expect(parts.join("")).toBe("a b");
    expect(logprobs).toEqual([-0.05, -0.05]);
  });

  it("resets the connection mid-stream after the first chunk, which the client sees as an error", async () => {
    fake = await startFakeOllama({ models: [MODEL], replies: [{ fault: "reset" }] });
    const client = new Ollama({ host: fake.url });
    const parts: string[] = [];
    const consume = async () => {
      for await (const part of await client.chat({ model: MODEL, messages: [{ role: "user", content: "x" }], stream: true })) parts.push(part.message.content);
    };
    await expect(consume()).rejects.toThrow();
    expect(parts).toEqual(["fake "]);
  });

  it("answers /api/generate with `response` and `context`", async () => {
    fake = await startFakeOllama({ models: [MODEL], replies: [{ text: "generated" }] });
    const answer = await new Ollama({ host: fake.url }).generate({ model: MODEL, prompt: "go" });
    expect(answer).toMatchObject({ response: "generated", done: true, done_reason: "stop", context: [1, 2, 3] });
  });

  it("gives Ollama's 404 for a missing model and 400 for a request without one", async () => {
    fake = await startFakeOllama({ models: [MODEL] });
    const missing = await fetch(`${fake.url}/api/chat`, { method: "POST", body: JSON.stringify({ model: "llama3", messages: [] }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'model "llama3" not found, try pulling it first' });
    const noModel = await fetch(`${fake.url}/api/chat`, { method: "POST", body: "{}" });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({ error: "model is required" });
  });

  it("records every request with its raw body, and scripts answers from a queue then a function", async () => {
    fake = await startFakeOllama({ models: [MODEL], replies: [{ text: "queued" }], respond: ({ body }) => ({ text: `echo ${String((body.messages as { content: string }[])[0]!.content)}` }) });
    const client = new Ollama({ host: fake.url });
    const first = await client.chat({ model: MODEL, messages: [{ role: "user", content: "a" }] });
    fake.enqueue({ text: "enqueued" });
    const second = await client.chat({ model: MODEL, messages: [{ role: "user", content: "b" }] });
    const third = await client.chat({ model: MODEL, messages: [{ role: "user", content: "c" }] });
    expect([first.message.content, second.message.content, third.message.content]).toEqual(["queued", "enqueued", "echo c"]);
    expect(fake.requests.map((r) => r.body)).toEqual([
      JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "a" }], stream: false }),
      JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "b" }], stream: false }),
      JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "c" }], stream: false }),
    ]);
  });

  it("embeds deterministically: unit vectors, similar texts closer than unrelated ones", async () => {
    fake = await startFakeOllama({ models: ["nomic-embed-text:latest"] });
    const { embeddings } = await new Ollama({ host: fake.url }).embed({ model: "nomic-embed-text", input: ["parse the config file", "parse config", "render a chart"] });
    const [a, b, c] = embeddings as [number[], number[], number[]];
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a, a)).toBeCloseTo(1);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
    expect(a).toEqual(hashedEmbedding("parse the config file"));
  });
});
