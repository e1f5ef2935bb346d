/** Covered and total counts of one kind (lines, branches). */
export interface CoverageCount {
  covered: number;
  total: number;
}

/** One function as a coverage report names it, with how often it was entered. */
export interface FunctionCoverage {
  name: string;
  startLine: number;
  hits: number;
}

/** Coverage of one source file, the same shape whatever format it was read from. */
export interface FileCoverage {
  /** Repo-relative, `/` separators. */
  path: string;
  /** Instrumented lines: `total` of them, `covered` hit at least once. */
  lines: CoverageCount;
  /** Absent when the report carries no branch data for this file. */
  branches?: CoverageCount;
  functions: FunctionCoverage[];
  /** Line → hit count, only for instrumented lines. */
  lineHits: Record<number, number>;
  /**
   * Line → branches starting on that line, present with `branches`. Kept per line because
   * two reports of one file can only be merged line by line (Cobertura has no per-branch ids).
   */
  lineBranches?: Record<number, CoverageCount>;
}

export type CoverageFormat = "lcov" | "istanbul" | "cobertura";

/** A parsed report. Parsers never throw: anything wrong ends up in `problems`. */
export interface CoverageReport {
  format: CoverageFormat;
  /** Where the report came from (its repo-relative path, as the caller gave it). */
  source: string;
  files: FileCoverage[];
  problems: string[];
}

/** How report paths map onto the repository. */
export interface CoverageParseOptions {
  /** Absolute path of the repository on disk; absolute paths in the report are made relative to it. */
  root: string;
  /** The report's repo-relative path, copied to `CoverageReport.source`. */
  source: string;
  /**
   * Repo-relative directory that relative paths in the report are relative to (the directory
   * the test tool ran in). Defaults to the one implied by `source`: `packages/a/coverage/lcov.info`
   * → `packages/a` (see `coverageBaseDir`).
   */
  baseDir?: string;
  /**
   * Repo-relative paths of the repository's files. Only used by Cobertura, to pick which of
   * several `<source>` directories a `filename` belongs to (as ReportGenerator does).
   */
  files?: ReadonlySet<string>;
}
