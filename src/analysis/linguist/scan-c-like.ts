import type { CLikeSyntax } from "./comment-syntax.js";
import { contentStart, type LineTally } from "./line-tally.js";

// Scanner states.
const CODE = 0;
const BLOCK = 1;
const STRING = 2; // "…" or '…': ends at the quote or, unterminated, at the end of the line
const TEMPLATE = 3; // JavaScript `…${…}…`
const RAW = 4; // Go `…`
const TRIPLE = 5; // """…"""
const VERBATIM = 6; // C# @"…"

const NL = 10;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKTICK = 96;
const HASH = 35;
const DOLLAR = 36;
const LBRACE = 123;
const RBRACE = 125;

// Byte classes: the inner loops skip PLAIN bytes without looking further.
const PLAIN = 0;
const SPACE = 1;
const NEWLINE = 2;
const SPECIAL = 3;
const CLASS = new Uint8Array(256);
for (const c of [32, 9, 13, 12, 11]) CLASS[c] = SPACE;
CLASS[NL] = NEWLINE;
for (const c of [SLASH, STAR, BACKSLASH, DQUOTE, SQUOTE, BACKTICK, HASH, DOLLAR, LBRACE, RBRACE, 64]) CLASS[c] = SPECIAL;

/** Bytes after which `/` starts a regular expression rather than a division. */
const REGEX_PRECEDERS = new Uint8Array(256);
for (const ch of "(,=:[!&|?{};+-*%<>~^") REGEX_PRECEDERS[ch.charCodeAt(0)] = 1;

/** Keywords after which `/` starts a regular expression (`return /x/`). */
const REGEX_KEYWORDS = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

/** `prevAt` values that are not byte positions: nothing before yet, or a literal value (string, regex). */
const START = -1;
const VALUE = -2;

function isIdentByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === DOLLAR;
}

/** Whether a `/` whose previous significant byte sits at `prevAt` opens a regular expression. */
function regexAllowed(b: Uint8Array, prevAt: number): boolean {
  if (prevAt === START) return true;
  if (prevAt === VALUE) return false;
  const p = b[prevAt] as number;
  if (REGEX_PRECEDERS[p]) return true;
  if (!isIdentByte(p)) return false;
  let start = prevAt;
  while (start > 0 && isIdentByte(b[start - 1] as number)) start--;
  if (prevAt - start > 10) return false;
  return REGEX_KEYWORDS.has(String.fromCharCode(...b.subarray(start, prevAt + 1)));
}

/** End (exclusive) of a regular expression literal starting at `at` (the `/`); it never crosses a line. */
function regexEnd(b: Uint8Array, at: number): number {
  let inClass = false;
  for (let j = at + 1; j < b.length; j++) {
    const c = b[j] as number;
    if (c === NL) return j;
    if (c === BACKSLASH) {
      if (b[j + 1] === NL) return j + 1;
      j++;
    } else if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === SLASH && !inClass) return j + 1;
  }
  return b.length;
}

/** Byte length of the UTF-8 character whose first byte is `c`. */
function utf8Length(c: number): number {
  return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/**
 * End (exclusive) of a character literal opening at `at`, or -1 when the quote is not one
 * (a Rust lifetime `'a`, a C++ digit separator `1'000`, an apostrophe in a macro).
 */
function charLiteralEnd(b: Uint8Array, at: number): number {
  const first = b[at + 1];
  if (first === undefined || first === NL) return -1;
  if (first === BACKSLASH) {
    // '\n', '\'', '\x41', '\u{1F600}': the closing quote comes within a few bytes.
    for (let j = at + 3; j < Math.min(b.length, at + 14); j++) {
      const c = b[j];
      if (c === NL) return -1;
      if (c === SQUOTE) return j + 1;
    }
    return -1;
  }
  if (first === SQUOTE) return -1;
  const close = at + 1 + utf8Length(first);
  return b[close] === SQUOTE ? close + 1 : -1;
}

/**
 * Counts lines of a C-family file in one pass over its bytes: `//` and `/* *\/` comments
 * (nested where the language nests them), and the language's strings, character literals,
 * template literals, raw and verbatim strings and (JavaScript) regular expression literals,
 * so comment markers inside them are not comments. Strings that cannot span lines end at the
 * line's end even when unterminated, so one odd quote cannot swallow the rest of a file.
 */
export function scanCLike(b: Uint8Array, syntax: CLikeSyntax, tally: LineTally): void {
  const n = b.length;
  // Options as plain locals: syntax objects of different shapes must not reach the hot loop.
  const slashSlash = syntax.slashSlash;
  const nested = syntax.nested === true;
  const regex = syntax.regex === true;
  const hashComments = syntax.hash === true;
  const triple = syntax.tripleQuote === true;
  const verbatim = syntax.verbatim === true;
  const singleString = syntax.single === "string";
  const singleChar = syntax.single === "char";
  const template = syntax.backtick === "template";
  const raw = syntax.backtick === "raw";
  let i = contentStart(b);
  let lineStart = 0;
  let text = false;
  let code = false;
  let state = CODE;
  let depth = 0; // nesting of block comments
  let quote = 0; // the quote closing the current STRING
  let prevAt = START; // last significant code byte, for regex detection
  const templates: number[] = []; // open braces inside each `${` of enclosing templates

  // A #! line is code (cloc puts a script's first line back as code).
  if (b[i] === HASH && b[i + 1] === 33) {
    while (i < n && b[i] !== NL) i++;
    text = code = true;
  }

  while (i < n) {
    let c = b[i] as number;
    const cls = CLASS[c] as number;
    if (cls === NEWLINE) {
      tally.end(text, code);
      text = code = false;
      lineStart = ++i;
      if (state === STRING) state = CODE; // one-line strings end with the line
      continue;
    }
    if (cls === SPACE) {
      i++;
      continue;
    }
    text = true;

    if (state === CODE) {
      if (cls === PLAIN) {
        // A run of ordinary code bytes, spaces included: the line is code already.
        code = true;
        let last = i;
        for (c = b[++i] as number; i < n; c = b[++i] as number) {
          const k = CLASS[c] as number;
          if (k === PLAIN) last = i;
          else if (k !== SPACE) break;
        }
        prevAt = last;
        continue;
      }
      if (c === SLASH) {
        const d = b[i + 1];
        if (d === SLASH && slashSlash) {
          const nl = b.indexOf(NL, i);
          i = nl === -1 ? n : nl;
          continue;
        }
        if (d === STAR) {
          state = BLOCK;
          depth = 1;
          i += 2;
          continue;
        }
        code = true;
        if (regex && regexAllowed(b, prevAt)) {
          i = regexEnd(b, i);
          prevAt = VALUE; // a `/` right after a regex literal divides
          continue;
        }
        prevAt = i++;
        continue;
      }
      if (c === HASH && hashComments && b[i + 1] !== 91) {
        const nl = b.indexOf(NL, i);
        i = nl === -1 ? n : nl;
        continue;
      }
      code = true;
      if (c === DQUOTE) {
        if (triple && b[i + 1] === DQUOTE && b[i + 2] === DQUOTE) {
          state = TRIPLE;
          i += 3;
        } else {
          state = verbatim && i > lineStart && b[i - 1] === 64 ? VERBATIM : STRING;
          quote = DQUOTE;
          i++;
        }
        prevAt = VALUE;
        continue;
      }
      if (c === SQUOTE && (singleString || singleChar)) {
        if (singleString) {
          state = STRING;
          quote = SQUOTE;
          i++;
        } else {
          const end = charLiteralEnd(b, i);
          i = end === -1 ? i + 1 : end;
        }
        prevAt = VALUE;
        continue;
      }
      if (c === BACKTICK && (template || raw)) {
        state = template ? TEMPLATE : RAW;
        i++;
        prevAt = VALUE;
        continue;
      }
      if (templates.length > 0 && (c === LBRACE || c === RBRACE)) {
        const top = templates.length - 1;
        const open = templates[top] as number;
        if (c === LBRACE) templates[top] = open + 1;
        else if (open === 0) {
          templates.pop();
          state = TEMPLATE;
          i++;
          continue;
        } else templates[top] = open - 1;
      }
      prevAt = i++;
      continue;
    }

    if (state === BLOCK) {
      // Comment text up to the next byte that could end (or nest) the comment.
      while (i < n) {
        c = b[i] as number;
        if (c === STAR || c === NL || (c === SLASH && nested)) break;
        i++;
      }
      if (c === STAR && b[i + 1] === SLASH) {
        i += 2;
        if (--depth === 0) state = CODE;
      } else if (c === SLASH && nested && b[i + 1] === STAR) {
        depth++;
        i += 2;
      } else if (c !== NL) i++;
      continue;
    }

    // Inside a string of some kind: its bytes are code.
    code = true;
    if (state === STRING) {
      while (i < n) {
        c = b[i] as number;
        if (c === quote || c === BACKSLASH || c === NL) break;
        i++;
      }
      if (c === BACKSLASH) {
        // An escaped newline continues the string on the next line.
        if (b[i + 1] === NL) {
          tally.end(text, code);
          text = code = false;
          lineStart = i += 2;
        } else i += 2;
      } else if (c === quote) {
        state = CODE;
        i++;
      }
      continue;
    }
    if (state === TEMPLATE) {
      if (c === BACKSLASH) i += b[i + 1] === NL ? 1 : 2;
      else if (c === BACKTICK) {
        state = CODE;
        i++;
      } else if (c === DOLLAR && b[i + 1] === LBRACE) {
        templates.push(0);
        state = CODE;
        i += 2;
      } else i++;
      continue;
    }
    if (state === RAW) {
      if (c === BACKTICK) state = CODE;
      i++;
      continue;
    }
    if (state === TRIPLE) {
      if (c === BACKSLASH) i += b[i + 1] === NL ? 1 : 2;
      else if (c === DQUOTE && b[i + 1] === DQUOTE && b[i + 2] === DQUOTE) {
        state = CODE;
        i += 3;
      } else i++;
      continue;
    }
    // VERBATIM: "" is an escaped quote.
    if (c === DQUOTE) {
      if (b[i + 1] === DQUOTE) {
        i += 2;
        continue;
      }
      state = CODE;
    }
    i++;
  }
  if (lineStart < n) tally.end(text, code);
}
