import { clip, errorMessage, startReport, unusableText } from "./accumulator.js";
import { coverageBaseDir, normaliseRoot, resolveReportPath } from "./report-paths.js";
import type { CoverageParseOptions, CoverageReport } from "./types.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{ start: { line } }` → line, when it is a positive integer. */
function startLine(loc: unknown): number | null {
  if (!isObject(loc) || !isObject(loc.start)) return null;
  const line = loc.start.line;
  return typeof line === "number" && Number.isSafeInteger(line) && line >= 1 ? line : null;
}

function hitCount(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : null;
}

/**
 * Parses Istanbul's `coverage-final.json` (nyc, Jest, c8, Vitest's istanbul and v8
 * providers): per file `statementMap`/`s`, `fnMap`/`f`, `branchMap`/`b`. Line hits are
 * derived from statements exactly as istanbul-lib-coverage's `getLineCoverage` does (the
 * highest count of the statements starting on a line), so the numbers match the lcov and
 * text reports the same run writes. Never throws.
 */
export function parseIstanbulJson(text: string, options: CoverageParseOptions): CoverageReport {
  const { problems, collector, report } = startReport("istanbul", options);
  const unusable = unusableText(text);
  if (unusable) {
    problems.add(unusable);
    return report();
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    problems.add(`not valid JSON (truncated?): ${clip(errorMessage(err), 120)}`);
    return report();
  }
  if (!isObject(data)) {
    problems.add("not an Istanbul coverage map: the JSON is not an object keyed by file");
    return report();
  }
  const root = normaliseRoot(options.root);
  const baseDir = options.baseDir ?? coverageBaseDir(options.source);
  for (const [key, value] of Object.entries(data)) {
    // Old istanbul and some merged maps wrap each file as { data: {...} }.
    const entry = isObject(value) && isObject(value.data) && !isObject(value.statementMap) ? value.data : value;
    if (!isObject(entry) || !isObject(entry.statementMap) || !isObject(entry.s)) {
      problems.add("entries without statementMap/s ignored (not an Istanbul coverage map?)", clip(key));
      continue;
    }
    const rawPath = typeof entry.path === "string" ? entry.path : key;
    const path = resolveReportPath(rawPath, root, baseDir);
    if (path === null) {
      problems.add("file outside the repository root dropped", clip(rawPath));
      continue;
    }
    const acc = collector.file(path);
    const statementMap = entry.statementMap;
    for (const [id, hits] of Object.entries(entry.s)) {
      const line = startLine(statementMap[id]);
      const n = hitCount(hits);
      if (line === null || n === null) {
        problems.add("statements without a location or count ignored", `${path} #${clip(id, 20)}`);
        continue;
      }
      acc.addLine(line, n);
    }
    if (isObject(entry.fnMap)) {
      const f = isObject(entry.f) ? entry.f : {};
      for (const [id, meta] of Object.entries(entry.fnMap)) {
        if (!isObject(meta)) continue;
        // Some instrumenters fill `loc` but not `decl` (istanbul's own lcov writer falls back the same way).
        const line = startLine(meta.decl) ?? startLine(meta.loc) ?? (typeof meta.line === "number" && meta.line >= 1 ? meta.line : null);
        if (line === null) {
          problems.add("functions without a location ignored", `${path} #${clip(id, 20)}`);
          continue;
        }
        const name = typeof meta.name === "string" && meta.name !== "" ? meta.name : `(anonymous_${id})`;
        acc.addFunction(name, line, hitCount(f[id]) ?? 0);
      }
    }
    if (isObject(entry.branchMap)) {
      acc.markBranchData();
      const b = isObject(entry.b) ? entry.b : {};
      for (const [id, counts] of Object.entries(b)) {
        const meta = entry.branchMap[id];
        const line = isObject(meta)
          ? (startLine(meta.loc) ?? (Array.isArray(meta.locations) ? startLine(meta.locations[0]) : null) ?? (typeof meta.line === "number" && meta.line >= 1 ? meta.line : null))
          : null;
        if (line === null || !Array.isArray(counts)) {
          problems.add("branches without a location or counts ignored", `${path} #${clip(id, 20)}`);
          continue;
        }
        for (const c of counts) acc.addBranch(line, (hitCount(c) ?? 0) > 0);
      }
    }
  }
  if (collector.size === 0 && Object.keys(data).length === 0) problems.add("empty coverage map");
  return report();
}
