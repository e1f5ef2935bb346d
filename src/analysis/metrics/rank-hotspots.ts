import type { FileChurn, Hotspot } from "./types.js";

/** A file offered for ranking: `complexity` is its total, the sum over its functions (`fileComplexity().total`). */
export interface HotspotCandidate {
  path: string;
  complexity: number;
  code: number;
}

export interface RankHotspotsOptions {
  /** How many hotspots to keep (default 50). */
  limit?: number;
}

/**
 * Files ranked by churn × complexity, highest first, ties by path. Churn is the number of
 * commits in the churn window; complexity is the file's total complexity, so a file of many
 * moderately complex functions that keeps changing ranks above a file with one complex
 * function that does not. The score is the raw product, not normalised, so it can be
 * recomputed by hand from the two numbers shown. Files with no churn or no complexity are not
 * hotspots. Ranks are 1-based and distinct (equal scores are ordered by path). A path listed
 * twice is ranked once, with its first entry.
 */
export function rankHotspots(
  files: readonly HotspotCandidate[],
  churn: ReadonlyMap<string, Pick<FileChurn, "commits">>,
  options: RankHotspotsOptions = {},
): Hotspot[] {
  const limit = Math.max(0, Math.floor(options.limit ?? 50));
  const ranked: Omit<Hotspot, "rank">[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    const commits = churn.get(file.path)?.commits ?? 0;
    if (!(commits > 0) || !(file.complexity > 0)) continue;
    ranked.push({ path: file.path, churn: commits, complexity: file.complexity, code: file.code, score: commits * file.complexity });
  }
  ranked.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ranked.slice(0, limit).map((hotspot, index) => ({ ...hotspot, rank: index + 1 }));
}
