import { describe, expect, it } from "@jest/globals";
import { parseConfigText } from "../../src/config/index.js";
import { costUsd, DEFAULT_PRICES, estimateTokens, fallbackPrice, lookupPrice, priceTable } from "../../src/llm/prices.js";

const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0) => ({ inputTokens, outputTokens, cachedInputTokens });

describe("default prices", () => {
  it("price the models the config defaults to, at their list prices per million tokens", () => {
    expect(DEFAULT_PRICES["claude-sonnet-4-5"]).toEqual({ inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 });
    expect(DEFAULT_PRICES["claude-haiku-4-5"]).toEqual({ inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1 });
    expect(DEFAULT_PRICES["claude-opus-4-1"]).toEqual({ inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5 });
    expect(DEFAULT_PRICES["gpt-5"]).toEqual({ inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125 });
    expect(DEFAULT_PRICES["gpt-5-mini"]).toEqual({ inputPerMTok: 0.25, outputPerMTok: 2, cachedInputPerMTok: 0.025 });
    expect(DEFAULT_PRICES["gpt-4.1"]).toEqual({ inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 });
    expect(DEFAULT_PRICES["gpt-4o-mini"]).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 });
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(DEFAULT_PRICES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PRICES["gpt-5"])).toBe(true);
  });
});

describe("costUsd", () => {
  const table = priceTable();

  it("charges input and output at the model's price", () => {
    // 10,000 in × $3/M + 2,000 out × $15/M = $0.03 + $0.03
    expect(costUsd(table, "anthropic", "claude-sonnet-4-5", usage(10_000, 2_000))).toBeCloseTo(0.06, 12);
    // 1M in × $0.25 + 1M out × $2
    expect(costUsd(table, "openai", "gpt-5-mini", usage(1_000_000, 1_000_000))).toBeCloseTo(2.25, 12);
  });

  it("charges cached input tokens (part of the input) at the cached price", () => {
    // 100k input of which 80k cached: 20k × $1.25 + 80k × $0.125 + 1k × $10 = 0.025 + 0.01 + 0.01
    expect(costUsd(table, "openai", "gpt-5", usage(100_000, 1_000, 80_000))).toBeCloseTo(0.045, 12);
    // More cached than input (a provider quirk) never makes the fresh part negative.
    expect(costUsd(table, "openai", "gpt-5", usage(1_000, 0, 5_000))).toBeCloseTo((1_000 * 0.125) / 1e6, 12);
  });

  it("knows a model by its dated or -latest id, but never by a mere prefix", () => {
    expect(costUsd(table, "anthropic", "claude-sonnet-4-5-20250929", usage(1e6, 0))).toBe(3);
    expect(costUsd(table, "openai", "gpt-5-mini-2025-08-07", usage(1e6, 0))).toBe(0.25);
    expect(costUsd(table, "anthropic", "claude-3-5-haiku-latest", usage(1e6, 0))).toBe(0.8);
    expect(lookupPrice(table, "gpt-5-mini-preview")).toBeUndefined();
    // gpt-5-pro is far dearer than gpt-5: a prefix match would undercharge it eightfold.
    expect(costUsd(table, "openai", "gpt-5-pro", usage(0, 1e6))).toBe(120);
  });

  it("is 0 for the local model, whatever its name", () => {
    expect(costUsd(table, "ollama", "qwen2.5-coder:7b", usage(5e6, 5e6))).toBe(0);
    expect(costUsd(table, "ollama", "gpt-5", usage(5e6, 5e6))).toBe(0);
  });

  it("charges an unknown cloud model at the dearest known price of its provider, never 0", () => {
    const anthropic = costUsd(table, "anthropic", "claude-next-9", usage(1e6, 1e6));
    expect(anthropic).toBe(15 + 75); // Opus 4.1
    const openai = costUsd(table, "openai", "gpt-99", usage(1e6, 1e6));
    expect(openai).toBe(15 + 120); // GPT-5 pro
    expect(costUsd(table, "anthropic", "mystery", usage(1e6, 0))).toBe(15);
    // Overrides take part: a dearer overridden model raises the fallback.
    expect(fallbackPrice(priceTable({ "claude-x": { input: 40, output: 200 } }), "anthropic")).toMatchObject({ inputPerMTok: 40, outputPerMTok: 200 });
  });

  it("treats missing or broken counts as 0 rather than producing NaN", () => {
    expect(costUsd(table, "openai", "gpt-5", usage(Number.NaN, -5, Number.POSITIVE_INFINITY))).toBe(0);
  });
});

describe("price overrides", () => {
  it("replace and add models; the rest keep their defaults", () => {
    const table = priceTable({ "gpt-5-mini": { input: 0.5, output: 4 }, "My-Model": { input: 1, output: 2, "cached-input": 0.5 } });
    expect(table["gpt-5-mini"]).toEqual({ inputPerMTok: 0.5, outputPerMTok: 4 });
    expect(costUsd(table, "openai", "gpt-5-mini", usage(1e6, 1e6, 1e6))).toBe(4.5); // no cached price: full input price
    expect(costUsd(table, "openai", "my-model", usage(2e6, 0, 1e6))).toBe(1.5);
    expect(table["claude-sonnet-4-5"]).toEqual(DEFAULT_PRICES["claude-sonnet-4-5"]);
    expect(DEFAULT_PRICES["gpt-5-mini"]?.inputPerMTok).toBe(0.25);
  });

  it("come from the repo config, validated and bounded", () => {
    const ok = parseConfigText('prices:\n  gpt-5-mini:\n    input: 0.3\n    output: 2.5\n    cached-input: 0.03\n');
    if (!ok.ok) throw new Error(ok.message);
    expect(priceTable(ok.config.prices)["gpt-5-mini"]).toEqual({ inputPerMTok: 0.3, outputPerMTok: 2.5, cachedInputPerMTok: 0.03 });
    const none = parseConfigText("");
    expect(none.ok && none.config.prices).toBeUndefined();
    if (none.ok) expect(priceTable(none.config.prices)).toEqual(DEFAULT_PRICES);

    const tooDear = parseConfigText("prices:\n  gpt-5:\n    input: 5000\n    output: 1\n");
    expect(tooDear.ok).toBe(false);
    if (!tooDear.ok) expect(tooDear.problems[0]?.path).toBe("prices.gpt-5.input");
    const negative = parseConfigText("prices:\n  gpt-5:\n    input: -1\n    output: 1\n");
    expect(negative.ok).toBe(false);
    const typo = parseConfigText("prices:\n  gpt-5:\n    input: 1\n    ouput: 1\n");
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["prices.gpt-5.ouput", "prices.gpt-5.output"]));
    const many = `prices:\n${Array.from({ length: 101 }, (_, i) => `  m${i}: { input: 1, output: 1 }`).join("\n")}\n`;
    const tooMany = parseConfigText(many);
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.message).toContain("at most 100 models");
  });
});

describe("estimateTokens", () => {
  it("is about a token per four characters, rounded up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abc")).toBe(1);
    expect(estimateTokens("x".repeat(4000))).toBe(1000);
    expect(estimateTokens("x".repeat(4001))).toBe(1001);
  });
});
