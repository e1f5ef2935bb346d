/**
 * Which files to write tests for: the least covered first, weighted by how hot the file is
 * (churn × complexity rank from the analysis). Pure.
 */
import type { FunctionMetric, Hotspot } from "../../analysis/metrics/index.js";
import { isTestFile, type CoverageCount, type FileCoverage } from "../../analysis/testing/index.js";

/** A function of the target worth testing, with how many of its lines no test runs. */
export interface FocusFunction {
  name: string;
  startLine: number;
  endLine?: number;
  /** Lines of the function no test runs (instrumented lines only; unknown when the report has no line data). */
  uncoveredLines: number;
  /** True when no test enters the function at all. */
  neverCalled: boolean;
}

/** A file to write tests for. */
export interface TestTarget {
  path: string;
  /** Coverage before any new test; null when no report names the file (no test loads it). */
  coverage: FileCoverage | null;
  /** 1-based hotspot rank, or null when the file is not a hotspot. */
  hotspotRank: number | null;
  /** Uncovered share (0..1) × hotspot weight (1..2). Higher is worked on first. */
  score: number;
  /** Instrumented lines no test runs, ascending. */
  uncoveredLines: number[];
  /** The functions with the least coverage first. */
  focus: FocusFunction[];
}

export interface RankTargetsInput {
  /** Coverage by repo-relative path, from a run of the repo's coverage command. */
  coverage: ReadonlyMap<string, FileCoverage>;
  hotspots: readonly Hotspot[];
  /** Repo-relative paths of the repository's source files (code, not tests); nothing else is a target. */
  sourceFiles: readonly string[];
  /** Function metrics by path (the analysis'), to name the least covered functions. */
  functions?: Readonly<Record<string, readonly FunctionMetric[]>>;
  /** A repo-relative file or folder the job is narrowed to (`/lodestar tests src/parser`). */
  target?: string;
}

/** A target path as users write it: `./src/`, `src\\parser` → `src/parser`; "" for the whole repo. */
export function normaliseTarget(target: string | undefined): string {
  if (!target) return "";
  return target
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/** Whether `path` is the target itself or lies under it. */
export function underTarget(path: string, target: string): boolean {
  return target === "" || path === target || path.startsWith(`${target}/`);
}

const share = (c: CoverageCount | undefined): number => (c && c.total > 0 ? c.covered / c.total : 1);

/** Instrumented lines a test never ran. */
function uncovered(coverage: FileCoverage | null): number[] {
  if (!coverage) return [];
  return Object.entries(coverage.lineHits)
    .filter(([, hits]) => hits === 0)
    .map(([line]) => Number(line))
    .sort((a, b) => a - b);
}

function focusOf(coverage: FileCoverage | null, metrics: readonly FunctionMetric[] | undefined, missing: readonly number[]): FocusFunction[] {
  const gaps = new Set(missing);
  const out = new Map<string, FocusFunction>();
  for (const m of metrics ?? []) {
    let count = 0;
    for (let line = m.startLine; line <= m.endLine; line++) if (gaps.has(line)) count++;
    const entered = coverage?.functions.find((f) => f.startLine === m.startLine);
    const neverCalled = coverage ? (entered ? entered.hits === 0 : count > 0 && count >= countInstrumented(coverage, m)) : true;
    if (count > 0 || neverCalled) out.set(`${m.name}:${m.startLine}`, { name: m.name, startLine: m.startLine, endLine: m.endLine, uncoveredLines: count, neverCalled });
  }
  // Functions the report names but the metrics do not (a language without metrics, or none computed).
  for (const f of coverage?.functions ?? []) {
    if (f.hits > 0 || [...out.values()].some((o) => o.startLine === f.startLine)) continue;
    out.set(`${f.name}:${f.startLine}`, { name: f.name, startLine: f.startLine, uncoveredLines: 0, neverCalled: true });
  }
  return [...out.values()].sort((a, b) => Number(b.neverCalled) - Number(a.neverCalled) || b.uncoveredLines - a.uncoveredLines || a.startLine - b.startLine);
}

function countInstrumented(coverage: FileCoverage, m: FunctionMetric): number {
  let n = 0;
  for (const line of Object.keys(coverage.lineHits)) {
    const l = Number(line);
    if (l >= m.startLine && l <= m.endLine) n++;
  }
  return n;
}

/**
 * Files worth new tests, best first. A file qualifies when it is one of `sourceFiles` (never a
 * test file), lies under the target, and is not fully covered; a source file no report names is
 * taken as wholly uncovered when it is a hotspot or the job named it (a file no test loads is
 * the least covered of all, but not every unreported file is code a test runner could load).
 * Score: uncovered share of lines (branches when there are no lines) × (1 + (H − rank + 1) / H)
 * for a hotspot among H, else × 1; ties go to more uncovered lines, then to the path.
 */
export function rankTargets(input: RankTargetsInput): TestTarget[] {
  const target = normaliseTarget(input.target);
  const sources = new Set(input.sourceFiles);
  const hotspotRank = new Map(input.hotspots.map((h) => [h.path, h.rank]));
  const hotCount = input.hotspots.length;
  const weight = (rank: number | null) => (rank === null || hotCount === 0 ? 1 : 1 + (hotCount - Math.min(rank, hotCount) + 1) / hotCount);

  const paths = new Set<string>();
  for (const [path, c] of input.coverage) {
    if (c.lines.total === 0 && !(c.branches && c.branches.total > 0)) continue;
    paths.add(path);
  }
  for (const h of input.hotspots) if (sources.has(h.path)) paths.add(h.path);
  // A named target reaches files no test loads yet.
  if (target !== "") for (const p of sources) if (underTarget(p, target)) paths.add(p);

  const out: TestTarget[] = [];
  for (const path of paths) {
    if (!underTarget(path, target) || isTestFile(path)) continue;
    // Only the repository's own source: a report may name generated or vendored files too.
    if (!sources.has(path)) continue;
    const coverage = input.coverage.get(path) ?? null;
    let missingShare: number;
    if (coverage === null) missingShare = 1;
    else if (coverage.lines.total > 0) missingShare = 1 - share(coverage.lines);
    else missingShare = 1 - share(coverage.branches);
    const branchGap = coverage?.branches ? coverage.branches.covered < coverage.branches.total : false;
    if (missingShare === 0 && !branchGap) continue;
    const rank = hotspotRank.get(path) ?? null;
    const gaps = uncovered(coverage);
    out.push({
      path,
      coverage,
      hotspotRank: rank,
      // A branch-only gap still ranks, just after every file with uncovered lines.
      score: Math.round((missingShare > 0 ? missingShare : 0.001) * weight(rank) * 1e6) / 1e6,
      uncoveredLines: gaps,
      focus: focusOf(coverage, input.functions?.[path], gaps),
    });
  }
  return out.sort((a, b) => b.score - a.score || b.uncoveredLines.length - a.uncoveredLines.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
