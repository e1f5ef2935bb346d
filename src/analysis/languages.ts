/**
 * Language detection with GitHub Linguist's data (linguist-languages: names, extensions,
 * file names, interpreters) and its order of strategies: file name, then the `#!` line's
 * interpreter, then extension (longest first: `.blade.php` before `.php`), then, when an
 * extension belongs to several languages, heuristics.yml's content rules. Linguist ends
 * with a Bayesian classifier; without it an undecided file gets the heuristics' catch-all
 * language for its extension, else the most common candidate. Vim/Emacs modelines are not
 * read. Names are Linguist's, exactly ("TypeScript", "TSX", "JSON with Comments", "C#").
 */
import { defaultHeuristicLanguage, heuristicLanguages } from "./linguist/heuristics.js";
import { LANGUAGES, type LanguageType } from "./linguist/languages.generated.js";

interface Tables {
  byFilename: Map<string, string[]>;
  byExtension: Map<string, string[]>;
  byInterpreter: Map<string, string[]>;
  types: Map<string, LanguageType>;
}

let tables: Tables | null = null;

function add(map: Map<string, string[]>, key: string, name: string): void {
  const list = map.get(key);
  if (list) list.push(name);
  else map.set(key, [name]);
}

function getTables(): Tables {
  if (tables) return tables;
  const t: Tables = { byFilename: new Map(), byExtension: new Map(), byInterpreter: new Map(), types: new Map() };
  for (const [name, type, extensions, filenames, interpreters] of LANGUAGES) {
    t.types.set(name, type);
    // Linguist matches extensions case-insensitively and file names exactly.
    for (const ext of extensions) add(t.byExtension, ext.toLowerCase(), name);
    for (const file of filenames) add(t.byFilename, file, name);
    for (const interpreter of interpreters) add(t.byInterpreter, interpreter, name);
  }
  tables = t;
  return t;
}

/**
 * Tie-break when nothing else decides: languages in rough order of how common they are in
 * repositories (Linguist's popular.yml, widened), so `.m` without evidence is Objective-C
 * rather than Limbo. Anything not listed comes after, programming before markup, data, prose.
 */
const PREFERENCE = [
  "JavaScript", "TypeScript", "Python", "Java", "C#", "C++", "C", "Go", "Rust", "Ruby", "PHP", "Kotlin", "Swift",
  "Objective-C", "Shell", "HTML", "CSS", "Markdown", "JSON", "YAML", "XML", "SQL", "Perl", "MATLAB", "R", "Scala",
  "Lua", "Haskell", "Clojure", "CoffeeScript", "TeX", "Vim Script", "ActionScript", "Text", "INI", "Makefile",
];
const TYPE_ORDER: Record<LanguageType, number> = { programming: 0, markup: 1, data: 2, prose: 3 };

function preferred(candidates: readonly string[]): string {
  const types = getTables().types;
  const rank = (name: string) => {
    const p = PREFERENCE.indexOf(name);
    return p === -1 ? PREFERENCE.length + TYPE_ORDER[types.get(name) ?? "prose"] : p;
  };
  return [...candidates].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))[0] as string;
}

/**
 * The interpreter a `#!` line names, as Linguist reads it: the program after `/usr/bin/env`
 * (skipping its options and VAR=value words), without a trailing version (`python2.7` →
 * `python2`), and the program an `exec` hack in the first lines of a `sh` script runs.
 */
export function shebangInterpreter(content: string): string | null {
  if (!content.startsWith("#!")) return null;
  const nl = content.indexOf("\n");
  const first = (nl === -1 ? content : content.slice(0, nl)).replace(/\r$/, "");
  const words = first.slice(2).trim().split(/\s+/);
  let script = words[0]?.split("/").pop() ?? "";
  if (script === "env") {
    let k = 1;
    while (k < words.length && (/^-[i0uCSv]*$/.test(words[k] as string) || /^--\S+$/.test(words[k] as string) || /^\S+=\S+$/.test(words[k] as string))) k++;
    script = words[k] ?? "";
  }
  if (!script) return null;
  script = script.replace(/\.\d+$/, "");
  if (script === "sh") {
    const head = content.split("\n", 5).join("\n");
    const exec = /exec (\w+)[\s'"]+\$0[\s'"]+\$@/.exec(head);
    if (exec?.[1]) script = exec[1];
  }
  return script.split("/").pop() || null;
}

/** `Foo.Blade.php` → [".blade.php", ".php"]: every dotted suffix of the base name, longest first (Linguist's order). */
function extensionsOf(base: string): string[] {
  const segments = base.toLowerCase().split(".");
  const out: string[] = [];
  for (let k = 1; k < segments.length; k++) out.push("." + segments.slice(k).join("."));
  return out;
}

function intersect(candidates: readonly string[], found: readonly string[]): string[] {
  return candidates.length ? found.filter((l) => candidates.includes(l)) : [...found];
}

/**
 * Detects a file's language from its path and, when given, the start of its content (at
 * least the first line for `#!`, up to 50 KiB for heuristics). Returns a Linguist language
 * name, or null when Linguist knows none for it.
 */
export function detectLanguage(filePath: string, head?: string): string | null {
  const t = getTables();
  const base = filePath.slice(filePath.lastIndexOf("/") + 1);
  let candidates: string[] = [];
  // Each strategy narrows the candidates; one left decides, none found passes the old list on.
  const narrow = (found: readonly string[]): string | null => {
    const next = intersect(candidates, found);
    if (next.length === 1) return next[0] as string;
    if (next.length > 1) candidates = next;
    return null;
  };

  const byName = narrow(t.byFilename.get(base) ?? []);
  if (byName) return byName;

  if (head !== undefined) {
    const interpreter = shebangInterpreter(head);
    const byInterpreter = interpreter ? narrow(t.byInterpreter.get(interpreter) ?? []) : null;
    if (byInterpreter) return byInterpreter;
  }

  const extension = extensionsOf(base).find((e) => t.byExtension.has(e));
  const byExtension = extension ? narrow(t.byExtension.get(extension) ?? []) : null;
  if (byExtension) return byExtension;

  if (candidates.length === 0) {
    // Linguist's XML strategy: an unknown file that declares itself XML.
    if (head !== undefined && /^(?:\uFEFF)?\s*<\?xml version=/.test(head.slice(0, 200))) return "XML";
    return null;
  }

  if (head !== undefined) {
    // Like Linguist, a matching rule's languages replace the candidates (they need not be among them).
    const decided = heuristicLanguages(base, head).filter((l) => t.types.has(l));
    if (decided.length === 1) return decided[0] as string;
    if (decided.length > 1) candidates = decided;
  } else {
    const fallback = defaultHeuristicLanguage(base);
    if (fallback && candidates.includes(fallback)) return fallback;
  }
  return preferred(candidates);
}

/**
 * Whether the path alone does not settle the language, so {@link detectLanguage} needs the
 * content: no file name or extension match, or several languages share it.
 */
export function languageNeedsContent(filePath: string): boolean {
  const t = getTables();
  const base = filePath.slice(filePath.lastIndexOf("/") + 1);
  const byName = t.byFilename.get(base);
  if (byName) return byName.length !== 1;
  const extension = extensionsOf(base).find((e) => t.byExtension.has(e));
  return extension === undefined || (t.byExtension.get(extension)?.length ?? 0) !== 1;
}

/** The language of a path alone (no content): {@link detectLanguage} without `#!` or heuristics. */
export function languageOf(filePath: string): string | null {
  return detectLanguage(filePath);
}

/** Linguist's type of a language ("programming", "markup", "data", "prose"), or null for an unknown name. */
export function languageType(language: string): LanguageType | null {
  return getTables().types.get(language) ?? null;
}
