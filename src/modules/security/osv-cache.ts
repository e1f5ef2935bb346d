import type { OsvCache } from "./osv.js";

/** How long an OSV answer is trusted by default: advisories appear daily, not by the minute. */
export const DEFAULT_OSV_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A cached value when it is younger than `ttlMs` at `now`; undefined when absent, stale, or
 * stamped with a date that does not parse. A cache that throws counts as a miss.
 */
export function readFresh(cache: OsvCache | undefined, key: string, now: Date, ttlMs: number): unknown {
  if (!cache) return undefined;
  let entry: ReturnType<OsvCache["get"]>;
  try {
    entry = cache.get(key);
  } catch {
    return undefined;
  }
  if (!entry) return undefined;
  const stored = Date.parse(entry.storedAt);
  if (!Number.isFinite(stored) || now.getTime() - stored > ttlMs) return undefined;
  return entry.value;
}

/** Writes to the cache, ignoring a cache that fails: a lost entry only costs a request next time. */
export function writeCache(cache: OsvCache | undefined, key: string, value: unknown): void {
  try {
    cache?.set(key, value);
  } catch {
    // see above
  }
}

/** An in-memory {@link OsvCache} that stamps entries with `now()` (for one process, and for tests). */
export function memoryOsvCache(now: () => Date = () => new Date()): OsvCache & { size(): number } {
  const entries = new Map<string, { value: unknown; storedAt: string }>();
  return {
    get: (key) => entries.get(key),
    set: (key, value) => void entries.set(key, { value, storedAt: now().toISOString() }),
    size: () => entries.size,
  };
}
