import { languageOf } from "./languages.js";
import type { Analysis, FileListing, LanguageStats } from "./types.js";

/** Builds the analysis from a file listing. Pure: the listing is the only input. */
export function analyzeListing(listing: FileListing): Analysis {
  const languages: Record<string, LanguageStats> = {};
  let totalBytes = 0;
  for (const file of listing.files) {
    const language = languageOf(file.path) ?? "Other";
    const stats = (languages[language] ??= { files: 0, bytes: 0 });
    stats.files += 1;
    stats.bytes += file.size;
    totalBytes += file.size;
  }
  return {
    source: listing.source,
    files: listing.files,
    skipped: listing.skipped,
    truncated: listing.truncated,
    languages,
    totalBytes,
  };
}
