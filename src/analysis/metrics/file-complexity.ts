import type { FileComplexity, FunctionMetric } from "./types.js";

/** A file's function count, total (sum) and maximum complexity; all 0 for a file without functions. */
export function fileComplexity(metrics: readonly FunctionMetric[]): FileComplexity {
  let total = 0;
  let max = 0;
  for (const metric of metrics) {
    total += metric.complexity;
    if (metric.complexity > max) max = metric.complexity;
  }
  return { functions: metrics.length, total, max };
}
