import type { LodestarModule, ModuleResult } from "../types.js";

/** How many languages the finding names; the rest are summed as "others". */
const TOP_LANGUAGES = 8;

/**
 * Repository facts: how many files, which languages. Model-free and cheap, so it runs on
 * every push; it is also the smallest module that proves the whole path end to end.
 */
export const factsModule: LodestarModule = {
  name: "facts",
  description: "Repository facts: file count and languages by extension",
  executesRepoCode: false,
  async run({ analysis }): Promise<ModuleResult> {
    const ranked = Object.entries(analysis.languages).sort(
      ([a, x], [b, y]) => y.files - x.files || a.localeCompare(b),
    );
    const shown = ranked.slice(0, TOP_LANGUAGES).map(([name, s]) => `${name} ${s.files}`);
    const rest = ranked.length - shown.length;
    const skippedTotal = Object.values(analysis.skipped).reduce((a, b) => a + b, 0);
    const message =
      `${analysis.files.length} files` +
      (shown.length ? ` — ${shown.join(", ")}${rest > 0 ? `, and ${rest} other languages` : ""}` : "") +
      (skippedTotal ? `; ${skippedTotal} entries skipped` : "") +
      (analysis.truncated ? "; the file listing was truncated, so these counts are partial" : "");
    return {
      findings: [
        {
          module: "facts",
          ruleId: "facts/summary",
          level: "note",
          title: "Repository facts",
          message,
          evidence: [
            {
              kind: "measurement",
              description: `listed by ${analysis.source}`,
              data: {
                files: analysis.files.length,
                bytes: analysis.totalBytes,
                languages: Object.fromEntries(ranked),
                skipped: analysis.skipped,
                truncated: analysis.truncated,
              },
            },
          ],
        },
      ],
      proposals: [],
    };
  },
};
