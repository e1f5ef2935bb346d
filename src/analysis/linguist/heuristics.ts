import { HEURISTICS, type Disambiguation, type HeuristicRule, type Pattern } from "./rules.generated.js";

/** Linguist reads at most this much of a file for heuristics (Linguist::Heuristics, 50 KiB). */
export const HEURISTICS_CONSIDER_BYTES = 50 * 1024;

const compiled = new Map<Pattern, RegExp>();

function regexOf(pattern: Pattern): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern[0], pattern[1]);
    compiled.set(pattern, re);
  }
  return re;
}

function ruleMatches(rule: HeuristicRule, data: string): boolean {
  if (rule.never) return false;
  if (rule.any && !rule.any.some((p) => regexOf(p).test(data))) return false;
  if (rule.none && rule.none.some((p) => regexOf(p).test(data))) return false;
  if (rule.and && !rule.and.every((sub) => ruleMatches(sub, data))) return false;
  return true;
}

let byExtension: Map<string, Disambiguation> | null = null;

/** The disambiguation for a lower-cased file name, matched on the longest listed extension it ends with. */
function disambiguationFor(lowerName: string): Disambiguation | undefined {
  if (!byExtension) {
    byExtension = new Map();
    for (const d of HEURISTICS) for (const ext of d.extensions) byExtension.set(ext.toLowerCase(), d);
  }
  for (let dot = lowerName.indexOf("."); dot !== -1; dot = lowerName.indexOf(".", dot + 1)) {
    const hit = byExtension.get(lowerName.slice(dot));
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Linguist's heuristics: the languages the first matching rule names for this file's
 * extension, given the start of its content; an empty list when no rule matches or the
 * extension has no rules.
 */
export function heuristicLanguages(fileName: string, content: string): readonly string[] {
  const d = disambiguationFor(fileName.toLowerCase());
  if (!d) return [];
  const data = content.length > HEURISTICS_CONSIDER_BYTES ? content.slice(0, HEURISTICS_CONSIDER_BYTES) : content;
  for (const rule of d.rules) if (ruleMatches(rule, data)) return rule.languages ?? [];
  return [];
}

/**
 * The language a file's extension gets when its content is not known: the heuristics'
 * catch-all rule (one without conditions, e.g. `.ts` → TypeScript, `.h` → C), if any.
 */
export function defaultHeuristicLanguage(fileName: string): string | undefined {
  const d = disambiguationFor(fileName.toLowerCase());
  const fallback = d?.rules.find((r) => !r.any && !r.none && !r.and && !r.never && r.languages?.length === 1);
  return fallback?.languages?.[0];
}
