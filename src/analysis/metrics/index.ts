export { collectChurn, type ChurnOptions } from "./collect-churn.js";
export { fileComplexity } from "./file-complexity.js";
export { functionMetrics, METRICS_LANGUAGES, type FunctionMetricsOptions } from "./function-metrics.js";
export { rankHotspots, type HotspotCandidate, type RankHotspotsOptions } from "./rank-hotspots.js";
export type { FileChurn, FileComplexity, FunctionKind, FunctionMetric, Hotspot } from "./types.js";
