/**
 * What the refactor engine works on: files from the analysis (top hotspots, complexity ×
 * churn, or the files under a `/lodestar refactor <path>`), then in each file the most
 * complex function (or the whole file when the metrics find no function). Pure.
 */
import type { Analysis } from "../../analysis/index.js";
import { METRICS_LANGUAGES, type FunctionMetric, type Hotspot } from "../../analysis/metrics/index.js";
import { isTestFile } from "../../analysis/testing/index.js";
import { unsafePathReason } from "../../cycle/proposal-policy.js";
import { wholeFile, type LineRange } from "./source-edit.js";

/** A file chosen for refactoring, and why. */
export interface TargetFile {
  path: string;
  language: string;
  /** Why this file, in words ("hotspot #1: 7 commits × complexity 19"). */
  reason: string;
  hotspot?: Hotspot;
}

/** The part of a target file the search rewrites. */
export interface TargetRegion {
  /** The function, or null when the whole file is the target. */
  function: Pick<FunctionMetric, "name" | "kind" | "complexity" | "lines"> | null;
  range: LineRange;
}

/** A function this simple has nothing to simplify. */
export const MIN_TARGET_COMPLEXITY = 3;

/** `src/x/` → `src/x`; `./a` → `a`; `.` or empty → "" (the whole repository). */
export function normaliseTargetPath(target: string | undefined): string {
  if (!target) return "";
  const parts = target.replace(/\\/g, "/").split("/").filter((p) => p !== "" && p !== ".");
  return parts.join("/");
}

function isUnder(file: string, target: string): boolean {
  return target === "" || file === target || file.startsWith(`${target}/`);
}

/**
 * Files to refactor, best first, at most `max`. Without a target: the hotspots in rank
 * order. With one: the files under it — hotspots first, then by the complexity the analysis
 * measured, then by path — so a file with no churn can still be asked for by name. Test
 * files, languages without metrics, paths a proposal may never touch and `exclude`d paths
 * (the `never-send` globs) are left out.
 */
export function pickTargetFiles(analysis: Analysis, options: { target?: string; max: number; exclude?: (path: string) => boolean }): TargetFile[] {
  const target = normaliseTargetPath(options.target);
  const languages = new Map(analysis.files.map((f) => [f.path, f.language]));
  const tests = new Set(analysis.tests.files);
  const eligible = (path: string): string | null => {
    const language = languages.get(path);
    if (!language || !METRICS_LANGUAGES.includes(language)) return null;
    if (tests.has(path) || isTestFile(path) || unsafePathReason(path) !== null || options.exclude?.(path)) return null;
    return isUnder(path, target) ? language : null;
  };
  const picked: TargetFile[] = [];
  const seen = new Set<string>();
  for (const hotspot of analysis.hotspots) {
    const language = eligible(hotspot.path);
    if (!language || seen.has(hotspot.path)) continue;
    seen.add(hotspot.path);
    picked.push({ path: hotspot.path, language, hotspot, reason: `hotspot #${hotspot.rank}: ${hotspot.churn} commit${hotspot.churn === 1 ? "" : "s"} × complexity ${hotspot.complexity}` });
  }
  if (target !== "") {
    const rest = analysis.files
      .filter((f) => !seen.has(f.path) && eligible(f.path))
      .map((f) => ({ file: f, complexity: (analysis.functions[f.path] ?? []).reduce((sum, m) => sum + m.complexity, 0) }))
      .sort((a, b) => b.complexity - a.complexity || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    for (const { file } of rest) picked.push({ path: file.path, language: file.language!, reason: `asked for: under ${target}` });
  }
  return picked.slice(0, Math.max(0, options.max));
}

/**
 * The region to rewrite in a file: its most complex function (ties: the longer, then the
 * first) among those small enough that replacing them fits `maxChangedLines`; the whole file
 * when the metrics find no function at all; null, with the reason, when there is nothing
 * worth simplifying.
 */
export function chooseRegion(text: string, metrics: readonly FunctionMetric[] | null, maxChangedLines: number): TargetRegion | { skip: string } {
  if (!metrics || metrics.length === 0) {
    const range = wholeFile(text);
    if (range.endLine > maxChangedLines) return { skip: `the file has no function to work on and is longer than the ${maxChangedLines} changed lines a proposal may have` };
    return { function: null, range };
  }
  const candidates = metrics
    .filter((m) => m.complexity >= MIN_TARGET_COMPLEXITY)
    .sort((a, b) => b.complexity - a.complexity || b.lines - a.lines || a.startLine - b.startLine);
  if (candidates.length === 0) return { skip: `no function has a complexity of ${MIN_TARGET_COMPLEXITY} or more` };
  // Rewriting a function removes its lines: one longer than the cap can never make a proposal.
  const fits = candidates.find((m) => m.lines <= maxChangedLines);
  if (!fits) return { skip: `its complex functions are longer than the ${maxChangedLines} changed lines a proposal may have` };
  return {
    function: { name: fits.name, kind: fits.kind, complexity: fits.complexity, lines: fits.lines },
    range: { startLine: fits.startLine, endLine: fits.endLine },
  };
}
