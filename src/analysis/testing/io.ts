import { readFileSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { errorMessage } from "./coverage/accumulator.js";
import { parseCoverageReport } from "./coverage/index.js";
import { COVERAGE_CANDIDATE_PATHS, findCoverageReports, type FoundCoverageReport } from "./coverage/locations.js";
import type { CoverageParseOptions, CoverageReport } from "./coverage/types.js";

/** Framework evidence lives in small files; anything bigger is not a config. */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/** Largest coverage report read (a big monorepo's lcov is tens of MB). */
export const REPORT_MAX_BYTES = 256 * 1024 * 1024;

function inside(root: string, rel: string): string | null {
  const abs = path.resolve(root, rel);
  const r = path.resolve(root);
  return abs === r || abs.startsWith(r + path.sep) ? abs : null;
}

/**
 * A `readText` for `detectTestFrameworks` over a work tree: UTF-8 text of files up to
 * `maxBytes`, undefined for anything missing, unreadable, too big or outside `root`.
 */
export function repoTextReader(root: string, maxBytes = CONFIG_MAX_BYTES): (rel: string) => string | undefined {
  return (rel) => {
    const abs = inside(root, rel);
    if (!abs) return undefined;
    try {
      const info = statSync(abs);
      if (!info.isFile() || info.size > maxBytes) return undefined;
      return readFileSync(abs, "utf8");
    } catch {
      return undefined;
    }
  };
}

/**
 * The coverage reports of a work tree: those among `paths` (its listing) plus the fixed
 * candidate places that exist on disk, which a `git ls-files` listing misses because
 * reports are git-ignored.
 */
export async function findCoverageReportsOnDisk(root: string, paths: Iterable<string> = []): Promise<FoundCoverageReport[]> {
  const all = new Set(paths);
  await Promise.all(
    COVERAGE_CANDIDATE_PATHS.map(async (c) => {
      if (all.has(c.path)) return;
      const info = await stat(path.join(root, c.path)).catch(() => null);
      if (info?.isFile()) all.add(c.path);
    }),
  );
  return findCoverageReports(all);
}

/**
 * Reads and parses one found report. Never throws: a report that can't be read, or is over
 * `maxBytes`, comes back with no files and the reason in `problems`.
 */
export async function readCoverageReport(
  root: string,
  report: FoundCoverageReport,
  options: { files?: ReadonlySet<string>; maxBytes?: number } = {},
): Promise<CoverageReport> {
  const maxBytes = options.maxBytes ?? REPORT_MAX_BYTES;
  const empty = (problem: string): CoverageReport => ({ format: report.format, source: report.path, files: [], problems: [problem] });
  const abs = inside(root, report.path);
  if (!abs) return empty("report path lies outside the repository");
  try {
    const info = await stat(abs);
    if (!info.isFile()) return empty("not a file");
    if (info.size > maxBytes) return empty(`not read: ${info.size} bytes is over the ${maxBytes}-byte cap`);
    const text = await readFile(abs, "utf8");
    const parseOptions: CoverageParseOptions = { root, source: report.path, baseDir: report.baseDir };
    if (options.files) parseOptions.files = options.files;
    return parseCoverageReport(report.format, text, parseOptions);
  } catch (err) {
    return empty(`not read: ${errorMessage(err)}`);
  }
}
