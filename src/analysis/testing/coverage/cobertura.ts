import { XMLParser } from "fast-xml-parser";
import { clip, count, errorMessage, type FileAccumulator, lineNumber, startReport, unusableText } from "./accumulator.js";
import { coverageBaseDir, normaliseRoot, resolveReportPath } from "./report-paths.js";
import type { CoverageParseOptions, CoverageReport } from "./types.js";

type Xml = Record<string, unknown>;

const ARRAY_TAGS = new Set(["source", "package", "class", "method", "line", "condition"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});

function isObject(v: unknown): v is Xml {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(v: unknown): Xml[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

function child(v: unknown, name: string): unknown {
  return isObject(v) ? v[name] : undefined;
}

function attr(v: Xml, name: string): string | undefined {
  const a = v[`@_${name}`];
  return typeof a === "string" ? a : undefined;
}

/** `<source>` text, whether the parser gave a string or an object with text. */
function sourceText(v: unknown): string {
  if (typeof v === "string") return v.trim();
  const t = child(v, "#text");
  return typeof t === "string" ? t.trim() : "";
}

/** `50% (1/2)` → { covered: 1, total: 2 }. */
function conditionCoverage(text: string | undefined): { covered: number; total: number } | null {
  const m = text ? /\(\s*(\d+)\s*\/\s*(\d+)\s*\)/.exec(text) : null;
  if (!m) return null;
  const covered = Number(m[1]);
  const total = Number(m[2]);
  return covered <= total ? { covered, total } : null;
}

/**
 * Coverlet reports an `async` or iterator method as `MoveNext` of a compiler-generated class
 * `Type/<Method>d__N`; the source method's name is what a reader looks for.
 */
function methodName(className: string | undefined, name: string): string {
  if (name === "MoveNext" && className) {
    const m = /<([^<>]+)>d__\d+$/.exec(className);
    if (m) return m[1]!;
  }
  return name;
}

function joinSource(source: string, filename: string): string {
  return /[\\/]$/.test(source) ? source + filename : `${source}/${filename}`;
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(p);
}

/** Index just past the `>` that ends the start tag opened at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return -1;
}

/** The name of the document's root element, skipping the prolog, comments and DOCTYPE. */
function rootElement(text: string): string | undefined {
  const re = /<([A-Za-z_][\w:.-]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const before = text.lastIndexOf("<!--", m.index);
    if (before !== -1 && text.indexOf("-->", before) > m.index) {
      re.lastIndex = text.indexOf("-->", before) + 3;
      continue;
    }
    return m[1];
  }
  return undefined;
}

const CLASS_OPEN = /<class[\s/>]/;

/**
 * Parses Cobertura XML (coverage.py's `coverage.xml`, coverlet's `coverage.cobertura.xml`,
 * JaCoCo converted by cover2cover, istanbul's `cobertura-coverage.xml`, tarpaulin, gcovr):
 * `<sources><source>` prefixes, `<class filename=…>` lines with hits and
 * `branch="true" condition-coverage="50% (1/2)"`, `<method>`s with their first line's hits.
 * Several classes of one file (nested and compiler-generated classes) are merged. When there
 * are several `<source>` directories, `options.files` decides which one holds a file.
 *
 * Each `<class>` element is cut out and parsed (and validated) on its own, so memory stays
 * at the size of one class whatever the report's size, and a DOCTYPE's entities never reach
 * the parser. A report cut off mid-way keeps its complete classes and says it was truncated.
 * Never throws: broken XML or another format is reported in `problems`.
 */
export function parseCobertura(text: string, options: CoverageParseOptions): CoverageReport {
  const { problems, collector, report } = startReport("cobertura", options);
  const unusable = unusableText(text);
  if (unusable) {
    problems.add(unusable);
    return report();
  }
  const rootName = rootElement(text);
  if (rootName !== "coverage") {
    problems.add(
      rootName === "report"
        ? "a JaCoCo XML report, not Cobertura (convert it with cover2cover first)"
        : rootName === undefined
          ? "not XML: no element found"
          : `not a Cobertura report: the root element is <${clip(rootName, 40)}>, not <coverage>`,
    );
    return report();
  }
  // A fresh regex per call: its lastIndex is the scan position.
  const classOpen = new RegExp(CLASS_OPEN.source, "g");
  const firstClass = text.search(classOpen);
  const head = firstClass === -1 ? text : text.slice(0, firstClass);
  if (head.includes("<project") && !head.includes("<packages")) {
    problems.add("a Clover XML report, not Cobertura");
    return report();
  }

  const root = normaliseRoot(options.root);
  const baseDir = options.baseDir ?? coverageBaseDir(options.source);
  const sources: string[] = [];
  const sourcesAt = head.indexOf("<sources");
  if (sourcesAt !== -1) {
    const close = head.indexOf("</sources>", sourcesAt);
    const end = close === -1 ? tagEnd(head, sourcesAt) : close + "</sources>".length;
    try {
      const raw = child(parser.parse(head.slice(sourcesAt, end), true), "sources");
      const list = child(raw, "source");
      for (const s of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
        const t = sourceText(s);
        if (t !== "") sources.push(t);
      }
    } catch (err) {
      problems.add(`unreadable <sources>: ${clip(errorMessage(err), 120)}`);
    }
  }

  const resolved = new Map<string, string | null>();
  const resolve = (filename: string): string | null => {
    let hit = resolved.get(filename);
    if (hit !== undefined) return hit;
    const raw = isAbsolute(filename) || sources.length === 0 ? [filename] : sources.map((s) => joinSource(s, filename));
    const candidates = [...new Set(raw.map((c) => resolveReportPath(c, root, baseDir)).filter((c): c is string => c !== null))];
    hit = (options.files && candidates.find((c) => options.files!.has(c))) ?? candidates[0] ?? null;
    if (hit === null) problems.add("file outside the repository root dropped", clip(raw[0] ?? filename));
    else if (candidates.length > 1 && !options.files) problems.add(`files resolved against the first of ${sources.length} <source> directories (no file list to choose with)`, hit);
    resolved.set(filename, hit);
    return hit;
  };

  let branchAttributes = false;
  const touched = new Set<FileAccumulator>();
  let classes = 0;
  let truncated = false;
  classOpen.lastIndex = 0;
  for (let m = classOpen.exec(text); m; m = classOpen.exec(text)) {
    const open = tagEnd(text, m.index);
    if (open === -1) {
      truncated = true;
      break;
    }
    let end = open;
    if (text.charCodeAt(open - 2) !== 47 /* "/>": a class with no lines */) {
      const close = text.indexOf("</class>", open);
      if (close === -1) {
        truncated = true;
        break;
      }
      end = close + "</class>".length;
    }
    classOpen.lastIndex = end;
    let cls: Xml | undefined;
    try {
      cls = list(child(parser.parse(text.slice(m.index, end), true), "class"))[0];
    } catch (err) {
      problems.add("malformed <class> elements skipped", `at offset ${m.index}: ${clip(errorMessage(err), 80)}`);
      continue;
    }
    if (!cls) continue;
    classes++;
    const filename = attr(cls, "filename");
    if (!filename) {
      problems.add("classes without a filename ignored", clip(attr(cls, "name") ?? "?"));
      continue;
    }
    const path = resolve(filename);
    if (path === null) continue;
    const acc = collector.file(path);
    touched.add(acc);
    for (const line of list(child(child(cls, "lines"), "line"))) {
      const n = lineNumber(attr(line, "number"));
      const hits = count(attr(line, "hits"));
      if (n === null || hits === null) {
        problems.add("<line> elements without a valid number and hits ignored", path);
        continue;
      }
      acc.addLine(n, hits);
      const branch = attr(line, "branch");
      if (branch === undefined) continue;
      branchAttributes = true;
      if (branch.toLowerCase() !== "true") continue;
      const cc = conditionCoverage(attr(line, "condition-coverage"));
      if (cc) acc.addBranches(n, cc.covered, cc.total);
      else problems.add("branch lines without a readable condition-coverage ignored", `${path}:${n}`);
    }
    for (const method of list(child(child(cls, "methods"), "method"))) {
      const name = attr(method, "name");
      let first: number | null = null;
      let firstHits = 0;
      for (const line of list(child(child(method, "lines"), "line"))) {
        const n = lineNumber(attr(line, "number"));
        if (n !== null && (first === null || n < first)) {
          first = n;
          firstHits = count(attr(line, "hits")) ?? 0;
        }
      }
      if (!name || first === null) continue;
      acc.addFunction(methodName(attr(cls, "name"), name), first, firstHits);
    }
  }
  if (!truncated && !/<\/coverage>\s*$|<coverage\b[^>]*\/>\s*$/.test(text.slice(-4096))) truncated = true;
  if (truncated) problems.add("report ends before </coverage> (truncated?); only the complete <class> elements were read");
  // coverage.py writes branch attributes only when run with --branch, coverlet and istanbul
  // always: either way the report measured branches for every file, even files with none.
  if (branchAttributes) for (const acc of touched) acc.markBranchData();
  if (classes === 0 && !truncated) problems.add("no <class> elements: the report covers no files");
  return report();
}
