import type { LodestarModule } from "../types.js";
import { runRefactor } from "./run-refactor.js";

export { runRefactor } from "./run-refactor.js";
export { refactorSettings, REFACTOR_DEFAULTS, type RefactorSettings } from "./settings.js";
export { pickTargetFiles, chooseRegion, normaliseTargetPath, MIN_TARGET_COMPLEXITY, type TargetFile, type TargetRegion } from "./targets.js";
export { measureRegion, measureWith, improves, compareMeasures, describeMeasure, LINES_PER_POINT, type Measure } from "./measure.js";
export { searchVariants, candidateFrom, type Evaluation, type GenerationRecord, type Rejection, type SearchInput, type SearchPoint, type SearchResult, type VariantChecker, type CommandOutcome } from "./search.js";
export { createVariantChecker, changedLineCount, BENCHMARK_MARGIN, BENCHMARK_RUNS, type CheckerOptions } from "./check-variant.js";
export { variantTask, refactorProblem, sourceOfAnswer, REFACTOR_ANSWER_SCHEMA, REFACTOR_TASK_KIND, type VariantRequest } from "./prompt.js";
export { syntaxProblems } from "./syntax-check.js";
export { addedCapabilities } from "./capability-check.js";
export { cleanModelSource, replaceRegion, regionText, wholeFile, type LineRange } from "./source-edit.js";
export { REFACTOR_RULES, RULES as REFACTOR_RULE_IDS, proposalSlug } from "./report.js";
export { measureSuiteCoverage, regionCoverage, describeRegionCoverage, coverageEvidence, COVERAGE_RULE, MIN_COVERED_SHARE, type RegionCoverage, type SuiteCoverage } from "./coverage-gate.js";
export { CANDIDATES_PER_TARGET } from "./run-refactor.js";

/**
 * The refactor engine (issue 6): STOP-style search for simpler versions of the top hotspots'
 * most complex functions (or of `/lodestar refactor <path>`) that the tests actually run, each
 * variant verified in the sandbox by the repository's own build and tests, the best kept generation after generation;
 * one review-only proposal per improved target. It runs repository code, so never on an
 * untrusted ref.
 */
export const refactorModule: LodestarModule = {
  name: "refactor",
  description: "Simpler versions of the most complex hotspot functions, verified by the repository's own tests",
  executesRepoCode: true,
  run: runRefactor,
};
