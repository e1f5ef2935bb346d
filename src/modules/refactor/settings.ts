import type { LodestarConfig } from "../../config/index.js";

/** The refactor engine's knobs, read from `modules.refactor` and `pull-requests` in config. */
export interface RefactorSettings {
  /** How many targets one run works on (top hotspots first). */
  maxTargets: number;
  /** k: variants asked of the model per generation. */
  variants: number;
  /** g: generations at most; the search stops earlier when a generation improves nothing. */
  generations: number;
  /** A benchmark argv whose wall time replaces the static metric, or null for the static metric. */
  benchmark: string[] | null;
  /** `pull-requests.max-changed-lines`: a variant whose diff is larger is never proposed. */
  maxChangedLines: number;
}

/** Defaults and bounds, the same as the config schema's (issue 6: k = 4, g = 3). */
export const REFACTOR_DEFAULTS = { maxTargets: 2, variants: 4, generations: 3, maxChangedLines: 400 } as const;

/** The `modules.refactor` keys as the schema validates them; read loosely so an older config type still compiles. */
interface RawRefactorConfig {
  "max-targets"?: unknown;
  variants?: unknown;
  generations?: unknown;
  benchmark?: unknown;
}

const clampInt = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;

/**
 * The settings for one run. The schema validates and clamps these already; they are clamped
 * again here because a hand-built config (tests, the CLI) skips the schema, and an unbounded
 * k × g would be unbounded spend.
 */
export function refactorSettings(config: LodestarConfig): RefactorSettings {
  const raw = (config.modules.refactor ?? {}) as RawRefactorConfig;
  const benchmark =
    Array.isArray(raw.benchmark) && raw.benchmark.length > 0 && raw.benchmark.every((a) => typeof a === "string" && a.length > 0)
      ? [...(raw.benchmark as string[])]
      : null;
  return {
    maxTargets: clampInt(raw["max-targets"], 1, 10, REFACTOR_DEFAULTS.maxTargets),
    variants: clampInt(raw.variants, 1, 8, REFACTOR_DEFAULTS.variants),
    generations: clampInt(raw.generations, 1, 6, REFACTOR_DEFAULTS.generations),
    benchmark,
    maxChangedLines: clampInt(config["pull-requests"]?.["max-changed-lines"], 1, 5000, REFACTOR_DEFAULTS.maxChangedLines),
  };
}
