import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pLimit from "p-limit";
import { ANALYSIS_CACHE_VERSION, type AnalysisCache, type CacheNamespace } from "../state/analysis-cache.js";
import { addToLanguages } from "./analyze.js";
import type { Analysis, AnalyzedFile, CoverageSource, LanguageStats, TestsInfo } from "./analysis-types.js";
import { classifyPath } from "./classify.js";
import { collectDependencies, isDependencyFile, type Dependency, type ManifestProblem } from "./dependencies/index.js";
import { collectFileStats, DEFAULT_MAX_FILE_BYTES, readTextFile, statsValidator, type CachedStats, type FileStats } from "./file-stats.js";
import { probeGitWorktree, type WorktreeProbe } from "./git-worktree.js";
import { buildUntrackedCache, untrackedCacheHolds } from "./untracked-cache.js";
import {
  analyzeIncrementally,
  compareTargetKeys,
  coverageValidators,
  encodeChurn,
  loadAnalysis,
  snapshotKey,
  SNAPSHOT_VERSION,
  sortKeys,
  storeAnalysis,
  type Overlay,
  type Snapshot,
  type TargetKey,
  type TargetsInfo,
} from "./incremental.js";
import { listLocalFiles, type ListingSkipReason } from "./list-local-files.js";
import { collectChurn, fileComplexity, functionMetrics, METRICS_LANGUAGES, rankHotspots, type FunctionMetric } from "./metrics/index.js";
import {
  detectTestFrameworks,
  findCoverageReportsOnDisk,
  isTestFile,
  mergeCoverage,
  readCoverageReport,
  repoTextReader,
  type CoverageReport,
  type TestFramework,
} from "./testing/index.js";
import type { FileListing } from "./types.js";

const run = promisify(execFile);

interface ChurnEntry {
  commits: number;
  added: number;
  deleted: number;
}

/** Languages whose functions get metrics (TypeScript's compiler API, or a bundled tree-sitter grammar). */
export const METRIC_LANGUAGES: ReadonlySet<string> = new Set(METRICS_LANGUAGES);

/** Default bounds; each can be set per call. */
export const ANALYSIS_DEFAULTS = {
  /** Files larger than this are skipped as too large (FAULTS 18). */
  maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  /** A manifest or lockfile larger than this is not parsed (lockfiles of big monorepos reach a few MB). */
  maxManifestBytes: 32 * 1024 * 1024,
  /** At most this many files get function metrics in "hotspots" scope (the most-changed first). */
  maxMetricFiles: 2000,
  /** How many hotspots the report keeps. */
  hotspots: 50,
  /** Churn window, as `git log --since` reads it. */
  churnSince: "12 months ago",
} as const;

/** Options for {@link analyzeRepository}. */
export interface AnalyzeOptions {
  /**
   * Per-file results from earlier runs; when given, unchanged files are not read again. A
   * promise is accepted so the cache loads while git lists the files (on another core).
   */
  cache?: AnalysisCache | null | Promise<AnalysisCache | null>;
  maxFileBytes?: number;
  /**
   * Which files get per-function metrics: "hotspots" (default) computes them for files changed
   * in the churn window — the only ones that can rank as hotspots — up to `maxMetricFiles`;
   * "all" for every file in a supported language; "none" skips them.
   */
  metrics?: "hotspots" | "all" | "none";
  maxMetricFiles?: number;
  hotspotLimit?: number;
  churnSince?: string;
  signal?: AbortSignal;
  /** Progress for long local runs: phase name, done and total units. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** A cache namespace when there is no cache: never hits, forgets everything. */
function nullNamespace<T>(): CacheNamespace<T> {
  return { get: () => undefined, set: () => undefined };
}

function namespaceOf<T>(cache: AnalysisCache | null, name: string): CacheNamespace<T> {
  return cache ? cache.namespace<T>(name) : nullNamespace<T>();
}

/**
 * A namespace stored in a compact encoding. The big tables (one entry per file) are parsed
 * on every run, so their size is the floor of an incremental run's time: tuples instead of
 * objects, and no repeated blob id, roughly halve it.
 */
function encodedNamespace<T, E>(
  cache: AnalysisCache | null,
  name: string,
  encode: (value: T, validator: string) => E,
  decode: (stored: E, validator: string) => T,
): CacheNamespace<T> {
  if (!cache) return nullNamespace<T>();
  const inner = cache.namespace<E>(name);
  return {
    get: (filePath, validator) => {
      const stored = inner.get(filePath, validator);
      return stored === undefined ? undefined : decode(stored, validator);
    },
    set: (filePath, validator, value) => inner.set(filePath, validator, encode(value, validator)),
  };
}

type StatsTuple = [blob: string, skip: CachedStats["skip"], language: string | null, code: number, comment: number, blank: number];

/** File stats as tuples; the blob id is left out when it is the validator itself (the usual case in git). */
function statsNamespace(cache: AnalysisCache | null): CacheNamespace<CachedStats> {
  return encodedNamespace<CachedStats, StatsTuple>(
    cache,
    "files",
    (v, validator) => [v.blob === validator ? "" : v.blob, v.skip, v.language, v.code, v.comment, v.blank],
    ([blob, skip, language, code, comment, blank], validator) => ({ blob: blob || validator, skip, language, code, comment, blank }),
  );
}

type FunctionTuple = [name: string, kind: FunctionMetric["kind"], startLine: number, endLine: number, complexity: number];

function functionsNamespace(cache: AnalysisCache | null): CacheNamespace<FunctionMetric[]> {
  return encodedNamespace<FunctionMetric[], FunctionTuple[]>(
    cache,
    "functions",
    (list) => list.map((f) => [f.name, f.kind, f.startLine, f.endLine, f.complexity]),
    (list) => list.map(([name, kind, startLine, endLine, complexity]) => ({ name, kind, startLine, endLine, lines: endLine - startLine + 1, complexity })),
  );
}

async function gitHead(root: string): Promise<string | null> {
  try {
    const { stdout } = await run("git", ["rev-parse", "--verify", "-q", "HEAD"], { cwd: root });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

interface DependencyResult {
  dependencies: Dependency[];
  problems: ManifestProblem[];
}

async function analyzeDependencies(
  root: string,
  listing: FileListing,
  cache: CacheNamespace<DependencyResult>,
  maxBytes: number,
): Promise<DependencyResult> {
  // Lockfiles are "generated" for language statistics, but they are exactly where resolved
  // versions live; only vendored copies (node_modules/, vendor/) are left out.
  const manifests = listing.files.filter((f) => isDependencyFile(f.path) && classifyPath(f.path) !== "vendored");
  const validators = manifests.map((f) => statsValidator(f));
  const combined = validators.every((v) => v !== null)
    ? createHash("sha256").update(manifests.map((f, i) => `${f.path}\0${validators[i]}`).join("\n")).digest("hex")
    : null;
  if (combined) {
    const hit = cache.get("*", combined);
    if (hit) return hit;
  }
  const texts: { path: string; text: string }[] = [];
  const problems: ManifestProblem[] = [];
  for (const f of manifests) {
    const text = await readTextFile(root, f.path, maxBytes);
    if (text === null) problems.push({ manifest: f.path, message: `${f.path}: not read (unreadable or over ${maxBytes} bytes)` });
    else texts.push({ path: f.path, text });
  }
  const result = collectDependencies(texts);
  const value = { dependencies: result.dependencies, problems: [...problems, ...result.problems] };
  if (combined) cache.set("*", combined, value);
  return value;
}

interface CachedFrameworks {
  /** The files detection read, with their validators: the answer holds while they are unchanged. */
  reads: [string, string][];
  frameworks: TestFramework[];
}

/**
 * Test frameworks, remembered per listing: detection reads config files (every package.json
 * of a monorepo…), so the answer is reused while the set of paths and every file it read
 * are unchanged.
 */
function detectFrameworksCached(root: string, listing: FileListing, cache: CacheNamespace<CachedFrameworks>): CachedFrameworks {
  const listed = new Map(listing.files.map((f) => [f.path, f]));
  const paths = [...listed.keys()];
  const pathsKey = createHash("sha256").update(paths.join("\0")).digest("hex");
  const hit = cache.get("frameworks", pathsKey);
  if (hit && hit.reads.every(([p, v]) => { const f = listed.get(p); return f !== undefined && statsValidator(f) === v; })) return hit;
  const readConfig = repoTextReader(root);
  const reads: [string, string][] = [];
  let cacheable = true;
  const frameworks = detectTestFrameworks({
    paths,
    // Only listed files are evidence: a path the listing left out (ignored, symlinked) is not read.
    readText: (rel) => {
      const f = listed.get(rel);
      if (!f) return undefined;
      const v = statsValidator(f);
      if (v === null) cacheable = false;
      else reads.push([rel, v]);
      return readConfig(rel);
    },
  });
  if (cacheable) cache.set("frameworks", pathsKey, { reads, frameworks });
  return { reads, frameworks };
}

async function analyzeTests(
  root: string,
  listing: FileListing,
  counted: readonly AnalyzedFile[],
  cache: AnalysisCache | null,
): Promise<{ tests: TestsInfo; reads: string[] }> {
  const listed = new Set(listing.files.map((f) => f.path));
  const paths = [...listed];
  const detected = detectFrameworksCached(root, listing, namespaceOf(cache, "tests"));
  const frameworks = detected.frameworks;
  const files = counted.filter((f) => isTestFile(f.path)).map((f) => f.path);

  // Coverage reports are usually git-ignored, so the fixed places are checked on disk too.
  const reports: CoverageReport[] = [];
  const sources: CoverageSource[] = [];
  for (const found of await findCoverageReportsOnDisk(root, paths)) {
    const report = await readCoverageReport(root, found, { files: listed });
    reports.push(report);
    sources.push({ path: found.path, format: found.format, files: report.files.length, problems: report.problems });
  }
  const coverage = reports.length ? { sources, files: Object.fromEntries(mergeCoverage(reports)) } : null;
  return { tests: { frameworks, files, coverage }, reads: detected.reads.map(([p]) => p) };
}

/**
 * Analyses a local work tree: files (git ls-files or a walk), languages and lines,
 * dependencies, function metrics, churn and hotspots, tests and coverage. Bounded: files
 * over the size cap are skipped, metrics are computed for a bounded set of files. With a
 * cache, files whose blob id (or size and mtime) did not change are not read again, and in
 * a git work tree a re-analysis after a few changes patches the previous result (see
 * incremental.ts) instead of going over every file.
 */
export async function analyzeRepository(repoDir: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  const root = path.resolve(repoDir);
  const progress = options.onProgress;
  progress?.("list", 0, 1);
  const cache = await Promise.resolve(options.cache ?? null);
  let probe: WorktreeProbe | null = null;
  let key = "";
  if (cache) {
    const real = await realpath(root);
    // git works in its own processes while the snapshot is parsed (in the callback), its
    // untracked cache checked and its result unpacked, in case it still holds.
    let loaded: { from: Snapshot; analysis: Analysis } | undefined;
    const probing = probeGitWorktree(real, () => {
      const last = cache.peek<Snapshot>("snapshot", "base");
      if (last?.version !== SNAPSHOT_VERSION) return null;
      const known = last.untrackedCache && untrackedCacheHolds(real, last.untrackedCache) ? last.untrackedCache : null;
      loaded = { from: last, analysis: loadAnalysis(last.analysis) };
      return known ? { untracked: known.untracked, indexHash: last.indexHash } : null;
    });
    probe = await probing;
    const snapshots = cache.namespace<Snapshot>("snapshot");
    const overlays = cache.namespace<Overlay>("overlay");
    if (probe) {
      key = snapshotKey({
        cache: ANALYSIS_CACHE_VERSION,
        root: real,
        head: probe.head,
        day: new Date().toISOString().slice(0, 10),
        maxFileBytes: options.maxFileBytes ?? ANALYSIS_DEFAULTS.maxFileBytes,
        metrics: options.metrics ?? "hotspots",
        maxMetricFiles: options.maxMetricFiles ?? ANALYSIS_DEFAULTS.maxMetricFiles,
        hotspots: options.hotspotLimit ?? ANALYSIS_DEFAULTS.hotspots,
        since: options.churnSince ?? ANALYSIS_DEFAULTS.churnSince,
      });
      const snapshot = snapshots.get("base", key);
      if (snapshot) {
        const result = await analyzeIncrementally(real, probe, snapshot, overlays.get("overlay", snapshot.id), key, {
          maxFileBytes: options.maxFileBytes ?? ANALYSIS_DEFAULTS.maxFileBytes,
          hotspotLimit: options.hotspotLimit ?? ANALYSIS_DEFAULTS.hotspots,
          ...(loaded?.from === snapshot ? { loaded: loaded.analysis } : {}),
        });
        if ("analysis" in result) {
          overlays.set("overlay", snapshot.id, result.overlay);
          progress?.("list", 1, 1);
          progress?.("incremental", Object.keys(result.overlay.entries).length, result.analysis.files.length);
          const warnings = [...cache.warnings, ...result.analysis.warnings];
          await saveCache(cache, warnings);
          return { ...result.analysis, warnings };
        }
      }
    }
  }
  const full = await analyzeFully(root, options, cache);
  const warnings = [...(cache?.warnings ?? []), ...full.analysis.warnings];
  if (cache && probe) {
    cache.namespace<Snapshot>("snapshot").set("base", key, await toSnapshot(root, key, probe, full));
    cache.namespace<Overlay>("overlay").set("overlay", "", { snapshot: "", entries: {} });
  }
  if (cache) await saveCache(cache, warnings);
  return { ...full.analysis, warnings };
}

/** A cache that cannot be written costs time next run, never the result. */
async function saveCache(cache: AnalysisCache, warnings: string[]): Promise<void> {
  try {
    await cache.save();
  } catch (error) {
    warnings.push(`The analysis cache could not be saved: ${(error as Error).message}`);
  }
}

interface FullRun {
  analysis: Analysis;
  listing: FileListing;
  skippedPaths: Map<string, string[]>;
  listingSkips: Record<string, ListingSkipReason>;
  frameworkReads: string[];
  targets: TargetsInfo;
  churn: ReadonlyMap<string, ChurnEntry>;
}

async function toSnapshot(root: string, key: string, probe: WorktreeProbe, full: FullRun): Promise<Snapshot> {
  const untrackedSet = new Set(probe.untracked);
  const untracked: Record<string, string> = {};
  const dirty: Record<string, string> = {};
  for (const f of full.listing.files) {
    if (f.blob || f.mtimeMs === undefined) continue;
    (untrackedSet.has(f.path) ? untracked : dirty)[f.path] = `${f.size}:${f.mtimeMs}`;
  }
  const skippedPaths: Record<string, string> = {};
  for (const [reason, paths] of full.skippedPaths) {
    // Those skipped for their path alone are known again from the path (see skipReasonOf).
    const byContent = paths.filter((p) => classifyPath(p) === null);
    if (byContent.length) skippedPaths[reason] = `\n${byContent.join("\n")}\n`;
  }
  // Churn matters for metric targets and hotspots only: listed files a path rule does not skip.
  const listed = new Set(full.listing.files.map((f) => f.path));
  return {
    version: SNAPSHOT_VERSION,
    id: createHash("sha256").update(`${key}\0${probe.indexHash}\0${Date.now()}\0${Math.random()}`).digest("hex").slice(0, 16),
    key,
    indexHash: probe.indexHash,
    untrackedHash: probe.untrackedHash,
    untracked,
    dirty,
    skippedPaths,
    listingSkips: full.listingSkips,
    untrackedCache: await buildUntrackedCache(
      root,
      probe.untracked,
      new Set(Object.entries(full.listingSkips).flatMap(([p, why]) => (why === "submodule" ? [p] : []))),
    ),
    coverage: await coverageValidators(root),
    frameworkReads: full.frameworkReads,
    targets: full.targets,
    ...encodeChurn(full.churn, full.analysis.files, (p) => listed.has(p) && classifyPath(p) === null),
    analysis: storeAnalysis(full.analysis),
  };
}

async function analyzeFully(root: string, options: AnalyzeOptions, cache: AnalysisCache | null): Promise<FullRun> {
  const maxFileBytes = options.maxFileBytes ?? ANALYSIS_DEFAULTS.maxFileBytes;
  const metricsScope = options.metrics ?? "hotspots";
  const progress = options.onProgress;

  const listingSkips: Record<string, ListingSkipReason> = {};
  const listing = await listLocalFiles(root, { onSkip: (p, why) => (listingSkips[p] = why) });
  progress?.("list", 1, 1);
  const warnings: string[] = [];

  const statsCache = statsNamespace(cache);
  const skippedPaths = new Map<string, string[]>();
  const collected = await collectFileStats(root, listing, {
    maxFileBytes,
    cache: statsCache,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress("read", done, total) } : {}),
    onSkip: (p, why) => {
      const list = skippedPaths.get(why);
      if (list) list.push(p);
      else skippedPaths.set(why, [p]);
    },
  });
  const skipped: Record<string, number> = { ...listing.skipped };
  for (const [why, n] of Object.entries(collected.skipped)) skipped[why] = (skipped[why] ?? 0) + n;

  const languages: Record<string, LanguageStats> = {};
  const files: AnalyzedFile[] = [];
  let totalBytes = 0;
  for (const s of collected.files) {
    const file: AnalyzedFile = { path: s.path, size: s.size, language: s.language, blob: s.blob, lines: { code: s.code, comment: s.comment, blank: s.blank } };
    files.push(file);
    addToLanguages(languages, file);
    totalBytes += s.size;
  }

  const deps = await analyzeDependencies(root, listing, namespaceOf(cache, "dependencies"), ANALYSIS_DEFAULTS.maxManifestBytes);

  // Churn: one `git log` per HEAD and day (the window moves daily), cached.
  let churn = new Map<string, ChurnEntry>();
  const head = listing.source === "git" ? await gitHead(root) : null;
  if (head) {
    const since = options.churnSince ?? ANALYSIS_DEFAULTS.churnSince;
    const churnCache = namespaceOf<[string, number, number, number][]>(cache, "churn");
    const validator = `${head}\0${since}\0${new Date().toISOString().slice(0, 10)}`;
    const hit = churnCache.get("HEAD", validator);
    if (hit) churn = new Map(hit.map(([p, commits, added, deleted]) => [p, { commits, added, deleted }]));
    else {
      progress?.("churn", 0, 1);
      churn = await collectChurn(root, { since });
      churnCache.set("HEAD", validator, [...churn].map(([p, c]) => [p, c.commits, c.added, c.deleted]));
      progress?.("churn", 1, 1);
    }
  }

  const { functions, targets } = await computeMetrics(root, collected.files, churn, metricsScope, options, cache);
  const hotspotInput = collected.files
    .filter((f) => functions[f.path])
    .map((f) => ({ path: f.path, complexity: fileComplexity(functions[f.path] ?? []).total, code: f.code }));
  const hotspots = churn.size ? rankHotspots(hotspotInput, churn, { limit: options.hotspotLimit ?? ANALYSIS_DEFAULTS.hotspots }) : [];

  const { tests, reads } = await analyzeTests(root, listing, files, cache);
  for (const source of tests.coverage?.sources ?? []) {
    for (const problem of source.problems.slice(0, 3)) warnings.push(`${source.path}: ${problem}`);
  }

  const analysis: Analysis = {
    depth: "content",
    source: listing.source,
    root,
    files,
    skipped: sortKeys(skipped),
    truncated: listing.truncated,
    languages,
    totalBytes,
    dependencies: deps.dependencies,
    dependencyProblems: deps.problems,
    functions,
    metricsScope: head || metricsScope !== "hotspots" ? metricsScope : "none",
    hotspots,
    churnAvailable: churn.size > 0,
    tests,
    warnings,
  };
  return { analysis, listing, skippedPaths, listingSkips, frameworkReads: reads, targets, churn };
}

async function computeMetrics(
  root: string,
  stats: readonly FileStats[],
  churn: ReadonlyMap<string, { commits: number }>,
  scope: "hotspots" | "all" | "none",
  options: AnalyzeOptions,
  cache: AnalysisCache | null,
): Promise<{ functions: Record<string, FunctionMetric[]>; targets: TargetsInfo }> {
  const max = options.maxMetricFiles ?? ANALYSIS_DEFAULTS.maxMetricFiles;
  if (scope === "none") return { functions: {}, targets: { scope, paths: [], last: null, firstOut: null, max } };
  let targets = stats.filter((f) => f.language !== null && METRIC_LANGUAGES.has(f.language));
  let last: TargetKey | null = null;
  let firstOut: TargetKey | null = null;
  if (scope === "hotspots") {
    const keyOf = (f: FileStats): TargetKey => [churn.get(f.path)?.commits ?? 0, f.code, f.path];
    const ranked = targets.filter((f) => (churn.get(f.path)?.commits ?? 0) > 0).sort((a, b) => compareTargetKeys(keyOf(a), keyOf(b)));
    targets = ranked.slice(0, max);
    const lastFile = targets[targets.length - 1];
    const outFile = ranked[max];
    last = lastFile ? keyOf(lastFile) : null;
    firstOut = outFile ? keyOf(outFile) : null;
  }
  const metricsCache = functionsNamespace(cache);
  const out: Record<string, FunctionMetric[]> = {};
  const limit = pLimit(4);
  let done = 0;
  await Promise.all(
    targets.map((f) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const hit = metricsCache.get(f.path, f.blob);
        if (hit) out[f.path] = hit;
        else {
          const text = await readTextFile(root, f.path, options.maxFileBytes ?? ANALYSIS_DEFAULTS.maxFileBytes);
          const metrics = text === null || f.language === null ? null : await functionMetrics(f.language, text);
          if (metrics) {
            out[f.path] = metrics;
            metricsCache.set(f.path, f.blob, metrics);
          }
        }
        options.onProgress?.("metrics", ++done, targets.length);
      }),
    ),
  );
  // Workers finish in any order; the report lists paths sorted.
  return { functions: sortKeys(out), targets: { scope, paths: targets.map((f) => f.path), last, firstOut, max } };
}
