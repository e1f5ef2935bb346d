/**
 * What a model call costs. List prices per model (USD per million tokens), overridable in
 * the repo config (`prices:`), and the cost of one call from its usage. Pure.
 */
import type { ModelUsage, ProviderName } from "./types.js";

/** A model's list price, in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the provider's prompt cache; the full input price when absent. */
  cachedInputPerMTok?: number;
}

/** A price as written in `.github/lodestar.yml` (`prices: { "<model>": { input, output, cached-input } }`). */
export interface PriceOverride {
  input: number;
  output: number;
  "cached-input"?: number;
}

const price = (inputPerMTok: number, outputPerMTok: number, cachedInputPerMTok: number): ModelPrice =>
  Object.freeze({ inputPerMTok, outputPerMTok, cachedInputPerMTok });

/**
 * Published list prices of the cloud models Lodestar defaults to and their neighbours
 * (Anthropic: prompt-cache reads at 0.1×; OpenAI: GPT-5 family cached input at 0.1×,
 * GPT-4.1 and o-series at 0.25×, GPT-4o at 0.5×). Standard tier, prompts under the
 * long-context threshold, no batch discount. Keys are model ids without a date suffix.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  // Anthropic
  "claude-opus-5-5": price(4, 20, 0.4),
  "claude-opus-5": price(5, 25, 0.5),
  "claude-sonnet-5-5": price(2, 10, 0.2),
  "claude-sonnet-5": price(2, 10, 0.2),
  "claude-sonnet-4-6": price(3, 15, 0.3),
  "claude-opus-4-5": price(5, 25, 0.5),
  "claude-opus-4-1": price(15, 75, 1.5),
  "claude-opus-4-0": price(15, 75, 1.5),
  "claude-opus-4": price(15, 75, 1.5),
  "claude-sonnet-4-5": price(3, 15, 0.3),
  "claude-sonnet-4-0": price(3, 15, 0.3),
  "claude-sonnet-4": price(3, 15, 0.3),
  "claude-3-7-sonnet": price(3, 15, 0.3),
  "claude-haiku-4-5": price(1, 5, 0.1),
  "claude-3-5-haiku": price(0.8, 4, 0.08),
  // OpenAI
  "gpt-5-pro": price(15, 120, 15),
  "gpt-5.1": price(1.25, 10, 0.125),
  "gpt-5": price(1.25, 10, 0.125),
  "gpt-5-mini": price(0.25, 2, 0.025),
  "gpt-5-nano": price(0.05, 0.4, 0.005),
  "gpt-4.1": price(2, 8, 0.5),
  "gpt-4.1-mini": price(0.4, 1.6, 0.1),
  "gpt-4.1-nano": price(0.1, 0.4, 0.025),
  "gpt-4o": price(2.5, 10, 1.25),
  "gpt-4o-mini": price(0.15, 0.6, 0.075),
  o3: price(2, 8, 0.5),
  "o4-mini": price(1.1, 4.4, 0.275),
});

/** The default table with the config's overrides on top (override keys are model ids, as in the API). */
export function priceTable(overrides?: Record<string, PriceOverride>): Record<string, ModelPrice> {
  const table: Record<string, ModelPrice> = { ...DEFAULT_PRICES };
  for (const [model, o] of Object.entries(overrides ?? {})) {
    const entry: ModelPrice = { inputPerMTok: o.input, outputPerMTok: o.output };
    if (o["cached-input"] !== undefined) entry.cachedInputPerMTok = o["cached-input"];
    table[model.toLowerCase()] = entry;
  }
  return table;
}

/** Which provider a model id belongs to, by its family name; undefined when it cannot be told. */
function providerOfModel(model: string): ProviderName | undefined {
  if (model.startsWith("claude")) return "anthropic";
  if (/^(gpt|o\d|chatgpt|text-|davinci|babbage)/.test(model)) return "openai";
  return undefined;
}

/**
 * The table key for a model id as the API reports it: exact, else without a date suffix
 * (`claude-sonnet-4-5-20250929`, `gpt-5-mini-2025-08-07`) or `-latest`. Deliberately not a
 * prefix match: `gpt-5-pro` must never be priced as `gpt-5`.
 */
export function lookupPrice(table: Record<string, ModelPrice>, model: string): ModelPrice | undefined {
  const id = model.trim().toLowerCase();
  const candidates = [id, id.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, "")];
  for (const key of candidates) {
    if (Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}

/**
 * The price charged for a cloud model missing from the table: the highest input, output and
 * cached price known for that provider (for any provider when the family is unknown), so an
 * unpriced model can only make budgets stop early, never let spend through uncounted.
 */
export function fallbackPrice(table: Record<string, ModelPrice>, provider: ProviderName): ModelPrice {
  const known = Object.entries(table);
  const same = known.filter(([model]) => providerOfModel(model) === provider);
  const pool = (same.length > 0 ? same : known).map(([, p]) => p);
  // Overrides cannot empty the table, but keep a floor (Opus list price) so the cost is never 0.
  const max = (pick: (p: ModelPrice) => number, floor: number): number => (pool.length ? Math.max(...pool.map(pick)) : floor);
  return {
    inputPerMTok: max((p) => p.inputPerMTok, 15),
    outputPerMTok: max((p) => p.outputPerMTok, 75),
    cachedInputPerMTok: max((p) => p.cachedInputPerMTok ?? p.inputPerMTok, 15),
  };
}

const nonNegative = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * Cost in USD of one call. `usage.inputTokens` is all input tokens, including
 * `cachedInputTokens` (those are charged at the cached price). Ollama is free; a cloud model
 * missing from the table is charged at {@link fallbackPrice}.
 */
export function costUsd(table: Record<string, ModelPrice>, provider: ProviderName, model: string, usage: ModelUsage): number {
  if (provider === "ollama") return 0;
  const p = lookupPrice(table, model) ?? fallbackPrice(table, provider);
  const input = nonNegative(usage.inputTokens);
  const cached = Math.min(nonNegative(usage.cachedInputTokens), input);
  const output = nonNegative(usage.outputTokens);
  const cost = ((input - cached) * p.inputPerMTok + cached * (p.cachedInputPerMTok ?? p.inputPerMTok) + output * p.outputPerMTok) / 1_000_000;
  // Rounded to a nano-dollar: float noise would otherwise show in ledger sums.
  return Math.round(cost * 1e9) / 1e9;
}

/**
 * A rough token count for budget checks before a call (about four characters per token for
 * English and code). Rounded up so an estimate never says 0 for non-empty text.
 */
export function estimateTokens(text: string): number {
  return typeof text === "string" ? Math.ceil(text.length / 4) : 0;
}
