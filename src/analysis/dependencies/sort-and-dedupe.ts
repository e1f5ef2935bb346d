/** The final shape of a dependency list: one entry per (ecosystem, name, version, folder), sorted. */
import { dirName, nameKey } from "./names.js";
import type { Dependency } from "./types.js";

/**
 * Entries with the same ecosystem, name, version and manifest folder become one: direct if
 * any was direct, dev only if all were dev, the first entry's manifest and range kept.
 * Sorted by ecosystem, name (case-insensitively first), version (numbers compared as
 * numbers), then manifest.
 */
export function sortAndDedupe(dependencies: readonly Dependency[]): Dependency[] {
  const byKey = new Map<string, Dependency>();
  for (const d of dependencies) {
    const key = `${d.ecosystem}\0${nameKey(d.ecosystem, d.name)}\0${d.version ?? ""}\0${dirName(d.manifest)}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...d });
      continue;
    }
    seen.direct ||= d.direct;
    seen.dev &&= d.dev;
    if (seen.range === undefined && d.range !== undefined) seen.range = d.range;
  }
  return [...byKey.values()].sort(
    (a, b) =>
      compareText(a.ecosystem, b.ecosystem) ||
      compareText(a.name.toLowerCase(), b.name.toLowerCase()) ||
      compareText(a.name, b.name) ||
      compareVersions(a.version ?? "", b.version ?? "") ||
      compareText(a.manifest, b.manifest),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "1.10.0" after "1.9.0": digit runs compare as numbers, the rest as text. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const diff = x.length !== y.length ? x.replace(/^0+/, "").length - y.replace(/^0+/, "").length : 0;
      if (diff !== 0) return diff;
      return compareText(x.replace(/^0+/, ""), y.replace(/^0+/, "")) || compareText(x, y);
    }
    return compareText(x, y);
  }
  return pa.length - pb.length || compareText(a, b);
}
