/**
 * Coverage of the workspace as it is now: the repo's coverage command run in the sandbox, its
 * report read back and parsed with the analysis' own parsers.
 */
import { coverageBaseDir, parseCoverageReport, type CoverageCount, type FileCoverage } from "../../analysis/testing/index.js";
import type { RepoCommands, SandboxResult, Workspace } from "../../sandbox/index.js";

export type CoverageRun =
  | { ok: true; files: Map<string, FileCoverage>; result: SandboxResult; argv: string[] }
  | { ok: false; reason: string; result?: SandboxResult; argv: string[] };

/**
 * Runs the coverage command and reads its report. The report is emptied first, so a run that
 * fails before writing one cannot be read as a stale success. Relative paths in a report are
 * resolved against the report's conventional base folder and, failing that, the workspace
 * root (where the command ran); the reading that names more of `knownFiles` wins.
 */
export async function measureCoverage(ws: Workspace, coverage: NonNullable<RepoCommands["coverage"]>, knownFiles: ReadonlySet<string>): Promise<CoverageRun> {
  const argv = coverage.argv;
  await ws.writeFile(coverage.report, "");
  const result = await ws.run({ argv });
  if (result.timedOut || result.exitCode !== 0) {
    const why = result.timedOut ? "timed out" : result.killed ? `was stopped (${result.killed})` : `exited with ${result.exitCode ?? result.signal}`;
    return { ok: false, reason: `the coverage command ${why}`, result, argv };
  }
  const text = await ws.readFile(coverage.report);
  if (text === null || text.trim() === "") return { ok: false, reason: `the coverage command wrote no report at ${coverage.report}`, result, argv };
  const bases = [...new Set([coverageBaseDir(coverage.report), ""])];
  let best: Map<string, FileCoverage> | null = null;
  let bestKnown = -1;
  let problems: string[] = [];
  for (const baseDir of bases) {
    const report = parseCoverageReport(coverage.format, text, { root: ws.dir, source: coverage.report, baseDir, files: knownFiles });
    const files = new Map(report.files.map((f) => [f.path, f]));
    const known = [...files.keys()].filter((p) => knownFiles.has(p)).length;
    if (known > bestKnown) {
      best = files;
      bestKnown = known;
      problems = report.problems;
    }
  }
  if (!best || best.size === 0) return { ok: false, reason: `the coverage report names no file${problems.length ? ` (${problems.slice(0, 2).join("; ")})` : ""}`, result, argv };
  return { ok: true, files: best, result, argv };
}

const pct = (c: CoverageCount | undefined): number | null => (c && c.total > 0 ? c.covered / c.total : null);

/** Coverage of a file as percentages, for bodies and evidence (null: not measured). */
export interface CoverageFigures {
  lines: { covered: number; total: number; pct: number } | null;
  branches: { covered: number; total: number; pct: number } | null;
}

export function coverageFigures(c: FileCoverage | null | undefined): CoverageFigures {
  const fig = (count: CoverageCount | undefined) => {
    const p = pct(count);
    return count && p !== null ? { covered: count.covered, total: count.total, pct: Math.round(p * 1000) / 10 } : null;
  };
  return { lines: fig(c?.lines), branches: fig(c?.branches) };
}

/**
 * Whether `after` raises the line or branch coverage of a file over `before`: a higher share
 * of lines or of branches, or any coverage at all of a file no test loaded before.
 */
export function raisesCoverage(before: FileCoverage | null | undefined, after: FileCoverage | null | undefined): boolean {
  if (!after) return false;
  if (!before) return after.lines.covered > 0 || (after.branches?.covered ?? 0) > 0;
  const up = (b: CoverageCount | undefined, a: CoverageCount | undefined) => {
    const pb = pct(b) ?? 0;
    const pa = pct(a);
    return pa !== null && pa > pb + 1e-9;
  };
  return up(before.lines, after.lines) || up(before.branches, after.branches);
}

/** "lines 38.5 % (5/13), branches 100 % (2/2)" or "not loaded by any test". */
export function describeCoverage(c: FileCoverage | null | undefined): string {
  if (!c) return "not loaded by any test";
  const f = coverageFigures(c);
  const parts: string[] = [];
  if (f.lines) parts.push(`lines ${f.lines.pct} % (${f.lines.covered}/${f.lines.total})`);
  if (f.branches) parts.push(`branches ${f.branches.pct} % (${f.branches.covered}/${f.branches.total})`);
  return parts.join(", ") || "no lines instrumented";
}
