/**
 * The default metric of the refactor engine: cyclomatic complexity and length of the target,
 * measured with the same code the analysis ranks hotspots with (`functionMetrics`,
 * `countLines`), so a proposal's "before" matches what the hotspot list showed. Lower is better.
 */
import { countLines } from "../../analysis/count-lines.js";
import { functionMetrics, type FunctionMetric } from "../../analysis/metrics/index.js";
import { linesOf, regionText, type LineRange } from "./source-edit.js";

/** How many code lines weigh as much as one decision point in the score. */
export const LINES_PER_POINT = 10;

/** The metric of one region of a file. */
export interface Measure {
  /** Sum of the cyclomatic complexities of the functions inside the region (a helper split off counts too). */
  complexity: number;
  /** The most complex function's complexity. */
  maxComplexity: number;
  functions: number;
  /** Code lines: blank and comment-only lines do not count, so deleting comments wins nothing. */
  lines: number;
  /** `complexity + lines / LINES_PER_POINT`, two decimals. */
  score: number;
}

/** Functions that lie wholly inside the range. */
export function functionsIn(metrics: readonly FunctionMetric[], range: LineRange): FunctionMetric[] {
  return metrics.filter((m) => m.startLine >= range.startLine && m.endLine <= range.endLine);
}

/** The metric from already computed function metrics. */
export function measureWith(language: string, text: string, range: LineRange, metrics: readonly FunctionMetric[]): Measure {
  const inside = functionsIn(metrics, range);
  const complexity = inside.reduce((sum, m) => sum + m.complexity, 0);
  const maxComplexity = inside.reduce((max, m) => Math.max(max, m.complexity), 0);
  const lines = countLines(language, regionText(text, range)).code;
  return { complexity, maxComplexity, functions: inside.length, lines, score: Math.round((complexity + lines / LINES_PER_POINT) * 100) / 100 };
}

/** Measures the range of a file (parsing it once). */
export async function measureRegion(language: string, text: string, range: LineRange): Promise<Measure> {
  const metrics = (await functionMetrics(language, text)) ?? [];
  return measureWith(language, text, clampRange(text, range), metrics);
}

function clampRange(text: string, range: LineRange): LineRange {
  const last = Math.max(1, linesOf(text).length);
  return { startLine: Math.min(range.startLine, last), endLine: Math.min(Math.max(range.endLine, range.startLine), last) };
}

/**
 * Whether `candidate` is better than `current`: a lower score and no more complexity. A variant
 * may not buy brevity with extra branches, so complexity must not rise even when lines fall.
 */
export function improves(candidate: Measure, current: Measure): boolean {
  return candidate.complexity <= current.complexity && candidate.score < current.score;
}

/** Orders measures best first: score, then complexity, then lines. */
export function compareMeasures(a: Measure, b: Measure): number {
  return a.score - b.score || a.complexity - b.complexity || a.lines - b.lines;
}

/** "complexity 12, 28 lines (score 14.8)". */
export function describeMeasure(m: Measure): string {
  return `complexity ${m.complexity}, ${m.lines} code line${m.lines === 1 ? "" : "s"} (score ${m.score})`;
}
