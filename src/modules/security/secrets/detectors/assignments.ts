import { isPlaceholder } from "../placeholders.js";
import { PRIORITY, type Detector, type ScanContext } from "../types.js";
import { CONNECTION_STRING, isStandInPassword } from "./connection-strings.js";
import { NAMED_VALUE_RULES, type NamedValueRule } from "./named-values.js";
import { CHECKSUMMED_FORMAT } from "./provider-tokens.js";
import { defineRule } from "./rule.js";
import { secretNameKind } from "./secret-names.js";
import { isCredentialValue } from "./value-checks.js";

const GENERIC_SECRET = defineRule("generic-secret", "generic", "Hard-coded secret", "medium");
const GENERIC_PASSWORD = defineRule("generic-password", "generic", "Hard-coded password", "medium");

const MAX_NAME = 80;
const MAX_VALUE = 600;
/** What reading a name and its operator costs against the file's context budget. */
const NAME_COST = 64;

const namedCache = new Map<string, readonly NamedValueRule[]>();

/** The provider rules whose name pattern matches `name` (cached: names recur). */
function namedRulesFor(name: string): readonly NamedValueRule[] {
  let rules = namedCache.get(name);
  if (!rules) {
    rules = NAMED_VALUE_RULES.filter((r) => r.name.test(name));
    if (namedCache.size > 50_000) namedCache.clear();
    namedCache.set(name, rules);
  }
  return rules;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

function isQuote(ch: string | undefined): ch is '"' | "'" | "`" {
  return ch === '"' || ch === "'" || ch === "`";
}

/** Characters that end an unquoted value (`&` too when the value sits inside a query string). */
function endsUnquoted(c: number, inString: boolean): boolean {
  return (
    c === 32 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39 || c === 96 || c === 44 || c === 59 ||
    c === 60 || c === 62 || c === 41 || c === 125 || c === 93 || (inString && c === 38)
  );
}

interface Literal {
  start: number;
  value: string;
}

/**
 * A quoted string (with b'', r'', @"" prefixes) or, where the syntax allows, a bare value. The
 * characters looked at are charged to the file's context budget.
 */
function readLiteral(ctx: ScanContext, at: number, allowUnquoted: boolean, inString: boolean): Literal | undefined {
  const { text } = ctx;
  let i = at;
  if ("bBrRuU@".includes(text[i] ?? " ") && isQuote(text[i + 1])) i++;
  const q = text[i];
  if (isQuote(q)) {
    const from = i + 1;
    const limit = Math.min(text.length, from + MAX_VALUE);
    let j = from;
    let found: Literal | undefined;
    while (j < limit) {
      const ch = text[j];
      if (ch === q) {
        found = { start: from, value: text.slice(from, j) };
        break;
      }
      if (ch === "\\") j += 2;
      else if (ch === "\n" && q !== "`") break;
      else j++;
    }
    ctx.contextBudget -= j - at;
    return found;
  }
  if (!allowUnquoted || q === "|" || q === ">" || q === undefined) return undefined;
  const limit = Math.min(text.length, i + MAX_VALUE);
  let j = i;
  while (j < limit && !endsUnquoted(text.charCodeAt(j), inString)) j++;
  ctx.contextBudget -= j - at;
  if (j === i || j === limit) return undefined;
  return { start: i, value: text.slice(i, j) };
}

function skipBlanks(text: string, at: number): number {
  let i = at;
  while (i < at + 16 && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

/** `<password>value</password>`: element text, closed by the matching tag (`closing`, if given). */
function readElementText(ctx: ScanContext, at: number, closing?: string): Literal | undefined {
  const window = ctx.text.slice(at, at + MAX_VALUE);
  ctx.contextBudget -= window.length;
  const close = window.indexOf("<");
  if (close < 0 || (closing !== undefined && !window.startsWith(`</${closing}>`, close))) return undefined;
  const raw = window.slice(0, close);
  const value = raw.trim();
  // Element text holds no quotes or tag ends: `<password>` inside an attribute value is not an element.
  if (!value || /[\n"'>]/.test(value)) return undefined;
  return { start: at + raw.indexOf(value), value };
}

/**
 * The name is itself a value (`key="ApiToken"`, `name: API_TOKEN`): the secret is the sibling
 * `value` (same XML tag, or the next line of a Kubernetes env entry) or the element's text.
 */
function readIndirect(ctx: ScanContext, at: number): Literal | undefined {
  const ahead = ctx.text.slice(at, at + 300);
  ctx.contextBudget -= ahead.length;
  const sibling = /^[^\n<>]*?(?:\n[^\n<>]*?)?\bvalue\s*[=:]\s*/i.exec(ahead);
  if (sibling) return readLiteral(ctx, at + sibling[0].length, true, false);
  const tagEnd = /^[^<>\n]*>/.exec(ahead);
  if (tagEnd && !tagEnd[0].endsWith("/>")) return readElementText(ctx, at + tagEnd[0].length);
  return undefined;
}

/** The name is the value of a `key=` / `name:` attribute (`<add key="ApiToken" …>`, `- name: TOKEN`). */
function followsKeyOrName(text: string, s: number, prev: string | undefined): boolean {
  // Cheap test first: the character before the name (past a quote and blanks) must be = or :.
  let i = isQuote(prev) ? s - 2 : s - 1;
  while (i > 0 && (text[i] === " " || text[i] === "\t")) i--;
  if (text[i] !== "=" && text[i] !== ":") return false;
  return /(?:^|[\s<{,-])(?:key|name)\s*[=:]\s*["']?$/i.test(text.slice(Math.max(0, s - 12), s));
}

/** The name follows `ENV` or `ARG` at the start of a line (Dockerfile). */
function isDockerEnvName(text: string, s: number): boolean {
  return /(?:^|\n)[ \t]*(?:ENV|ARG)[ \t]+$/.test(text.slice(Math.max(0, s - 16), s));
}

/** The literal assigned to the name at [s, e), across the syntaxes of code and config files. */
function readAssigned(ctx: ScanContext, s: number, e: number, name: string): { literal: Literal; inString: boolean } | undefined {
  const { text } = ctx;
  const prev = s > 0 ? text[s - 1] : "";
  let i = e;
  let inString = prev === "?" || prev === "&" || prev === ";";
  let quotedName = false;
  if (isQuote(prev)) {
    if (text[i] === prev) {
      quotedName = true;
      i++;
    } else {
      inString = true;
    }
  }
  if (prev === "<" && text[i] === ">") {
    // The closing tag is required: in code, `<Name>` is a type argument.
    const literal = readElementText(ctx, i + 1, name);
    return literal && { literal, inString: false };
  }
  if (followsKeyOrName(text, s, prev) && (quotedName || !isQuote(prev))) {
    const literal = readIndirect(ctx, i);
    return literal && { literal, inString: false };
  }
  if (text[i] === "]") i++;
  const afterName = i;
  i = skipBlanks(text, i);
  const c = text[i];
  const c2 = text[i + 1];
  if (c === ":" && c2 === "=") i += 2;
  else if (c === "=" && c2 === ">") i += 2;
  else if ((c === "=" || c === "!") && c2 === "=") i += text[i + 2] === "=" ? 3 : 2;
  else if (c === ":" && c2 !== ":") {
    // A type annotation (`apiKey: string = "…"`, `var token: String = "…"`) sits between name and `=`.
    const annotation = /^:[ \t]*[A-Za-z_][\w.<>[\]| ?]{0,40}?[ \t]*=(?![=>])/.exec(text.slice(i, i + 48));
    i += annotation ? annotation[0].length : 1;
  } else if (c === "=") i += 1;
  else if ((c === "?" || c === "|") && text[i + 1] === "=") i += 2;
  else if (c === "(" && /^set/i.test(name)) i += 1;
  else if (c === "," && quotedName && /\(\s*$/.test(text.slice(Math.max(0, s - 8), s - 1))) i += 1;
  else if (i > afterName && !quotedName && c !== undefined && c !== "\n" && c !== "\r" && (ctx.blankSeparated || isDockerEnvName(text, s))) {
    // `ENV NAME value` (Dockerfile), `password value` (.netrc): a blank separates name and value.
    // Nowhere else: in prose "pass through" or "the token is" would read as assignments.
  } else return undefined;
  i = skipBlanks(text, i);
  const literal = readLiteral(ctx, i, ctx.kind !== "code" || inString, inString);
  return literal && { literal, inString };
}

/**
 * A cheap look at the characters around a name, before any string is made: most occurrences of
 * "key" or "token" in code (`Object.keys(`, `.token)`) are followed by nothing like an assignment.
 */
function mayBeAssigned(ctx: ScanContext, text: string, s: number, e: number): boolean {
  const before = text.charCodeAt(s - 1);
  let i = e;
  let c = text.charCodeAt(i);
  if (c === 34 || c === 39 || c === 96) c = text.charCodeAt(++i);
  if (c === 93) c = text.charCodeAt(++i);
  if (c === 62) return before === 60 || before === 34 || before === 39;
  while ((c === 32 || c === 9) && i < e + 16) c = text.charCodeAt(++i);
  // = : ( , ! — a line end (the name is a value: `- name: API_TOKEN` then `value: …`) — and, in
  // config files, a blank before the value (`ENV NAME value`).
  return (
    c === 61 || c === 58 || c === 40 || c === 44 || c === 33 || c === 63 || c === 124 || c === 10 || c === 13 ||
    (i > e && ctx.kind !== "code")
  );
}

/** "public key: …", "Publishable key = …": a name written as words, qualified as public. */
function isPublicInProse(text: string, s: number): boolean {
  if (text[s - 1] !== " ") return false;
  const before = /([A-Za-z]+) $/.exec(text.slice(Math.max(0, s - 14), s))?.[1]?.toLowerCase();
  return before === "public" || before === "publishable" || before === "pub";
}

/** `Bearer abc…` / `token abc…` as a value: the credential is the part after the scheme. */
function withoutAuthScheme(literal: Literal): Literal {
  const m = /^(?:Bearer|bearer|Basic|Token|token)\s+(?=\S+$)/.exec(literal.value);
  return m ? { start: literal.start + m[0].length, value: literal.value.slice(m[0].length) } : literal;
}

/**
 * Names that say secret/token/password/api key… assigned a literal: `.env` KEY=value, YAML and
 * TOML `key: value` / `key = "value"`, JSON, INI, XML elements and attributes, code assignments in
 * most languages, shell `export`, Dockerfile `ENV`. Provider formats with no prefix are recognised
 * by the name (NAMED_VALUE_RULES); everything else must pass the entropy and look-alike checks.
 */
export const assignments: Detector = {
  name: "assignments",
  triggers: ["secret", "token", "pass", "pwd", "key", "auth", "cred"],
  detect(ctx, hit) {
    if (ctx.binary || ctx.kind === "lockfile") return;
    const { text } = ctx;
    let s = hit;
    const lo = Math.max(0, hit - MAX_NAME);
    while (s > lo && isNameChar(text.charCodeAt(s - 1))) s--;
    if (s === lo && s > 0 && isNameChar(text.charCodeAt(s - 1))) return;
    let e = hit;
    const hi = Math.min(text.length, hit + MAX_NAME);
    while (e < hi && isNameChar(text.charCodeAt(e))) e++;
    if (e === hi && e < text.length && isNameChar(text.charCodeAt(e))) return;
    while (s < e && text.charCodeAt(s) === 45) s++;
    if (!mayBeAssigned(ctx, text, s, e)) return;
    if (ctx.lastNameStart === s) return;
    ctx.lastNameStart = s;
    const name = text.slice(s, e);
    const kind = secretNameKind(name);
    if (!kind || isPublicInProse(text, s)) return;
    const named = namedRulesFor(name);
    // Bounded work per file whatever the input (a minified line saying "token" 100,000 times).
    if (ctx.contextBudget <= 0) return;
    ctx.contextBudget -= NAME_COST;
    const assigned = readAssigned(ctx, s, e, name);
    if (!assigned) return;
    const literal = withoutAuthScheme(assigned.literal);
    const value = literal.value;
    if (value !== value.trim() || value.length === 0) return;
    const end = literal.start + value.length;
    for (const rule of named) {
      if (rule.value.test(value) && (!rule.check || rule.check(value)) && !isPlaceholder(value)) {
        ctx.emit({ rule: rule.rule, start: literal.start, end, secret: value, priority: PRIORITY.provider });
        return;
      }
    }
    if (kind === "password" && assigned.inString) {
      const line = text.slice(Math.max(0, s - 300), s);
      if (/(?:server|data source|host|address|addr|uid|user id|database|initial catalog|driver)\s*=/i.test(line)) {
        if (!isStandInPassword(value, "")) {
          ctx.emit({ rule: CONNECTION_STRING, start: literal.start, end, secret: value, priority: PRIORITY.structure });
        }
        return;
      }
    }
    // Shapes with a detector of their own were judged there: an unsigned JWT, a GitHub token with a
    // failing checksum are not secrets, whatever they are called.
    if (CHECKSUMMED_FORMAT.test(value) || /^eyJ[\w-]*\.[\w-]*\./.test(value)) return;
    if (!isCredentialValue(value, kind)) return;
    const rule = kind === "password" ? GENERIC_PASSWORD : GENERIC_SECRET;
    ctx.emit({ rule, start: literal.start, end, secret: value, priority: PRIORITY.generic });
  },
};
