import { parseCobertura } from "./cobertura.js";
import { parseIstanbulJson } from "./istanbul.js";
import { parseLcov } from "./lcov.js";
import type { CoverageFormat, CoverageParseOptions, CoverageReport } from "./types.js";

export { parseCobertura } from "./cobertura.js";
export { parseIstanbulJson } from "./istanbul.js";
export { parseLcov } from "./lcov.js";
export { COVERAGE_CANDIDATE_PATHS, findCoverageReports, type FoundCoverageReport } from "./locations.js";
export { mergeCoverage } from "./merge.js";
export { coverageBaseDir, resolveReportPath } from "./report-paths.js";
export type { CoverageCount, CoverageFormat, CoverageParseOptions, CoverageReport, FileCoverage, FunctionCoverage } from "./types.js";

/** Parses a report of a known format with the matching parser. Never throws. */
export function parseCoverageReport(format: CoverageFormat, text: string, options: CoverageParseOptions): CoverageReport {
  switch (format) {
    case "lcov":
      return parseLcov(text, options);
    case "istanbul":
      return parseIstanbulJson(text, options);
    case "cobertura":
      return parseCobertura(text, options);
    default:
      return { format, source: options.source, files: [], problems: [`unknown coverage format ${String(format)}`] };
  }
}
