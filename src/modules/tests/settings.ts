import type { LodestarConfig } from "../../config/index.js";

/** What the test-generation module reads from `modules.tests` in config, clamped to the schema's ranges. */
export interface TestsSettings {
  /** Targets (files) worked on per run. */
  maxTargets: number;
  /** Candidate test files asked of the model per target. */
  candidates: number;
  /** Runs a candidate must pass, all of them, to count as not flaky. */
  reruns: number;
  /** `pull-requests.max-changed-lines`: a proposal over it would never be opened. */
  maxChangedLines: number;
}

export const TESTS_DEFAULTS = { maxTargets: 3, candidates: 4, reruns: 5, maxChangedLines: 400 } as const;

function bounded(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/**
 * The module's settings. The schema validates and defaults them; they are read defensively
 * all the same (and clamped again), because a config built in code skips the schema.
 */
export function testsSettings(config: LodestarConfig): TestsSettings {
  const own = (config.modules.tests ?? {}) as { "max-targets"?: unknown; candidates?: unknown; reruns?: unknown };
  const prs = (config["pull-requests"] ?? {}) as { "max-changed-lines"?: unknown };
  return {
    maxTargets: bounded(own["max-targets"], 1, 20, TESTS_DEFAULTS.maxTargets),
    candidates: bounded(own.candidates, 1, 10, TESTS_DEFAULTS.candidates),
    reruns: bounded(own.reruns, 2, 20, TESTS_DEFAULTS.reruns),
    maxChangedLines: bounded(prs["max-changed-lines"], 1, 5000, TESTS_DEFAULTS.maxChangedLines),
  };
}
