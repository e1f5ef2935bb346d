import type { Analysis } from "./analysis-types.js";

/** How many of the most complex functions `lodestar analyze --json` lists. */
const TOP_FUNCTIONS = 100;

/**
 * The analysis as `lodestar analyze --json` prints it (DESIGN §3): `files` is a count,
 * `languages` holds cloc's three line kinds per Linguist language, then dependencies and
 * hotspots, and the rest of what was measured. Per-file detail stays out of it except the
 * most complex functions; coverage is summarised per file.
 */
export function toAnalysisReport(analysis: Analysis) {
  const languages = Object.fromEntries(
    Object.entries(analysis.languages)
      .sort(([a, x], [b, y]) => y.code - x.code || y.files - x.files || (a < b ? -1 : 1))
      .map(([name, s]) => [name, { files: s.files, code: s.code, comment: s.comment, blank: s.blank, bytes: s.bytes }]),
  );
  const functions = Object.entries(analysis.functions).flatMap(([path, list]) => list.map((f) => ({ path, ...f })));
  const complexFunctions = functions
    .sort((a, b) => b.complexity - a.complexity || b.lines - a.lines || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine))
    .slice(0, TOP_FUNCTIONS);
  const coverage = analysis.tests.coverage;
  return {
    files: analysis.files.length,
    source: analysis.source,
    truncated: analysis.truncated,
    skipped: analysis.skipped,
    totalBytes: analysis.totalBytes,
    languages,
    dependencies: analysis.dependencies,
    dependencyProblems: analysis.dependencyProblems,
    hotspots: analysis.hotspots,
    churnAvailable: analysis.churnAvailable,
    metrics: {
      scope: analysis.metricsScope,
      files: Object.keys(analysis.functions).length,
      functions: functions.length,
      mostComplex: complexFunctions,
    },
    tests: {
      frameworks: analysis.tests.frameworks,
      testFiles: analysis.tests.files.length,
      coverage: coverage
        ? {
            sources: coverage.sources,
            files: Object.fromEntries(
              Object.entries(coverage.files).map(([path, c]) => [
                path,
                { lines: c.lines, ...(c.branches ? { branches: c.branches } : {}), functions: c.functions.length },
              ]),
            ),
          }
        : null,
    },
    warnings: analysis.warnings,
  };
}

/** The report as lines a person reads in a terminal. */
export function formatAnalysisText(analysis: Analysis): string {
  const out: string[] = [];
  const skipped = Object.entries(analysis.skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`);
  out.push(`${analysis.files.length} files analysed (${analysis.source})${skipped.length ? `; skipped: ${skipped.join(", ")}` : ""}`);
  if (analysis.truncated) out.push("The listing was truncated: the figures cover part of the repository.");
  out.push("", `${"language".padEnd(24)}${"files".padStart(8)}${"blank".padStart(10)}${"comment".padStart(10)}${"code".padStart(10)}`);
  const rows = Object.entries(analysis.languages).sort(([, x], [, y]) => y.code - x.code || y.files - x.files);
  for (const [name, s] of rows) {
    out.push(`${name.slice(0, 23).padEnd(24)}${String(s.files).padStart(8)}${String(s.blank).padStart(10)}${String(s.comment).padStart(10)}${String(s.code).padStart(10)}`);
  }
  const direct = analysis.dependencies.filter((d) => d.direct).length;
  out.push("", `dependencies: ${analysis.dependencies.length} (${direct} direct)`);
  for (const p of analysis.dependencyProblems.slice(0, 10)) out.push(`  problem: ${p.message}`);
  if (analysis.hotspots.length) {
    out.push("", "hotspots (churn × complexity):");
    for (const h of analysis.hotspots.slice(0, 10)) out.push(`  ${String(h.rank).padStart(3)}. ${h.path}  churn ${h.churn}, complexity ${h.complexity}, score ${h.score}`);
  } else {
    out.push("", analysis.churnAvailable ? "hotspots: none" : "hotspots: none (no git history to measure churn)");
  }
  const fw = analysis.tests.frameworks.map((f) => f.name);
  out.push("", `tests: ${analysis.tests.files.length} test files${fw.length ? `; frameworks: ${[...new Set(fw)].join(", ")}` : ""}`);
  if (analysis.tests.coverage) out.push(`coverage: ${analysis.tests.coverage.sources.map((s) => `${s.path} (${s.files} files)`).join(", ")}`);
  for (const w of analysis.warnings) out.push(`warning: ${w}`);
  return `${out.join("\n")}\n`;
}
