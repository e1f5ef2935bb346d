import { coverageBaseDir } from "./report-paths.js";
import type { CoverageFormat } from "./types.js";

/** A coverage report found among a repository's paths. */
export interface FoundCoverageReport {
  path: string;
  format: CoverageFormat;
  /** Directory the report's relative paths are relative to (see `coverageBaseDir`). */
  baseDir: string;
}

/**
 * Where test tools write reports by default, relative to the directory they ran in. Reports
 * are usually git-ignored, so a listing from `git ls-files` misses them: callers check these
 * paths on disk as well.
 */
export const COVERAGE_CANDIDATE_PATHS: readonly { path: string; format: CoverageFormat }[] = [
  { path: "coverage/lcov.info", format: "lcov" }, // Jest, nyc, c8, Vitest, Karma, Flutter
  { path: "lcov.info", format: "lcov" }, // node --test reporter, cargo llvm-cov, grcov
  { path: "coverage.lcov", format: "lcov" }, // Deno, Bun
  { path: "coverage/coverage-final.json", format: "istanbul" }, // Jest, nyc, c8, Vitest
  { path: "coverage.xml", format: "cobertura" }, // coverage.py, pytest-cov
  { path: "cobertura.xml", format: "cobertura" }, // cargo tarpaulin
  { path: "coverage.cobertura.xml", format: "cobertura" }, // coverlet
  { path: "coverage/cobertura-coverage.xml", format: "cobertura" }, // istanbul's cobertura reporter
  { path: "coverage/coverage.cobertura.xml", format: "cobertura" }, // coverlet with --results-directory coverage
  { path: "target/site/cobertura/coverage.xml", format: "cobertura" }, // cobertura-maven-plugin
  { path: "build/reports/cobertura/coverage.xml", format: "cobertura" }, // gradle-cobertura-plugin
];

/** Folders whose reports are someone else's (dependencies) or test data, not this repository's coverage. */
const SKIPPED_DIRS = new Set(["node_modules", "bower_components", "vendor", ".venv", "venv", "site-packages", ".git", "fixtures", "__fixtures__", "testdata"]);

function formatOf(name: string): CoverageFormat | null {
  if (name === "lcov.info" || name.endsWith(".lcov")) return "lcov";
  if (name === "coverage-final.json") return "istanbul";
  if (name === "coverage.xml" || name === "cobertura.xml" || name === "cobertura-coverage.xml" || name.endsWith(".cobertura.xml")) return "cobertura";
  return null;
}

/**
 * The coverage reports among repo-relative paths, recognised by the names tools give them
 * (`**\/lcov.info`, `**\/coverage-final.json`, `**\/coverage.xml`, `**\/*.cobertura.xml`, …),
 * skipping dependency folders and test fixtures. Sorted by path. Pure; one pass.
 */
export function findCoverageReports(paths: Iterable<string>): FoundCoverageReport[] {
  const out: FoundCoverageReport[] = [];
  for (const raw of paths) {
    if (typeof raw !== "string") continue;
    const p = raw.replace(/\\/g, "/");
    const slash = p.lastIndexOf("/");
    const format = formatOf(p.slice(slash + 1));
    if (!format) continue;
    if (slash > 0 && p.slice(0, slash).split("/").some((seg) => SKIPPED_DIRS.has(seg))) continue;
    out.push({ path: p, format, baseDir: coverageBaseDir(p) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
