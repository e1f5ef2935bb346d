export { runCycle } from "./run-cycle.js";
export { concludeCycle } from "./conclusion.js";
export { DecisionLog, STAGES, type DecisionRecord, type DecisionSink, type Stage } from "./decision-log.js";
export { changedLines, patchPaths, proposalRejection, unsafePathReason } from "./proposal-policy.js";
export type { Conclusion, CycleOptions, CycleReport, CycleResult, ModuleRun, Publisher } from "./types.js";
export { countingLlm, describeModelUsage, escalationRate, type CycleModelUsage, type KindUsage } from "./model-usage.js";
