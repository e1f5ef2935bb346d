/**
 * The incremental analysis: re-analysing a git work tree after a few files changed, in time
 * proportional to the change rather than to the repository.
 *
 * A full analysis leaves a *snapshot*: its result plus what it was computed from (a
 * fingerprint of the index, the untracked files and their stat data, the options, HEAD and
 * the day of the churn window) and what each derived part depends on (the files framework
 * detection read, the metric targets and their boundary, the coverage reports on disk).
 * The next run probes git (see git-worktree.ts; the snapshot's untracked cache, see
 * untracked-cache.ts, spares git's walk for untracked files while no folder changed). When
 * the fingerprints match, only paths git reports changed, untracked files whose stat data
 * moved, paths the listing left out (checked again) and paths changed in earlier runs can
 * differ from the snapshot; those few are read again and patched in. The patch is kept
 * as an *overlay* beside the snapshot, so the big snapshot is written only by full runs.
 *
 * Whenever a change could reach a part the patch does not recompute exactly — a manifest, a
 * file framework detection read, a coverage report, a file appearing or vanishing, a change
 * that moves the boundary of the metric targets — the caller falls back to the full
 * analysis (which reuses the per-file caches). The result is the same either way; a test
 * checks it against an analysis without cache.
 */
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Analysis, AnalyzedFile, LanguageStats } from "./analysis-types.js";
import { addToLanguages } from "./analyze.js";
import { classifyPath } from "./classify.js";
import { isDependencyFile } from "./dependencies/index.js";
import { collectFileStats, readTextFile, type StatsSkipReason } from "./file-stats.js";
import { indexEntryOf, lstatValidator, type WorktreeProbe } from "./git-worktree.js";
import type { ListingSkipReason } from "./list-local-files.js";
import type { UntrackedCache } from "./untracked-cache.js";
import { fileComplexity, functionMetrics, METRICS_LANGUAGES, rankHotspots, type FunctionMetric } from "./metrics/index.js";
import { COVERAGE_CANDIDATE_PATHS, findCoverageReports, isTestFile } from "./testing/index.js";

const METRIC_LANGUAGE_SET: ReadonlySet<string> = new Set(METRICS_LANGUAGES);

/** Bumped when the snapshot's shape or meaning changes. */
export const SNAPSHOT_VERSION = 2;

/** Where a metric candidate ranks: more commits first, then more code, then by path. */
export type TargetKey = [commits: number, code: number, path: string];

/** Negative when `a` ranks before `b` among metric targets. */
export function compareTargetKeys(a: TargetKey, b: TargetKey): number {
  return b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}

/** How the metric targets were chosen, so a change can be checked against the cut. */
export interface TargetsInfo {
  scope: "hotspots" | "all" | "none";
  /** The targets (hotspots scope: in rank order). */
  paths: string[];
  /** The last target and the first candidate left out (hotspots scope, when the cap cut). */
  last: TargetKey | null;
  firstOut: TargetKey | null;
  max: number;
}

/** The state of one path: its validator and either its counts or why it was skipped. */
export interface PathState {
  v: string;
  f?: AnalyzedFile;
  s?: string;
  /** Function metrics of a metric target, computed from this content. */
  fn?: FunctionMetric[] | null;
}

export interface Snapshot {
  version: number;
  /** Changes with every full run; the overlay names the snapshot it patches. */
  id: string;
  key: string;
  indexHash: string;
  untrackedHash: string;
  /** Validators (`size:mtime`) of untracked files and of tracked files git reported changed. */
  untracked: Record<string, string>;
  dirty: Record<string, string>;
  /**
   * Paths the file statistics skipped for their content, by reason, each list as
   * "\n<path>\n<path>\n". Paths skipped for their path alone (vendored, generated) are not
   * kept: classifyPath says so again.
   */
  skippedPaths: Record<string, string>;
  /** Vouches for the untracked list while the folders stay as they were (null when it cannot). */
  untrackedCache: UntrackedCache | null;
  /** Paths the listing left out and why (symlinks, submodules, missing files): they are checked again every run. */
  listingSkips: Record<string, ListingSkipReason>;
  /** Validators of the fixed coverage report places on disk ("" when absent). */
  coverage: Record<string, string>;
  /** Files framework detection read: a change to one of them needs a full run. */
  frameworkReads: string[];
  targets: TargetsInfo;
  /** Commits in the churn window of each counted file, in the order of `analysis.files`. */
  fileCommits: number[];
  /**
   * The same for the other listed paths not classified by their path alone (they may be
   * counted, and be metric targets, later), as "\n<path>\t<commits>" records (paths with
   * tabs or newlines in `churnOdd`).
   */
  churn: string;
  churnOdd: Record<string, number>;
  /** The result, with its two big tables in columns and tuples (they are parsed on every run). */
  analysis: StoredAnalysis;
}

type FunctionTuple = [name: string, kind: FunctionMetric["kind"], startLine: number, endLine: number, complexity: number];

/** Dependencies in one flat number array: per entry its shape, then a code per value (see encodeDependencies). */
interface StoredDependencies {
  shapes: string[][];
  strings: string[];
  codes: number[];
}

export interface StoredAnalysis extends Omit<Analysis, "files" | "functions" | "dependencies"> {
  files: {
    path: string[];
    size: number[];
    /** Index into `languages`; -1 for null. */
    language: number[];
    languages: string[];
    blob: (string | null)[];
    /** -1 when the file has no line counts. */
    code: number[];
    comment: number[];
    blank: number[];
  };
  /**
   * Per file: the names joined by newlines, one letter per kind, and start, end and
   * complexity triplets — strings and numbers parse several times faster than small arrays.
   * A file with a newline in a function name keeps the tuple form.
   */
  functions: [path: string, names: string, kinds: string, numbers: number[]][] | [path: string, functions: FunctionTuple[]][];
  /** Thousands of entries sharing a few keys and strings: codes parse faster than objects. */
  dependencies: StoredDependencies | Analysis["dependencies"];
}

const NULL_CODE = -1;
const FALSE_CODE = -2;
const TRUE_CODE = -3;

/** Strings become their index in a table, null and booleans negative codes; anything else keeps the plain list. */
function encodeDependencies(list: Analysis["dependencies"]): StoredDependencies | Analysis["dependencies"] {
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const codes: number[] = [];
  for (const dep of list) {
    const keys = Object.keys(dep);
    const shapeKey = keys.join("\0");
    let shape = shapeIndex.get(shapeKey);
    if (shape === undefined) {
      shape = shapes.push(keys) - 1;
      shapeIndex.set(shapeKey, shape);
    }
    codes.push(shape);
    for (const value of Object.values(dep) as unknown[]) {
      if (value === null) codes.push(NULL_CODE);
      else if (value === false) codes.push(FALSE_CODE);
      else if (value === true) codes.push(TRUE_CODE);
      else if (typeof value === "string") {
        let at = stringIndex.get(value);
        if (at === undefined) {
          at = strings.push(value) - 1;
          stringIndex.set(value, at);
        }
        codes.push(at);
      } else return list;
    }
  }
  return { shapes, strings, codes };
}

function decodeDependencies(stored: StoredDependencies | Analysis["dependencies"]): Analysis["dependencies"] {
  if (Array.isArray(stored)) return stored;
  const { shapes, strings, codes } = stored;
  const list: Record<string, unknown>[] = [];
  for (let k = 0; k < codes.length; ) {
    const keys = shapes[codes[k++] as number] as string[];
    const dep: Record<string, unknown> = {};
    for (const key of keys) {
      const code = codes[k++] as number;
      dep[key] = code >= 0 ? strings[code] : code === NULL_CODE ? null : code === TRUE_CODE;
    }
    list.push(dep);
  }
  return list as unknown as Analysis["dependencies"];
}

const KIND_LETTERS: Record<FunctionMetric["kind"], string> = { function: "f", method: "m", constructor: "c", accessor: "a", arrow: "r", lambda: "l" };
const LETTER_KINDS = Object.fromEntries(Object.entries(KIND_LETTERS).map(([k, v]) => [v, k])) as Record<string, FunctionMetric["kind"]>;

/** The analysis in the snapshot's compact form. */
export function storeAnalysis(analysis: Analysis): StoredAnalysis {
  const languages: string[] = [];
  const languageIndex = new Map<string, number>();
  const files: StoredAnalysis["files"] = { path: [], size: [], language: [], languages, blob: [], code: [], comment: [], blank: [] };
  for (const f of analysis.files) {
    files.path.push(f.path);
    files.size.push(f.size);
    let li = -1;
    if (f.language !== null) {
      li = languageIndex.get(f.language) ?? languages.length;
      if (li === languages.length) {
        languages.push(f.language);
        languageIndex.set(f.language, li);
      }
    }
    files.language.push(li);
    files.blob.push(f.blob ?? null);
    files.code.push(f.lines ? f.lines.code : -1);
    files.comment.push(f.lines ? f.lines.comment : -1);
    files.blank.push(f.lines ? f.lines.blank : -1);
  }
  const functions = Object.entries(analysis.functions).map(([p, list]): [string, string, string, number[]] | [string, FunctionTuple[]] => {
    if (list.some((f) => f.name.includes("\n"))) return [p, list.map((f): FunctionTuple => [f.name, f.kind, f.startLine, f.endLine, f.complexity])];
    const numbers: number[] = [];
    for (const f of list) numbers.push(f.startLine, f.endLine, f.complexity);
    return [p, list.map((f) => f.name).join("\n"), list.map((f) => KIND_LETTERS[f.kind]).join(""), numbers];
  });
  return { ...analysis, files, functions: functions as StoredAnalysis["functions"], dependencies: encodeDependencies(analysis.dependencies) };
}

/** The analysis back from its compact form. */
export function loadAnalysis(stored: StoredAnalysis): Analysis {
  const c = stored.files;
  const files: AnalyzedFile[] = new Array(c.path.length);
  for (let k = 0; k < c.path.length; k++) {
    const li = c.language[k] as number;
    const f: AnalyzedFile = { path: c.path[k] as string, size: c.size[k] as number, language: li < 0 ? null : (c.languages[li] as string) };
    const blob = c.blob[k];
    if (blob !== null && blob !== undefined) f.blob = blob;
    if ((c.code[k] as number) >= 0) f.lines = { code: c.code[k] as number, comment: c.comment[k] as number, blank: c.blank[k] as number };
    files[k] = f;
  }
  const functions: Record<string, FunctionMetric[]> = {};
  for (const stored1 of stored.functions) {
    if (stored1.length === 2) {
      const [p, list] = stored1;
      functions[p] = list.map(([name, kind, startLine, endLine, complexity]) => ({ name, kind, startLine, endLine, lines: endLine - startLine + 1, complexity }));
      continue;
    }
    const [p, names, kinds, numbers] = stored1;
    const split = kinds.length ? names.split("\n") : [];
    const list: FunctionMetric[] = new Array(kinds.length);
    for (let k = 0; k < kinds.length; k++) {
      const startLine = numbers[3 * k] as number;
      const endLine = numbers[3 * k + 1] as number;
      list[k] = { name: split[k] as string, kind: LETTER_KINDS[kinds[k] as string] as FunctionMetric["kind"], startLine, endLine, lines: endLine - startLine + 1, complexity: numbers[3 * k + 2] as number };
    }
    functions[p] = list;
  }
  return { ...stored, files, functions, dependencies: decodeDependencies(stored.dependencies) };
}

export interface Overlay {
  snapshot: string;
  entries: Record<string, PathState>;
}

/** Everything a result depends on besides the files: options, versions, HEAD and the churn day. */
export function snapshotKey(parts: Record<string, string | number | null>): string {
  return JSON.stringify({ snapshot: SNAPSHOT_VERSION, ...parts });
}

/**
 * The churn map in the snapshot's compact form: a column of commits for the counted files
 * (in their order), and records for the other paths `keep` accepts.
 */
export function encodeChurn(
  churn: ReadonlyMap<string, { commits: number }>,
  files: readonly AnalyzedFile[],
  keep: (p: string) => boolean,
): Pick<Snapshot, "churn" | "churnOdd" | "fileCommits"> {
  const fileCommits = files.map((f) => Math.max(0, churn.get(f.path)?.commits ?? 0));
  const counted = new Set(files.map((f) => f.path));
  const lines: string[] = [];
  const odd: Record<string, number> = {};
  for (const [p, c] of churn) {
    if (c.commits <= 0 || counted.has(p) || !keep(p)) continue;
    if (p.includes("\n") || p.includes("\t")) odd[p] = c.commits;
    else lines.push(`\n${p}\t${c.commits}`);
  }
  return { churn: lines.join(""), churnOdd: odd, fileCommits };
}

/** Commits in the churn window of `p`; `files` are the snapshot's counted files. */
function commitsOf(snapshot: Snapshot, files: readonly AnalyzedFile[], p: string): number {
  const at = findFile(files, p);
  if (at >= 0) return snapshot.fileCommits[at] ?? 0;
  if (p.includes("\n") || p.includes("\t")) return snapshot.churnOdd[p] ?? 0;
  const needle = `\n${p}\t`;
  const found = snapshot.churn.indexOf(needle);
  if (found === -1) return 0;
  const start = found + needle.length;
  const end = snapshot.churn.indexOf("\n", start);
  return Number(snapshot.churn.slice(start, end === -1 ? undefined : end));
}

/** Validators of the fixed places coverage reports are looked for on disk. */
export async function coverageValidators(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    COVERAGE_CANDIDATE_PATHS.map(async (c) => {
      const info = await stat(path.join(root, c.path)).catch(() => null);
      out[c.path] = info?.isFile() ? `${info.size}:${info.mtimeMs}` : "";
    }),
  );
  return out;
}

function findFile(files: readonly AnalyzedFile[], p: string): number {
  let lo = 0;
  let hi = files.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = (files[mid] as AnalyzedFile).path;
    if (at === p) return mid;
    if (at < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return -(lo + 1);
}

function skipReasonOf(snapshot: Snapshot, p: string): string | undefined {
  const byPath = classifyPath(p);
  if (byPath) return byPath;
  const needle = `\n${p}\n`;
  for (const [reason, list] of Object.entries(snapshot.skippedPaths)) if (list.includes(needle)) return reason;
  return undefined;
}

/** The state a full analysis recorded for `p`; undefined when the snapshot does not know the path. */
function baseState(snapshot: Snapshot, files: readonly AnalyzedFile[], p: string): PathState | undefined {
  const at = findFile(files, p);
  const v = snapshot.untracked[p] ?? snapshot.dirty[p];
  if (at >= 0) {
    const f = files[at] as AnalyzedFile;
    return { v: v ?? f.blob ?? "", f };
  }
  const s = skipReasonOf(snapshot, p);
  // A skipped clean file's validator (its blob) is not kept: it just gets read again.
  return s === undefined ? undefined : { v: v ?? "", s };
}

export interface IncrementalOptions {
  maxFileBytes: number;
  hotspotLimit: number;
  /** `loadAnalysis(snapshot.analysis)`, when the caller made it while git was busy. */
  loaded?: Analysis;
}

/** Why the incremental path gave up, for tests and debugging. */
export type Fallback = { fallback: string };

/**
 * Patches the snapshot with the current state of the changed paths. Returns the analysis
 * and the overlay to store, or why a full analysis is needed.
 */
export async function analyzeIncrementally(
  root: string,
  probe: WorktreeProbe,
  snapshot: Snapshot,
  previous: Overlay | undefined,
  key: string,
  options: IncrementalOptions,
): Promise<{ analysis: Analysis; overlay: Overlay } | Fallback> {
  if (snapshot.version !== SNAPSHOT_VERSION || snapshot.key !== key) return { fallback: "options, HEAD or day changed" };
  if (snapshot.indexHash !== probe.indexHash) return { fallback: "the index changed" };
  if (snapshot.untrackedHash !== probe.untrackedHash) return { fallback: "untracked files appeared or vanished" };
  const coverage = await coverageValidators(root);
  for (const [p, v] of Object.entries(coverage)) if (snapshot.coverage[p] !== v) return { fallback: "a coverage report changed" };

  const base = options.loaded ?? loadAnalysis(snapshot.analysis);
  const earlier = previous && previous.snapshot === snapshot.id ? previous.entries : {};
  const reported = new Set([...probe.modified, ...probe.flagged]);
  const untracked = new Set(probe.untracked);
  const listingSkips = snapshot.listingSkips;
  const candidates = new Set([...reported, ...Object.keys(snapshot.dirty), ...Object.keys(earlier), ...probe.untracked, ...Object.keys(listingSkips)]);

  // git does not look through a symlinked folder; neither may we.
  const behindSymlink = async (p: string) => {
    const dir = path.posix.dirname(p);
    return dir !== "." && (await realpath(path.join(root, dir)).catch(() => null)) !== path.join(root, dir);
  };
  const entries: Record<string, PathState> = {};
  for (const p of candidates) {
    // An untracked nested repository (listed as its folder) and a tracked symlink or
    // submodule are left out by the listing for what the untracked list and the index say,
    // and those are the same as in the snapshot.
    if (p.endsWith("/")) continue;
    const indexed = untracked.has(p) ? undefined : indexEntryOf(probe, p);
    if (indexed && (indexed.mode === "120000" || indexed.mode === "160000")) continue;
    const st = await lstatValidator(root, p);
    const listedOut = listingSkips[p];
    if (listedOut !== undefined) {
      // Left out for what the work tree held (a missing file, a symlink): still so, or a full run.
      if ("skip" in st && st.skip === listedOut && listedOut !== "unreadable" && (untracked.has(p) || !(await behindSymlink(p)))) continue;
      return { fallback: `${p} is no longer ${listedOut}` };
    }
    const was = baseState(snapshot, base.files, p);
    if (!was) return { fallback: `${p} is new to the snapshot` };
    if ("skip" in st) return { fallback: `${p} is ${st.skip}` };
    let validator = st.validator;
    let blob: string | undefined;
    if (!reported.has(p) && !untracked.has(p)) {
      if (indexed === undefined || indexed.stage !== "0") return { fallback: `${p} left the index` };
      blob = indexed.blob;
      validator = blob;
    } else if (!untracked.has(p) && (await behindSymlink(p))) {
      return { fallback: `${p} lies behind a symlink` };
    }
    const prior = earlier[p] ?? was;
    let state: PathState;
    if (prior.v === validator && validator !== "") state = prior;
    else {
      const listed = blob ? { path: p, size: st.size, blob } : { path: p, size: st.size, mtimeMs: Number(validator.split(":")[1]) };
      let reason: StatsSkipReason | undefined;
      const { files } = await collectFileStats(root, { source: "git", files: [listed], skipped: {}, truncated: false }, {
        maxFileBytes: options.maxFileBytes,
        onSkip: (_p, why) => (reason = why),
      });
      const counted = files[0];
      if (reason === "missing" || reason === "symlink" || reason === "unreadable") return { fallback: `${p} became ${reason}` };
      state = counted
        ? { v: validator, f: { path: p, size: counted.size, language: counted.language, blob: counted.blob, lines: { code: counted.code, comment: counted.comment, blank: counted.blank } } }
        : { v: validator, s: reason ?? "unreadable" };
    }
    if (state.v !== was.v || was.v === "") entries[p] = state;
  }

  // Parts the patch does not recompute: any change there needs a full run.
  const reads = new Set(snapshot.frameworkReads);
  for (const p of Object.keys(entries)) {
    if (isDependencyFile(p) && classifyPath(p) !== "vendored") return { fallback: `${p} is a manifest` };
    if (reads.has(p)) return { fallback: `${p} was read by framework detection` };
    if (findCoverageReports([p]).length > 0) return { fallback: `${p} is a coverage report` };
  }

  const files = base.files.slice();
  const skipped: Record<string, number> = { ...base.skipped };
  const testFiles = new Set(base.tests.files);
  const changedCounted = new Map<string, AnalyzedFile | null>();
  const swaps: [before: AnalyzedFile | undefined, after: AnalyzedFile | undefined][] = [];
  // Remove first, then insert, so indexes found by binary search stay right.
  for (const [p, state] of Object.entries(entries)) {
    const was = baseState(snapshot, base.files, p) as PathState;
    swaps.push([was.f, state.f]);
    if (was.f) files.splice(findFile(files, p), 1);
    else if (was.s) skipped[was.s] = (skipped[was.s] ?? 1) - 1;
    if (!state.f) {
      skipped[state.s as string] = (skipped[state.s as string] ?? 0) + 1;
      changedCounted.set(p, null);
    } else changedCounted.set(p, state.f);
    if (isTestFile(p)) {
      if (state.f) testFiles.add(p);
      else testFiles.delete(p);
    }
  }
  for (const [p, f] of changedCounted) if (f) files.splice(-(findFile(files, p) + 1), 0, f);
  for (const k of Object.keys(skipped)) if (skipped[k] === 0) delete skipped[k];

  const metrics = await patchMetrics(root, snapshot, base, entries, changedCounted, options);
  if ("fallback" in metrics) return metrics;

  const { languages, totalBytes } = patchLanguages(base, files, swaps);
  const analysis: Analysis = {
    ...base,
    files,
    skipped: sortKeys(skipped),
    languages,
    totalBytes,
    functions: metrics.functions,
    hotspots: metrics.hotspots,
    tests: { ...base.tests, files: [...testFiles].sort() },
  };
  return { analysis, overlay: { snapshot: snapshot.id, entries } };
}

/**
 * Languages and total bytes after the change. When every changed file was counted before
 * and after under the same language, the numbers are patched: the languages' order (by
 * first file) cannot have moved. Otherwise they are summed again over all files.
 */
function patchLanguages(
  base: Analysis,
  files: readonly AnalyzedFile[],
  swaps: readonly [AnalyzedFile | undefined, AnalyzedFile | undefined][],
): { languages: Record<string, LanguageStats>; totalBytes: number } {
  const languages: Record<string, LanguageStats> = {};
  if (swaps.every(([before, after]) => before && after && before.language === after.language)) {
    for (const [name, stats] of Object.entries(base.languages)) languages[name] = { ...stats };
    let totalBytes = base.totalBytes;
    for (const [before, after] of swaps as [AnalyzedFile, AnalyzedFile][]) {
      const stats = languages[before.language ?? "Other"] as LanguageStats;
      stats.bytes += after.size - before.size;
      stats.code += (after.lines?.code ?? 0) - (before.lines?.code ?? 0);
      stats.comment += (after.lines?.comment ?? 0) - (before.lines?.comment ?? 0);
      stats.blank += (after.lines?.blank ?? 0) - (before.lines?.blank ?? 0);
      totalBytes += after.size - before.size;
    }
    return { languages, totalBytes };
  }
  let totalBytes = 0;
  for (const f of files) {
    addToLanguages(languages, f);
    totalBytes += f.size;
  }
  return { languages, totalBytes };
}

/** Keys in code-point order, so full and incremental runs print the same JSON. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Function metrics and hotspots after the change. Exact only while the set of metric targets
 * stays the same: in the hotspots scope a changed file must stay on its side of the cut
 * (between the last target and the first file left out, both unchanged).
 */
async function patchMetrics(
  root: string,
  snapshot: Snapshot,
  base: Analysis,
  entries: Record<string, PathState>,
  changed: ReadonlyMap<string, AnalyzedFile | null>,
  options: IncrementalOptions,
): Promise<{ functions: Record<string, FunctionMetric[]>; hotspots: Analysis["hotspots"] } | Fallback> {
  const t = snapshot.targets;
  if (t.scope === "none") return { functions: base.functions, hotspots: base.hotspots };
  const targets = new Set(t.paths);
  const functions: Record<string, FunctionMetric[]> = { ...base.functions };
  let touched = false;
  for (const [p, f] of changed) {
    const metricLanguage = f !== null && f.language !== null && METRIC_LANGUAGE_SET.has(f.language);
    const wasTarget = targets.has(p);
    let isTarget: boolean;
    if (t.scope === "all") isTarget = metricLanguage;
    else {
      const commits = commitsOf(snapshot, base.files, p);
      const key: TargetKey | null = metricLanguage && commits > 0 ? [commits, (f as AnalyzedFile).lines?.code ?? 0, p] : null;
      // When the cap cut the candidates, the last target and the first one left out are the
      // boundary; a changed file must not be either, and must stay on its side of them.
      const cut = t.firstOut !== null && t.last !== null;
      if (cut && (t.last?.[2] === p || t.firstOut?.[2] === p)) return { fallback: `${p} sits at the cut of the metric targets` };
      if (wasTarget) {
        if (!key || (cut && compareTargetKeys(key, t.firstOut as TargetKey) >= 0)) return { fallback: `${p} leaves the metric targets` };
        isTarget = true;
      } else {
        if (key && (!cut || compareTargetKeys(key, t.last as TargetKey) <= 0)) return { fallback: `${p} joins the metric targets` };
        isTarget = false;
      }
    }
    if (isTarget !== wasTarget) return { fallback: `${p} changes the metric targets` };
    if (!isTarget) continue;
    touched = true;
    const entry = entries[p] as PathState;
    if (entry.fn === undefined) {
      const text = await readTextFile(root, p, options.maxFileBytes);
      entry.fn = text === null || f === null || f.language === null ? null : await functionMetrics(f.language, text);
    }
    if (entry.fn) functions[p] = entry.fn;
    else delete functions[p];
  }
  if (!touched) return { functions: base.functions, hotspots: base.hotspots };
  const sorted = sortKeys(functions);
  const byPath = new Map<string, AnalyzedFile>();
  for (const f of base.files) if (sorted[f.path]) byPath.set(f.path, f);
  for (const [p, f] of changed) if (f && sorted[p]) byPath.set(p, f);
  const input = Object.keys(sorted).map((p) => ({ path: p, complexity: fileComplexity(sorted[p] ?? []).total, code: byPath.get(p)?.lines?.code ?? 0 }));
  const churn = new Map(Object.keys(sorted).map((p) => [p, { commits: commitsOf(snapshot, base.files, p) }]));
  const hotspots = base.churnAvailable ? rankHotspots(input, churn, { limit: options.hotspotLimit }) : [];
  return { functions: sorted, hotspots };
}
