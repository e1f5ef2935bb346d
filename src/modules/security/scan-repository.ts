import { readFile } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import type { Analysis } from "../../analysis/index.js";
import type { Dependency } from "../../analysis/dependencies/index.js";
import type { AnalysisCache, CacheNamespace } from "../../state/index.js";
import { queryOsv, type OsvCache, type OsvResult } from "./osv.js";
import { sastLanguages, scanCode, type CodeFinding } from "./sast/index.js";
import { scanTextForSecrets, type SecretFinding } from "./secrets/index.js";

/** Options for {@link scanRepository}. */
export interface ScanOptions {
  /** Per-file results of earlier scans, keyed by blob id: unchanged files are not scanned again. */
  cache?: AnalysisCache | null;
  /** Ask OSV about the dependencies (default true). Off, every dependency is reported "unknown". */
  osv?: boolean;
  osvEndpoint?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** Everything the security scan found, before it becomes findings or SARIF. */
export interface SecurityReport {
  secrets: SecretFinding[];
  code: CodeFinding[];
  dependencies: OsvResult<Dependency>;
  filesScanned: number;
  bytesScanned: number;
  /** Files that could not be read, by path (they are not reported clean). */
  unreadable: string[];
}

interface FileScan {
  secrets: SecretFinding[];
  code: CodeFinding[];
}

/** Bumped when rules change, so cached per-file results from older rules are not reused. */
export const SECURITY_RULES_VERSION = "1";

function unscannedOsv(reason: string, deps: Analysis["dependencies"]): OsvResult<Dependency> {
  return {
    status: "unknown",
    checked: 0,
    unchecked: deps.map((dep) => ({ dep, reason })),
    vulnerabilities: [],
    error: reason,
  };
}

/** OSV answers live in the analysis cache's "osv" namespace, one entry per query key. */
function osvCacheOf(cache: AnalysisCache | null | undefined): OsvCache | undefined {
  if (!cache) return undefined;
  const table: CacheNamespace<{ value: unknown; storedAt: string }> = cache.namespace("osv");
  return {
    get: (key) => table.get(key, "osv"),
    set: (key, value) => table.set(key, "osv", { value, storedAt: new Date().toISOString() }),
  };
}

/**
 * Scans an analysed work tree: secrets in every text file the analysis counted, code
 * patterns in the languages with rules, and the dependencies against OSV. Skipped files
 * (vendored, generated, binary, too large) are not scanned; the analysis counts them.
 * In-repo suppression comments are ignored on purpose (FAULTS 20).
 */
export async function scanRepository(analysis: Analysis, options: ScanOptions = {}): Promise<SecurityReport> {
  if (analysis.depth !== "content" || !analysis.root) {
    throw new Error("the security scan needs file contents: analyse a local work tree first");
  }
  const root = analysis.root;
  const perFile: CacheNamespace<FileScan> | null = options.cache ? options.cache.namespace("security") : null;
  const sast = new Set(sastLanguages);
  const secrets: SecretFinding[] = [];
  const code: CodeFinding[] = [];
  const unreadable: string[] = [];
  let bytesScanned = 0;
  let done = 0;
  const limit = pLimit(8);
  await Promise.all(
    analysis.files.map((file) =>
      limit(async () => {
        if (options.signal?.aborted) return;
        const validator = file.blob ? `${SECURITY_RULES_VERSION}:${file.blob}` : null;
        let result = validator ? perFile?.get(file.path, validator) : undefined;
        if (!result) {
          let text: string;
          try {
            text = await readFile(path.join(root, file.path), "utf8");
          } catch {
            unreadable.push(file.path);
            return;
          }
          bytesScanned += text.length;
          const found = scanTextForSecrets(file.path, text);
          const patterns = file.language && sast.has(file.language) ? await scanCode(file.language, file.path, text) : [];
          result = { secrets: found, code: patterns };
          if (validator) perFile?.set(file.path, validator, result);
        }
        secrets.push(...result.secrets);
        code.push(...result.code);
        options.onProgress?.("scan", ++done, analysis.files.length);
      }),
    ),
  );
  const byPlace = (a: { path: string; line: number; column: number }, b: { path: string; line: number; column: number }) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column;
  secrets.sort(byPlace);
  code.sort(byPlace);

  let dependencies: OsvResult<Dependency>;
  if (options.osv === false) dependencies = unscannedOsv("vulnerability lookup switched off (--offline)", analysis.dependencies);
  else {
    options.onProgress?.("osv", 0, 1);
    const osvCache = osvCacheOf(options.cache);
    dependencies = await queryOsv(analysis.dependencies, {
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.osvEndpoint ? { endpoint: options.osvEndpoint } : {}),
      ...(osvCache ? { cache: osvCache } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    options.onProgress?.("osv", 1, 1);
  }
  if (options.cache) await options.cache.save().catch(() => false);
  return { secrets, code, dependencies, filesScanned: analysis.files.length - unreadable.length, bytesScanned, unreadable: unreadable.sort() };
}
