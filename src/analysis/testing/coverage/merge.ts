import { FileAccumulator } from "./accumulator.js";
import type { CoverageReport, FileCoverage } from "./types.js";

/**
 * Coverage by repo path across reports. A file in two reports (an lcov and a JSON of the
 * same run, or unit and integration runs) keeps, per line, the highest hit count; per line
 * of branches the highest covered and total counts; per function the highest hits. Lines,
 * branches and totals are recomputed from the merged lines. Inputs are not modified.
 */
export function mergeCoverage(reports: readonly CoverageReport[]): Map<string, FileCoverage> {
  const files = new Map<string, FileAccumulator>();
  for (const report of reports) {
    for (const file of report?.files ?? []) {
      let acc = files.get(file.path);
      if (!acc) {
        acc = new FileAccumulator(file.path);
        files.set(file.path, acc);
      }
      acc.addFile(file);
    }
  }
  const out = new Map<string, FileCoverage>();
  for (const [path, acc] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.set(path, acc.toFileCoverage());
  return out;
}
