/**
 * Tests of a repository: which files are tests, which frameworks run them, and what the
 * coverage reports found in it say. Everything here is pure except `io.ts`, the disk edge.
 */
export { isTestFile } from "./test-files.js";
export { detectTestFrameworks, type DetectTestFrameworksInput, type TestFramework } from "./frameworks/index.js";
export {
  COVERAGE_CANDIDATE_PATHS,
  coverageBaseDir,
  findCoverageReports,
  mergeCoverage,
  parseCobertura,
  parseCoverageReport,
  parseIstanbulJson,
  parseLcov,
  resolveReportPath,
  type CoverageCount,
  type CoverageFormat,
  type CoverageParseOptions,
  type CoverageReport,
  type FileCoverage,
  type FoundCoverageReport,
  type FunctionCoverage,
} from "./coverage/index.js";
export { CONFIG_MAX_BYTES, findCoverageReportsOnDisk, readCoverageReport, REPORT_MAX_BYTES, repoTextReader } from "./io.js";
