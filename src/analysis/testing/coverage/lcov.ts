import { clip, count, FileAccumulator, lineNumber, startReport } from "./accumulator.js";
import { coverageBaseDir, normaliseRoot, resolveReportPath } from "./report-paths.js";
import type { CoverageParseOptions, CoverageReport } from "./types.js";

/** One `SF:` … `end_of_record` block while it is read. */
interface LcovRecord {
  rawPath: string;
  startedAt: number;
  acc: FileAccumulator;
  /** FN: name → first line. */
  fnLines: Map<string, number>;
  /** FNDA: name → hits. */
  fnHits: Map<string, number>;
  /** lcov 2.2 FNL: index → first line. */
  fnlLines: Map<string, number>;
  /** lcov 2.2 FNA: index, hits, alias name. */
  fnAliases: { index: string; hits: number; name: string }[];
  lf: number | null;
}

/**
 * Parses an lcov tracefile (c8, nyc, Jest, node --test, geninfo 1.x/2.x, llvm-cov, grcov):
 * `SF`, `FN`/`FNDA` (and lcov 2.2's `FNL`/`FNA`), `DA`, `BRDA`, `LF`/`LH`, `BRF`/`BRH`,
 * `end_of_record`. Absolute `SF` paths are made relative to `root`; files outside it are
 * dropped. A record cut off by the end of the text is dropped too (its totals would be
 * wrong). Never throws; anything odd is in `problems`. One pass over the text.
 */
export function parseLcov(text: string, options: CoverageParseOptions): CoverageReport {
  const { problems, collector, report } = startReport("lcov", options);
  if (typeof text !== "string") {
    problems.add("report is not text");
    return report();
  }
  const root = normaliseRoot(options.root);
  const baseDir = options.baseDir ?? coverageBaseDir(options.source);
  let records = 0;
  let rec: LcovRecord | null = null;

  const finish = (r: LcovRecord): void => {
    records++;
    const path = resolveReportPath(r.rawPath, root, baseDir);
    if (path === null) {
      problems.add(r.rawPath.trim() === "" ? "record with an empty SF path dropped" : "file outside the repository root dropped", clip(r.rawPath));
      return;
    }
    for (const [name, line] of r.fnLines) r.acc.addFunction(name, line, r.fnHits.get(name) ?? 0);
    for (const name of r.fnHits.keys()) if (!r.fnLines.has(name)) problems.add("FNDA for a function with no FN line ignored", `${clip(name, 40)} in ${path}`);
    for (const a of r.fnAliases) {
      const line = r.fnlLines.get(a.index);
      if (line === undefined) problems.add("FNA for an unknown FNL index ignored", `${a.index} in ${path}`);
      else r.acc.addFunction(a.name, line, a.hits);
    }
    if (r.lf !== null && r.lf !== r.acc.lineHits.size) problems.add("LF disagrees with the DA lines", `${path}: LF ${r.lf}, ${r.acc.lineHits.size} DA lines`);
    r.acc.path = path;
    collector.add(r.acc);
  };

  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  for (let pos = start; pos <= text.length; ) {
    let end = text.indexOf("\n", pos);
    if (end === -1) end = text.length;
    lineNo++;
    // DA lines are nearly all of a tracefile: read them in place, without slicing strings.
    if (rec && text.startsWith("DA:", pos) && readDaInPlace(text, pos + 3, end, rec.acc)) {
      pos = end + 1;
      continue;
    }
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    line = line.trim();
    if (line === "") continue;
    const colon = line.indexOf(":");
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1);

    if (key === "SF") {
      if (rec) {
        problems.add("record without end_of_record before the next SF", `line ${lineNo}`);
        finish(rec);
      }
      rec = { rawPath: value, startedAt: lineNo, acc: new FileAccumulator(value), fnLines: new Map(), fnHits: new Map(), fnlLines: new Map(), fnAliases: [], lf: null };
      continue;
    }
    if (key === "end_of_record") {
      if (rec) finish(rec);
      else problems.add("end_of_record without SF", `line ${lineNo}`);
      rec = null;
      continue;
    }
    if (key === "TN" || key === "VER") continue;
    if (!KNOWN_KEYS.has(key)) {
      problems.add("unrecognised lines ignored", `line ${lineNo}: ${clip(line, 60)}`);
      continue;
    }
    if (!rec) {
      problems.add("data outside an SF record ignored", `line ${lineNo}`);
      continue;
    }
    if (!readRecordLine(rec, key, value)) problems.add("malformed lines ignored", `line ${lineNo}: ${clip(line, 60)}`);
  }
  if (rec) problems.add("report ends inside a record (truncated?); that record was dropped", `${clip(rec.rawPath)} from line ${rec.startedAt}`);
  if (records === 0 && !rec) problems.add(text.trim() === "" ? "empty report" : "no lcov records (SF … end_of_record) found: not an lcov file?");
  return report();
}

/**
 * Reads `DA:<line>,<hits>[,<checksum>]` between `from` and `end` (a line break, perhaps after
 * a CR) straight from the text. False when the line has any other shape; the general path
 * then reads or reports it.
 */
function readDaInPlace(text: string, from: number, end: number, acc: FileAccumulator): boolean {
  let i = from;
  let line = 0;
  while (i < end && i - from < 9) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    line = line * 10 + (c - 48);
    i++;
  }
  if (i === from || line === 0 || text.charCodeAt(i) !== 44 /* , */) return false;
  const hitsFrom = ++i;
  let hits = 0;
  while (i < end && i - hitsFrom < 15) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    hits = hits * 10 + (c - 48);
    i++;
  }
  if (i === hitsFrom) return false;
  const next = i < end ? text.charCodeAt(i) : -1;
  if (next !== -1 && next !== 44 /* , */ && !(next === 13 && i === end - 1)) return false;
  acc.addLine(line, hits);
  return true;
}

const KNOWN_KEYS = new Set(["FN", "FNDA", "FNF", "FNH", "FNL", "FNA", "DA", "LF", "LH", "BRDA", "BRF", "BRH"]);

/** Applies one data line to the open record; false when the line is malformed. */
function readRecordLine(rec: LcovRecord, key: string, value: string): boolean {
  switch (key) {
    case "DA": {
      // DA:<line>,<hits>[,<checksum>]
      const [l, h] = value.split(",", 2);
      const line = lineNumber(l);
      const hits = count(h);
      if (line === null || hits === null) return false;
      rec.acc.addLine(line, hits);
      return true;
    }
    case "BRDA": {
      // BRDA:<line>,[e]<block>,<branch>,<taken>; lcov 2 allows commas inside <branch>.
      const first = value.indexOf(",");
      const last = value.lastIndexOf(",");
      if (first === -1 || last === first) return false;
      const line = lineNumber(value.slice(0, first));
      const takenText = value.slice(last + 1).trim();
      const taken = takenText === "-" ? 0 : count(takenText);
      if (line === null || taken === null) return false;
      rec.acc.addBranch(line, taken > 0);
      return true;
    }
    case "FN": {
      // FN:<line>,<name> (lcov 1.x) or FN:<line>,<end line>,<name> (lcov 2.0/2.1).
      const comma = value.indexOf(",");
      if (comma === -1) return false;
      const line = lineNumber(value.slice(0, comma));
      let name = value.slice(comma + 1);
      const withEnd = /^(\d+),(.+)$/.exec(name);
      if (withEnd) name = withEnd[2]!;
      if (line === null || name === "") return false;
      if (!rec.fnLines.has(name)) rec.fnLines.set(name, line);
      return true;
    }
    case "FNDA": {
      // FNDA:<hits>,<name>
      const comma = value.indexOf(",");
      if (comma === -1) return false;
      const hits = count(value.slice(0, comma));
      const name = value.slice(comma + 1);
      if (hits === null || name === "") return false;
      rec.fnHits.set(name, Math.max(hits, rec.fnHits.get(name) ?? 0));
      return true;
    }
    case "FNL": {
      // FNL:<index>,<line>[,<end line>]
      const [index, l] = value.split(",", 3);
      const line = lineNumber(l);
      if (!index || line === null) return false;
      rec.fnlLines.set(index, line);
      return true;
    }
    case "FNA": {
      // FNA:<index>,<hits>,<name>
      const c1 = value.indexOf(",");
      const c2 = c1 === -1 ? -1 : value.indexOf(",", c1 + 1);
      if (c2 === -1) return false;
      const hits = count(value.slice(c1 + 1, c2));
      const name = value.slice(c2 + 1);
      if (hits === null || name === "") return false;
      rec.fnAliases.push({ index: value.slice(0, c1), hits, name });
      return true;
    }
    case "LF": {
      const lf = count(value);
      if (lf === null) return false;
      rec.lf = lf;
      return true;
    }
    case "BRF":
    case "BRH":
      // Branch totals are recomputed from BRDA; their presence says branches were measured.
      rec.acc.markBranchData();
      return count(value) !== null;
    default:
      // FNF, FNH, LH: totals recomputed from the detail lines.
      return count(value) !== null;
  }
}
