/**
 * The memory with a real local embedding model path: the Ollama provider's `/api/embed`
 * against the fake Ollama server, and what happens when the model is missing.
 */
import { afterEach, describe, expect, it } from "@jest/globals";
import { checkVectors, LearningMemory, noveltyOf, providerEmbedder } from "../../src/learning/index.js";
import { OllamaProvider } from "../../src/llm/providers/ollama.js";
import { startFakeOllama, type FakeOllama } from "../fakes/ollama.js";
import { tempState, tickingClock } from "./helpers.js";

let ollama: FakeOllama | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await ollama?.close();
  ollama = undefined;
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function stateForTest() {
  const t = await tempState();
  cleanups.push(t.cleanup);
  return t.state;
}

describe("embeddings through Ollama /api/embed", () => {
  it("retrieve by vector similarity, batching the texts into one request per lookup", async () => {
    ollama = await startFakeOllama({ models: ["nomic-embed-text:latest"] });
    const embed = providerEmbedder(new OllamaProvider({ host: ollama.url }), "nomic-embed-text", { timeoutMs: 5000 });
    expect(embed).toBeDefined();
    const memory = new LearningMemory({ state: await stateForTest(), embed: embed!, now: tickingClock() });
    await memory.remember({ taskKind: "fix", problem: "null pointer in user service login", solution: "guard the user", evidence: "tests pass", source: "cloud" });
    await memory.remember({ taskKind: "fix", problem: "chart axis labels overlap on small screens", solution: "rotate labels", evidence: "tests pass", source: "local" });

    const found = await memory.nearest("fix", "null pointer in user service logout", 2);
    expect(found[0]!.entry.problem).toBe("null pointer in user service login");
    expect(found[0]!.similarity).toBeGreaterThan(found[1]!.similarity);
    expect(noveltyOf(found)).toBeLessThan(0.5);
    expect(memory.usesEmbeddings).toBe(true);

    const embedCalls = ollama.requests.filter((r) => r.path === "/api/embed");
    expect(embedCalls).toHaveLength(1);
    expect(JSON.parse(embedCalls[0]!.body)).toMatchObject({ model: "nomic-embed-text", input: ["null pointer in user service logout", "null pointer in user service login", "chart axis labels overlap on small screens"] });
    // The remembered problems' vectors are cached: the next lookup sends only the query.
    await memory.nearest("fix", "axis labels", 1);
    const second = ollama.requests.filter((r) => r.path === "/api/embed");
    expect(second).toHaveLength(2);
    expect(JSON.parse(second[1]!.body).input).toEqual(["axis labels"]);
  });

  it("a missing embedding model (404) switches the memory to token similarity, which still finds the task", async () => {
    ollama = await startFakeOllama({ models: ["qwen2.5-coder:7b"] });
    const embed = providerEmbedder(new OllamaProvider({ host: ollama.url }), "nomic-embed-text", { timeoutMs: 5000 });
    const memory = new LearningMemory({ state: await stateForTest(), embed: embed!, now: tickingClock() });
    await memory.remember({ taskKind: "fix", problem: "flaky retry test uses a real timer", solution: "fake timers", evidence: "tests pass", source: "cloud" });
    const found = await memory.nearest("fix", "flaky retry test uses a real timer", 1);
    expect(found[0]!.similarity).toBeCloseTo(1, 10);
    expect(memory.usesEmbeddings).toBe(false);
    expect(memory.embeddingProblem).toMatch(/not found/);
  });

  it("a provider without embeddings gives no embedder", () => {
    expect(providerEmbedder({}, "m", { timeoutMs: 1 })).toBeUndefined();
  });
});

describe("checkVectors", () => {
  it("accepts one finite vector per text, all of one length, and rejects anything else", () => {
    expect(checkVectors([[1, 2], [3, 4]], 2)).toEqual([[1, 2], [3, 4]]);
    expect(() => checkVectors([[1, 2]], 2)).toThrow("returned 1 vectors for 2 texts");
    expect(() => checkVectors(null, 1)).toThrow("returned no vectors");
    expect(() => checkVectors([[1, Number.NaN]], 1)).toThrow("not a list of numbers");
    expect(() => checkVectors([[]], 1)).toThrow("not a list of numbers");
    expect(() => checkVectors([[1, 2], [1]], 2)).toThrow("different lengths");
  });
});
