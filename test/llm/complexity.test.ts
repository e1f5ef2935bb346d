import { describe, expect, it } from "@jest/globals";
import { complexityOf, DEFAULT_KIND_DIFFICULTY, KIND_DIFFICULTY } from "../../src/llm/complexity.js";

describe("complexityOf", () => {
  it("keeps a question over a few small files well under the default threshold", () => {
    const c = complexityOf({ kind: "ask", promptTokens: 6000, files: 5 });
    expect(c).toEqual({ value: 0.537, size: 0.183, spread: 0.333, kind: KIND_DIFFICULTY.ask });
    expect(c.value).toBeLessThan(0.75);
  });

  it("puts a fix over three files in 16k tokens above the default threshold", () => {
    const c = complexityOf({ kind: "fix", promptTokens: 16_000, files: 3 });
    expect(c.value).toBeCloseTo(1 - (1 - 16_000 / 32_768) * (1 - 2 / 10) * (1 - 0.5), 3);
    expect(c.value).toBeGreaterThan(0.75);
  });

  it("is 1 when prompt and answer do not fit the local context window (Ollama would cut the prompt)", () => {
    expect(complexityOf({ kind: "ask", promptTokens: 30_000, files: 1, maxOutputTokens: 4096 }).value).toBe(1);
    expect(complexityOf({ kind: "ask", promptTokens: 3000, files: 1, contextTokens: 4096, maxOutputTokens: 2000 }).size).toBe(1);
    expect(complexityOf({ kind: "ask", promptTokens: 3000, files: 1, contextTokens: 8192, maxOutputTokens: 2000 }).size).toBeCloseTo(3000 / 8192, 3);
  });

  it("grows with the number of files, one file adding nothing", () => {
    const spread = [1, 2, 5, 9, 25].map((files) => complexityOf({ kind: "review", promptTokens: 0, files }).spread);
    expect(spread).toEqual([0, 0.111, 0.333, 0.5, 0.75]);
    const values = [1, 5, 25].map((files) => complexityOf({ kind: "review", promptTokens: 1000, files }).value);
    expect(values[0]).toBeLessThan(values[1]!);
    expect(values[1]).toBeLessThan(values[2]!);
  });

  it("uses the kind's prior, the default prior for unknown kinds, and caller-given priors", () => {
    expect(complexityOf({ kind: "something-new", promptTokens: 0, files: 0 })).toEqual({ value: DEFAULT_KIND_DIFFICULTY, size: 0, spread: 0, kind: DEFAULT_KIND_DIFFICULTY });
    expect(complexityOf({ kind: "fix", promptTokens: 0, files: 1 }).value).toBe(0.5);
    expect(complexityOf({ kind: "fix", promptTokens: 0, files: 1, kindDifficulty: { fix: 0.9 } }).value).toBe(0.9);
    // A kind name that is an Object.prototype key is not a prior.
    expect(complexityOf({ kind: "constructor", promptTokens: 0, files: 0 }).kind).toBe(DEFAULT_KIND_DIFFICULTY);
  });
});
