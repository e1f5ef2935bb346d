import pLimit from "p-limit";
import { z } from "zod";
import { DEFAULT_OSV_TTL_MS, readFresh, writeCache } from "./osv-cache.js";
import { comparablePackageName, osvEcosystem, osvVersion } from "./osv-ecosystem.js";
import { requestJsonWithRetry, type RequestOptions } from "./osv-http.js";
import { CompactVuln, compactVuln, QueryBatchResponse } from "./osv-records.js";
import type { OsvSeverity } from "./osv-severity.js";

export { memoryOsvCache, DEFAULT_OSV_TTL_MS } from "./osv-cache.js";
export type { OsvSeverity } from "./osv-severity.js";

/** A dependency to look up; extra fields (manifest path, …) are carried through to the result. */
export interface OsvDependency {
  name: string;
  version: string | null;
  /** OSV's ecosystem name ("npm", "PyPI", "Go", "crates.io", …) or a package manager's ("pip", "cargo"). */
  ecosystem: string;
}

/** Where answers are kept between runs. `storedAt` is stamped by the cache (ISO 8601). */
export interface OsvCache {
  get(key: string): { value: unknown; storedAt: string } | undefined;
  set(key: string, value: unknown): void;
}

export interface OsvOptions {
  fetch?: typeof fetch;
  /** Base URL of the OSV API, without `/v1` (default https://api.osv.dev). */
  endpoint?: string;
  cache?: OsvCache;
  signal?: AbortSignal;
  /** Time limit per request (default 30 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** How long cached answers are used (default 24 h). */
  cacheTtlMs?: number;
  /** Vulnerability records fetched at once (default 8). */
  concurrency?: number;
  /** Further attempts after a 429/5xx or a network error (default 1), `retryDelayMs` apart (default 500 ms). */
  retries?: number;
  retryDelayMs?: number;
}

export interface OsvVulnerability<D extends OsvDependency = OsvDependency> {
  dep: D;
  id: string;
  aliases: string[];
  summary: string;
  severity: OsvSeverity;
  /** Versions that fix it for this package, as OSV lists them (non-GIT ranges). */
  fixedIn: string[];
  url: string;
}

/**
 * The answer for a set of dependencies. `status` is about the lookup, not the findings: "ok"
 * when every dependency that could be asked was answered, "partial" when some lookups failed,
 * "unknown" when none was answered. Dependencies without a version or in an ecosystem OSV does
 * not cover are in `unchecked` whatever the status: they are unknown, never clean.
 */
export interface OsvResult<D extends OsvDependency = OsvDependency> {
  status: "ok" | "partial" | "unknown";
  checked: number;
  unchecked: { dep: D; reason: string }[];
  vulnerabilities: OsvVulnerability<D>[];
  error?: string;
}

/** One distinct package@version asked about, and the dependencies that share it. */
interface Query<D> {
  key: string;
  ecosystem: string;
  name: string;
  version: string;
  deps: D[];
  ids?: { id: string; modified?: string }[];
  error?: string;
}

const BATCH_LIMIT = 1000;
const MAX_PAGES = 50;
const CACHE_VERSION = "osv/v1";
const CachedIds = z.array(z.object({ id: z.string(), modified: z.string().optional() }));

/**
 * Looks dependencies up in OSV: `POST /v1/querybatch` (at most 1000 queries per request,
 * following `next_page_token`), then `GET /v1/vulns/{id}` for each vulnerability (bounded
 * concurrency). Both kinds of answer are cached with a TTL. Never throws and never reports a
 * dependency clean without an answer: network failures, timeouts, 5xx and malformed bodies
 * leave the affected dependencies in `unchecked`.
 */
export async function queryOsv<D extends OsvDependency>(deps: readonly D[], options: OsvOptions = {}): Promise<OsvResult<D>> {
  try {
    return await lookUp(deps, options);
  } catch (err) {
    // A bug or a hostile input must not turn into "no vulnerabilities".
    const reason = `lookup failed: ${(err as { message?: unknown } | null)?.message ?? String(err)}`;
    return { status: "unknown", checked: 0, unchecked: deps.map((dep) => ({ dep, reason })), vulnerabilities: [], error: reason };
  }
}

async function lookUp<D extends OsvDependency>(deps: readonly D[], options: OsvOptions): Promise<OsvResult<D>> {
  const now = (options.now ?? (() => new Date()))();
  const ttl = options.cacheTtlMs ?? DEFAULT_OSV_TTL_MS;
  const base = (options.endpoint ?? "https://api.osv.dev").replace(/\/+$/, "");
  const http = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 1,
    retryDelayMs: options.retryDelayMs ?? 500,
    ...(options.signal ? { signal: options.signal } : {}),
  };

  const unchecked: { dep: D; reason: string }[] = [];
  const queries = new Map<string, Query<D>>();
  for (const dep of deps) {
    const ecosystem = typeof dep.ecosystem === "string" ? osvEcosystem(dep.ecosystem) : undefined;
    if (typeof dep.version !== "string" || !dep.version.trim()) unchecked.push({ dep, reason: "no resolved version (OSV needs one; a lockfile gives it)" });
    else if (!ecosystem) unchecked.push({ dep, reason: `ecosystem "${dep.ecosystem}" is not covered by OSV` });
    else {
      const version = osvVersion(ecosystem, dep.version);
      const key = `${ecosystem}/${dep.name}@${version}`;
      let q = queries.get(key);
      if (!q) {
        q = { key, ecosystem, name: dep.name, version, deps: [] };
        queries.set(key, q);
      }
      q.deps.push(dep);
    }
  }

  const toAsk: Query<D>[] = [];
  for (const q of queries.values()) {
    const cached = CachedIds.safeParse(readFresh(options.cache, `${CACHE_VERSION}/query/${q.key}`, now, ttl));
    if (cached.success) q.ids = cached.data;
    else toAsk.push(q);
  }
  for (let i = 0; i < toAsk.length; i += BATCH_LIMIT) {
    await askBatch(toAsk.slice(i, i + BATCH_LIMIT), `${base}/v1/querybatch`, http);
  }
  for (const q of toAsk) if (q.ids) writeCache(options.cache, `${CACHE_VERSION}/query/${q.key}`, q.ids);

  const details = await fetchDetails([...queries.values()], `${base}/v1/vulns/`, http, options, now, ttl);

  const vulnerabilities: OsvVulnerability<D>[] = [];
  const errors = new Set<string>();
  let checked = 0;
  let answered = 0;
  for (const q of queries.values()) {
    if (!q.ids) {
      errors.add(q.error ?? "no answer");
      for (const dep of q.deps) unchecked.push({ dep, reason: `OSV did not answer: ${q.error ?? "no answer"}` });
      continue;
    }
    answered += 1;
    checked += q.deps.length;
    for (const { id } of q.ids) {
      const record = details.records.get(id);
      if (record?.withdrawn) continue;
      for (const dep of q.deps) vulnerabilities.push(toVulnerability(dep, q, id, record));
    }
  }
  for (const e of details.errors) errors.add(e);
  const failed = queries.size - answered;
  const status = queries.size > 0 && answered === 0 ? "unknown" : failed > 0 || details.errors.size > 0 ? "partial" : "ok";
  return {
    status,
    checked,
    unchecked,
    vulnerabilities,
    ...(errors.size > 0 ? { error: [...errors].slice(0, 3).join("; ") } : {}),
  };
}

type Http = RequestOptions & { retries: number; retryDelayMs: number };

/** Asks one batch, then follows `next_page_token` for the queries that have more pages. */
async function askBatch<D>(batch: Query<D>[], url: string, http: Http): Promise<void> {
  const collected = new Map<Query<D>, { id: string; modified?: string }[]>(batch.map((q) => [q, []]));
  let pending: { q: Query<D>; token?: string }[] = batch.map((q) => ({ q }));
  for (let page = 0; pending.length > 0; page++) {
    if (page >= MAX_PAGES) {
      for (const { q } of pending) q.error = `more than ${MAX_PAGES} pages of results`;
      break;
    }
    const body = {
      queries: pending.map(({ q, token }) => ({
        package: { name: q.name, ecosystem: q.ecosystem },
        version: q.version,
        ...(token ? { page_token: token } : {}),
      })),
    };
    const res = await requestJsonWithRetry(url, { method: "POST", body: JSON.stringify(body) }, http);
    const parsed = res.ok ? QueryBatchResponse.safeParse(res.body) : undefined;
    const error = !res.ok
      ? `querybatch ${res.error}`
      : !parsed?.success
        ? "querybatch answer has an unexpected shape"
        : parsed.data.results.length !== pending.length
          ? `querybatch answered ${parsed.data.results.length} of ${pending.length} queries`
          : undefined;
    if (error !== undefined || !parsed?.success) {
      for (const { q } of pending) q.error = error;
      return;
    }
    const next: { q: Query<D>; token?: string }[] = [];
    parsed.data.results.forEach((result, i) => {
      const { q } = pending[i]!;
      collected.get(q)!.push(...(result.vulns ?? []).map((v) => ({ id: v.id, ...(v.modified ? { modified: v.modified } : {}) })));
      if (result.next_page_token) next.push({ q, token: result.next_page_token });
    });
    pending = next;
  }
  for (const [q, ids] of collected) {
    if (q.error === undefined) q.ids = [...new Map(ids.map((v) => [v.id, v])).values()];
  }
}

/** Records for every id found, from the cache when fresh and not older than the batch says. */
async function fetchDetails(
  queries: Query<unknown>[],
  urlPrefix: string,
  http: Http,
  options: OsvOptions,
  now: Date,
  ttl: number,
): Promise<{ records: Map<string, CompactVuln>; errors: Set<string> }> {
  const modified = new Map<string, string | undefined>();
  for (const q of queries) for (const v of q.ids ?? []) if (!modified.has(v.id) || v.modified) modified.set(v.id, v.modified);
  const records = new Map<string, CompactVuln>();
  const errors = new Set<string>();
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  await Promise.all(
    [...modified].map(([id, changed]) =>
      limit(async () => {
        const key = `${CACHE_VERSION}/vuln/${id}`;
        const cached = CompactVuln.safeParse(readFresh(options.cache, key, now, ttl));
        if (cached.success && (!changed || !cached.data.modified || cached.data.modified >= changed)) {
          records.set(id, cached.data);
          return;
        }
        const res = await requestJsonWithRetry(`${urlPrefix}${encodeURIComponent(id)}`, { method: "GET" }, http);
        const record = res.ok ? compactVuln(res.body) : undefined;
        if (!record) {
          errors.add(`details of ${id}: ${res.ok ? "unexpected shape" : res.error}`);
          return;
        }
        records.set(id, record);
        writeCache(options.cache, key, record);
      }),
    ),
  );
  return { records, errors };
}

/** A vulnerability for one dependency; without its record (the detail request failed) it still counts, with what is known. */
function toVulnerability<D extends OsvDependency>(dep: D, q: Query<D>, id: string, record: CompactVuln | undefined): OsvVulnerability<D> {
  const url = `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
  if (!record) return { dep, id, aliases: [], summary: "", severity: "unknown", fixedIn: [], url };
  const name = comparablePackageName(q.ecosystem, q.name);
  const mine = record.affected.filter((a) => a.ecosystem === q.ecosystem && comparablePackageName(q.ecosystem, a.name) === name);
  const fixedIn = [...new Set((mine.length > 0 ? mine : record.affected).flatMap((a) => a.fixed))];
  return { dep, id, aliases: record.aliases, summary: record.summary, severity: record.severity, fixedIn, url };
}
