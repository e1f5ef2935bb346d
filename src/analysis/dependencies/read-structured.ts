/**
 * JSON, TOML, YAML and XML readers that never throw: each gives the document or one line
 * saying where it broke, `<path>: <what> at line L column C`. The excerpts of the file that
 * parsers append to their messages are dropped (a broken manifest may hold a token on the
 * line that broke), and a message is capped at 200 characters.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import { readBlockYaml } from "./block-yaml.js";
import type { ManifestProblem } from "./types.js";

export type Read<T> = { ok: true; value: T } | { ok: false; problem: ManifestProblem };

const MAX_MESSAGE = 200;

/** Drops a UTF-8 byte order mark: Windows tools write one, and JSON.parse rejects it. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A one-line problem for `path`: first line of `message`, capped, prefixed with the path. */
export function problem(path: string, message: string): ManifestProblem {
  const line = message.split("\n", 1)[0]!.trim();
  const short = line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
  return { manifest: path, message: `${path}: ${short}` };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parses JSON; an empty file is a problem, since no JSON manifest format allows one. */
export function readJson(path: string, text: string): Read<unknown> {
  const body = stripBom(text);
  if (body.trim() === "") return { ok: false, problem: problem(path, "empty file") };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    // V8 quotes the start of the document in some messages; keep only the diagnosis.
    let message = describeError(err)
      .replace(/, ".*" is not valid JSON$/s, "")
      .replace(/ \(line \d+ column \d+\)$/, "");
    const at = /\s*in JSON at position (\d+)$/.exec(message);
    if (at) {
      const { line, column } = lineColumn(body, Number(at[1]));
      message = `${message.slice(0, at.index)} at line ${line} column ${column}`;
    } else if (/Unexpected end of JSON input/.test(message)) {
      message = `${message} (truncated file?)`;
    }
    return { ok: false, problem: problem(path, message) };
  }
}

/** Parses TOML, or says where it broke. */
export function readToml(path: string, text: string): Read<Record<string, unknown>> {
  try {
    return { ok: true, value: parseToml(stripBom(text)) as Record<string, unknown> };
  } catch (err) {
    const e = err as { line?: unknown; column?: unknown };
    const where = typeof e.line === "number" && typeof e.column === "number" ? ` at line ${e.line} column ${e.column}` : "";
    return { ok: false, problem: problem(path, `${describeError(err).split("\n", 1)[0]}${where}`) };
  }
}

/**
 * Parses YAML with every scalar kept as a string (versions such as `1.10` must not become
 * numbers): the fast block-style reader first, the `yaml` package when the document uses
 * more than that. `uniqueKeys: false` matters: the duplicate-key check is quadratic and
 * takes seconds on a 5 MB lockfile.
 */
export function readYaml(path: string, text: string): Read<unknown> {
  const tooDeep = yamlNestingOver(text, MAX_YAML_DEPTH);
  if (tooDeep > 0) return { ok: false, problem: problem(path, `nested deeper than ${MAX_YAML_DEPTH} levels at line ${tooDeep}`) };
  // pnpm 10 may put an environment document before the lockfile proper: the last one counts.
  const documents = stripBom(text).split(/^---[ \t]*$/m);
  const body = documents.findLast((d) => d.trim() !== "") ?? "";
  const fast = readBlockYaml(body);
  if (fast) return { ok: true, value: fast };
  try {
    const value = parseYaml(body, { schema: "failsafe", uniqueKeys: false, maxAliasCount: 1000 }) as unknown;
    // An empty document is an empty lockfile, not a broken one.
    return { ok: true, value: value ?? {} };
  } catch (err) {
    const message = describeError(err)
      .split("\n", 1)[0]!
      .replace(/:\s*$/, "")
      .replace(/at line (\d+), column (\d+)/, "at line $1 column $2");
    return { ok: false, problem: problem(path, message) };
  }
}

/** Lockfiles nest a handful of levels; far deeper is hostile or broken. */
const MAX_YAML_DEPTH = 64;

/**
 * The line where block indentation or `[`/`{` nesting first passes `max`, or 0. The yaml
 * parser recurses per level, and a stack overflow inside V8's regexp compiler is a fatal
 * out-of-memory rather than an exception, so deep documents are refused before parsing.
 */
function yamlNestingOver(text: string, max: number): number {
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  let flow = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      indent = 0;
      atLineStart = true;
      quote = "";
      continue;
    }
    if (atLineStart) {
      if (c === 32 || c === 45) {
        // Indentation and "- " sequence markers both open a block level.
        if (++indent > max * 4) return line;
        continue;
      }
      atLineStart = false;
    }
    if (quote !== "") {
      if (text[i] === quote) quote = "";
    } else if (c === 34 || c === 39) quote = text[i]!;
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32)) {
      const nl = text.indexOf("\n", i);
      i = (nl === -1 ? text.length : nl) - 1;
    } else if (c === 91 || c === 123) {
      if (++flow > max) return line;
    } else if (c === 93 || c === 125) flow = Math.max(0, flow - 1);
  }
  return 0;
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses XML with values kept as strings. A document that fails validation is still read as
 * far as the parser gets, so a broken pom can yield the dependencies before the break.
 */
export function readXml(path: string, text: string): { value: Record<string, unknown> | null; problem?: ManifestProblem } {
  const body = stripBom(text);
  if (body.trim() === "") return { value: null, problem: problem(path, "empty file") };
  const valid = XMLValidator.validate(body);
  const invalid =
    valid === true ? undefined : problem(path, `${valid.err.msg.replace(/\.$/, "")} at line ${valid.err.line} column ${valid.err.col}`);
  // Not XML at all: nothing to salvage, and parsing megabytes of it would be wasted.
  if (invalid && !body.trimStart().startsWith("<")) return { value: null, problem: invalid };
  try {
    const value = xmlParser.parse(body) as unknown;
    return { value: isRecord(value) ? value : null, ...(invalid ? { problem: invalid } : {}) };
  } catch (err) {
    return { value: null, problem: invalid ?? problem(path, describeError(err)) };
  }
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** XML and TOML give one item or a list; this always gives a list. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The value when it is a string. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A text node from fast-xml-parser: a plain string, or `#text` when the element has attributes. */
export function xmlText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (isRecord(value) && typeof value["#text"] === "string") return value["#text"].trim();
  return undefined;
}
