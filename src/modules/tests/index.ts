import type { LodestarModule } from "../types.js";
import { runTestsModule } from "./run-tests-module.js";

export { CANDIDATE_SCHEMA, MAX_CANDIDATE_CHARS, readCandidate, type CandidateFile } from "./candidate.js";
export { focusedTestCommand, showCommand, syntaxCheckCommand } from "./commands.js";
export { evaluateCandidate, verdictsOf, type Evaluation, type FilterContext } from "./filters.js";
export { addFunnel, countCandidate, describeFunnel, emptyFunnel, funnelTable, type Funnel, type Stage } from "./funnel.js";
export { generateForTarget, TESTS_TASK_KIND, type KeptTest, type TargetOutcome } from "./generate-for-target.js";
export { coverageFigures, describeCoverage, measureCoverage, raisesCoverage, type CoverageFigures } from "./measure-coverage.js";
export { unifiedDiff, type FileChange } from "./patch.js";
export { candidateRequest, lineRanges, pickExampleTest, repairRequest, suggestTestPath, SYSTEM_PROMPT } from "./prompt.js";
export { FUNNEL_RULE, funnelFinding, targetSlug, testsProposal } from "./proposal.js";
export { normaliseTarget, rankTargets, underTarget, type FocusFunction, type RankTargetsInput, type TestTarget } from "./rank-targets.js";
export { testsSettings, TESTS_DEFAULTS, type TestsSettings } from "./settings.js";

/**
 * The test-generation module: for the least covered files (weighted by hotspot rank, or the
 * path a `/lodestar tests <path>` names), the model writes candidate tests in the repo's own
 * framework; each must parse, pass every rerun, raise the file's coverage and touch test files
 * only — all proven in the sandbox — before it is proposed, one review-only PR per file.
 */
export const testsModule: LodestarModule = {
  name: "tests",
  description: "Test generation: new tests for the least covered code, verified in a sandbox",
  executesRepoCode: true,
  run: runTestsModule,
};
