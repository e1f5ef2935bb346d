import type { LodestarConfig } from "../config/index.js";
import type { SandboxLimits } from "./types.js";

const MAX_TIMER_MS = 2_147_483_647;

/** The limits when neither config nor caller says otherwise (the config defaults). */
export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  timeoutMs: 10 * 60_000,
  memoryMb: 2048,
  outputBytes: 1024 * 1024,
});

/** The per-command limits a repo's config asks for (`sandbox:` keys, already clamped by the schema). */
export function sandboxLimits(config: LodestarConfig): SandboxLimits {
  const s = config.sandbox;
  return {
    timeoutMs: s["timeout-minutes"] * 60_000,
    memoryMb: s["memory-mb"],
    outputBytes: s["output-kb"] * 1024,
  };
}

/**
 * Later layers win, each value checked: a NaN, zero or negative limit would mean "no limit",
 * so it falls back to the layer below.
 */
export function mergeLimits(...layers: (Partial<SandboxLimits> | undefined)[]): SandboxLimits {
  const out: SandboxLimits = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of ["timeoutMs", "memoryMb", "outputBytes"] as const) {
      const value = layer[key];
      if (typeof value === "number" && Number.isFinite(value) && value > 0) out[key] = Math.floor(value);
    }
  }
  // Node fires a timer above 2^31 - 1 ms after 1 ms: a "very long" limit must not become none.
  out.timeoutMs = Math.min(out.timeoutMs, MAX_TIMER_MS);
  return out;
}
