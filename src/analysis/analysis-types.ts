import type { Dependency, ManifestProblem } from "./dependencies/index.js";
import type { FunctionMetric, Hotspot } from "./metrics/index.js";
import type { FileCoverage, TestFramework } from "./testing/index.js";
import type { FileListing } from "./types.js";

/** Per-language totals, cloc's three kinds of line plus bytes. Names follow Linguist. */
export interface LanguageStats {
  files: number;
  code: number;
  comment: number;
  blank: number;
  bytes: number;
}

/** A file the analysis counted (skipped files are only counted, by reason). */
export interface AnalyzedFile {
  path: string;
  size: number;
  /** Linguist name, or null when no rule knows the file (it still counts as a file). */
  language: string | null;
  /** Git blob id when known. */
  blob?: string;
  /** Absent when only the listing was available (no content read). */
  lines?: { code: number; comment: number; blank: number };
}

/** A coverage report that was found and read. */
export interface CoverageSource {
  path: string;
  format: "lcov" | "istanbul" | "cobertura";
  files: number;
  problems: string[];
}

/** What the tests of the repository look like. */
export interface TestsInfo {
  frameworks: TestFramework[];
  /** Paths of test files among the analysed files. */
  files: string[];
  /** Coverage read from reports in the repository; null when none was found. */
  coverage: { sources: CoverageSource[]; files: Record<string, FileCoverage> } | null;
}

/**
 * What the analyze stage hands every module.
 * `depth` says how much could be known: "listing" when only paths were available (the
 * webhook server lists a commit through the tree API and reads nothing), "content" when
 * files were read (CLI and Action, which have a checkout).
 */
export interface Analysis {
  depth: "listing" | "content";
  source: FileListing["source"];
  /** Absolute path of the local work tree the files were read from (content depth only). */
  root?: string;
  files: AnalyzedFile[];
  skipped: Record<string, number>;
  truncated: boolean;
  /** By Linguist language name; files of unknown language are under "Other". */
  languages: Record<string, LanguageStats>;
  totalBytes: number;
  dependencies: Dependency[];
  dependencyProblems: ManifestProblem[];
  /** Function metrics by path, for the files whose metrics were computed (see `metricsScope`). */
  functions: Record<string, FunctionMetric[]>;
  /** Which files got function metrics: hotspot candidates (changed in git history) or all. */
  metricsScope: "hotspots" | "all" | "none";
  /** Files ranked by churn × complexity. Empty without git history. */
  hotspots: Hotspot[];
  /** Whether churn could be read from git (false for a plain folder or a repo with no commits). */
  churnAvailable: boolean;
  tests: TestsInfo;
  /** Problems that did not stop the analysis but a user should see (cache rebuilt, unreadable files…). */
  warnings: string[];
}
