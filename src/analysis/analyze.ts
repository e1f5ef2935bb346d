import type { Analysis, AnalyzedFile, LanguageStats } from "./analysis-types.js";
import { languageOf } from "./languages.js";
import type { FileListing } from "./types.js";

/** Adds one file to the per-language totals (files of unknown language go under "Other"). */
export function addToLanguages(languages: Record<string, LanguageStats>, file: AnalyzedFile): void {
  const stats = (languages[file.language ?? "Other"] ??= { files: 0, code: 0, comment: 0, blank: 0, bytes: 0 });
  stats.files += 1;
  stats.bytes += file.size;
  if (file.lines) {
    stats.code += file.lines.code;
    stats.comment += file.lines.comment;
    stats.blank += file.lines.blank;
  }
}

/**
 * The analysis of a listing alone, when no content can be read (the webhook server lists
 * a commit through the tree API): languages by path, no lines, dependencies or metrics.
 * Pure: the listing is the only input.
 */
export function analyzeListing(listing: FileListing): Analysis {
  const languages: Record<string, LanguageStats> = {};
  const files: AnalyzedFile[] = [];
  let totalBytes = 0;
  for (const listed of listing.files) {
    const file: AnalyzedFile = { path: listed.path, size: listed.size, language: languageOf(listed.path) };
    files.push(file);
    addToLanguages(languages, file);
    totalBytes += listed.size;
  }
  return {
    depth: "listing",
    source: listing.source,
    files,
    skipped: listing.skipped,
    truncated: listing.truncated,
    languages,
    totalBytes,
    dependencies: [],
    dependencyProblems: [],
    functions: {},
    metricsScope: "none",
    hotspots: [],
    churnAvailable: false,
    tests: { frameworks: [], files: [], coverage: null },
    warnings: [],
  };
}
