import type { GenericSyntax } from "./comment-syntax.js";
import { contentStart, isSpace, matchesAt, type LineTally } from "./line-tally.js";

const CODE = 0;
const BLOCK = 1; // a block comment; `closeMarker` ends it
const STRING = 2; // a quoted string; `quote` ends it
const LINE_BLOCK = 3; // =begin … =end, POD: whole lines
const LUA_STRING = 4; // [[ … ]] / [==[ … ]==]: code
const LUA_COMMENT = 5; // --[[ … ]]: comment
const END = 6; // after __END__: everything is comment

const NL = 10;

/** A GenericSyntax turned into byte arrays and lookup tables, once per syntax. */
interface Compiled {
  /** Bytes that may begin something other than plain code. */
  readonly special: Uint8Array;
  readonly line: readonly Uint8Array[];
  readonly lineStart: readonly Uint8Array[];
  readonly firstColumn: readonly Uint8Array[];
  readonly ignoreCase: boolean;
  readonly blocks: readonly (readonly [Uint8Array, Uint8Array])[];
  readonly nested: boolean;
  readonly codeMarkers: readonly Uint8Array[];
  /** 1: a one-line string quote, 2: a quote whose strings span lines. */
  readonly quotes: Uint8Array;
  readonly backslashInStrings: boolean;
  readonly codeEscapes: Uint8Array;
  readonly luaLong: boolean;
  readonly lineBlocks: readonly (readonly [Uint8Array, Uint8Array])[];
  readonly pod: boolean;
  readonly endMarkers: readonly Uint8Array[];
  /** Whether any construct must be checked in the first column. */
  readonly columnZero: boolean;
}

const encoder = new TextEncoder();
const POD_CLOSE = encoder.encode("=cut");
const compiledCache = new WeakMap<GenericSyntax, Compiled>();

function compile(syntax: GenericSyntax): Compiled {
  const hit = compiledCache.get(syntax);
  if (hit) return hit;
  const ignoreCase = syntax.lineStartIgnoreCase ?? false;
  const bytes = (s: string, lower = false) => encoder.encode(lower ? s.toLowerCase() : s);
  // Longest first, so `###` wins over `#` and `{{!--` over `{{!`.
  const byLength = <T extends { length: number }>(list: T[], key: (t: T) => number) => list.sort((a, b) => key(b) - key(a));
  const special = new Uint8Array(256);
  const mark = (m: Uint8Array) => {
    const c = m[0] as number;
    special[c] = 1;
    if (ignoreCase && c >= 97 && c <= 122) special[c - 32] = 1;
  };
  const line = byLength((syntax.line ?? []).map((m) => bytes(m)), (m) => m.length);
  const lineStart = byLength((syntax.lineStart ?? []).map((m) => bytes(m, ignoreCase)), (m) => m.length);
  const firstColumn = (syntax.firstColumn ?? []).map((m) => bytes(m, ignoreCase));
  const blocks = byLength(
    (syntax.block ?? []).map(([open, close]) => [bytes(open), bytes(close)] as const),
    ([open]) => open.length,
  );
  const codeMarkers = (syntax.codeMarkers ?? []).map((m) => bytes(m));
  const lineBlocks = (syntax.lineBlocks ?? []).map(([open, close]) => [bytes(open), bytes(close)] as const);
  const endMarkers = (syntax.endMarkers ?? []).map((m) => bytes(m));
  for (const m of [...line, ...lineStart, ...firstColumn, ...codeMarkers, ...blocks.map(([open]) => open)]) mark(m);
  const quotes = new Uint8Array(256);
  for (const q of syntax.quotes ?? "") quotes[q.charCodeAt(0)] = 1;
  for (const q of syntax.multilineQuotes ?? "") quotes[q.charCodeAt(0)] = 2;
  const codeEscapes = new Uint8Array(256);
  for (const e of syntax.codeEscapes ?? "") codeEscapes[e.charCodeAt(0)] = 1;
  for (let c = 0; c < 256; c++) if (quotes[c] || codeEscapes[c]) special[c] = 1;
  if (syntax.luaLong) special[91] = special[45] = 1; // [ and -
  const compiled: Compiled = {
    special,
    line,
    lineStart,
    firstColumn,
    ignoreCase,
    blocks,
    nested: syntax.nested ?? false,
    codeMarkers,
    quotes,
    backslashInStrings: syntax.backslashInStrings ?? true,
    codeEscapes,
    luaLong: syntax.luaLong ?? false,
    lineBlocks,
    pod: syntax.pod ?? false,
    endMarkers,
    columnZero: lineBlocks.length > 0 || (syntax.pod ?? false) || endMarkers.length > 0 || firstColumn.length > 0,
  };
  compiledCache.set(syntax, compiled);
  return compiled;
}

/** True when nothing but a line end, whitespace or the end of input follows `at`. */
function wordEnds(b: Uint8Array, at: number): boolean {
  const c = b[at];
  return c === undefined || c === NL || isSpace(c);
}

function isLetter(c: number | undefined): boolean {
  return c !== undefined && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90));
}

function isAlnum(c: number | undefined): boolean {
  return c !== undefined && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95);
}

/** Lua long bracket `[`, `=`×level, `[` at `at`: its level, or -1 when there is none. */
function luaLevel(b: Uint8Array, at: number): number {
  if (b[at] !== 91) return -1;
  let j = at + 1;
  while (b[j] === 61) j++;
  return b[j] === 91 ? j - at - 1 : -1;
}

/** Length of the Lua closing bracket `]`, `=`×level, `]` at `at`, or 0 when it is not one. */
function luaCloseLength(b: Uint8Array, at: number, level: number): number {
  if (b[at] !== 93) return 0;
  for (let k = 1; k <= level; k++) if (b[at + k] !== 61) return 0;
  return b[at + level + 1] === 93 ? level + 2 : 0;
}

/**
 * Counts lines for every family without C-style syntax, driven by the language's table:
 * line comments (anywhere, at a line's first text, or in the first column), block comments
 * (optionally nested), strings that hide comment markers, escapes outside strings, Lua long
 * brackets, whole-line blocks (`=begin`/`=end`, POD) and Perl's `__END__`.
 */
export function scanGeneric(b: Uint8Array, syntax: GenericSyntax, tally: LineTally): void {
  const s = compile(syntax);
  const n = b.length;
  let i = contentStart(b);
  let lineStart = 0;
  let text = false;
  let code = false;
  let state = CODE;
  let depth = 0;
  let close: Uint8Array = POD_CLOSE; // closes the current BLOCK or LINE_BLOCK
  let open: Uint8Array = POD_CLOSE; // reopens (nests) the current BLOCK
  let quote = 0;
  let level = 0; // Lua bracket level

  const toLineEnd = () => {
    while (i < n && b[i] !== NL) i++;
  };

  // A #! line is code (cloc puts a script's first line back as code).
  if (b[i] === 35 && b[i + 1] === 33) {
    toLineEnd();
    text = code = true;
  }

  scan: while (i < n) {
    const c = b[i] as number;
    if (c === NL) {
      tally.end(text, code);
      text = code = false;
      lineStart = ++i;
      if (state === STRING && s.quotes[quote] === 1) state = CODE; // one-line strings end with the line
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const firstText = !text;
    text = true;
    switch (state) {
      case CODE: {
        if (i === lineStart && s.columnZero) {
          for (const [o, cl] of s.lineBlocks) {
            if (matchesAt(b, i, o) && wordEnds(b, i + o.length)) {
              state = LINE_BLOCK;
              close = cl;
              toLineEnd();
              continue scan;
            }
          }
          // POD: `=` and a letter in the first column (=head1, =pod, =item …).
          if (s.pod && c === 61 && isLetter(b[i + 1])) {
            state = LINE_BLOCK;
            close = POD_CLOSE;
            toLineEnd();
            continue;
          }
          for (const m of s.endMarkers) {
            if (matchesAt(b, i, m) && wordEnds(b, i + m.length)) {
              state = END;
              toLineEnd();
              continue scan;
            }
          }
          for (const m of s.firstColumn) {
            if (matchesAt(b, i, m, s.ignoreCase)) {
              toLineEnd();
              continue scan;
            }
          }
        }
        if (!s.special[c]) {
          code = true;
          i++;
          continue;
        }
        for (const m of s.codeMarkers) {
          if (matchesAt(b, i, m)) {
            code = true;
            i += m.length;
            continue scan;
          }
        }
        if (s.luaLong && c === 45 && b[i + 1] === 45) {
          const lv = luaLevel(b, i + 2);
          if (lv >= 0) {
            state = LUA_COMMENT;
            level = lv;
            i += lv + 4;
            continue;
          }
        }
        for (const [o, cl] of s.blocks) {
          if (matchesAt(b, i, o)) {
            state = BLOCK;
            depth = 1;
            open = o;
            close = cl;
            i += o.length;
            continue scan;
          }
        }
        for (const m of s.line) {
          if (matchesAt(b, i, m)) {
            toLineEnd();
            continue scan;
          }
        }
        if (firstText) {
          for (const m of s.lineStart) {
            if (matchesAt(b, i, m, s.ignoreCase) && !(isAlnum(m[m.length - 1]) && isAlnum(b[i + m.length]))) {
              toLineEnd();
              continue scan;
            }
          }
        }
        code = true;
        if (s.quotes[c]) {
          state = STRING;
          quote = c;
          i++;
          continue;
        }
        if (s.codeEscapes[c]) {
          i += b[i + 1] === NL ? 1 : 2;
          continue;
        }
        if (s.luaLong && c === 91) {
          const lv = luaLevel(b, i);
          if (lv >= 0) {
            state = LUA_STRING;
            level = lv;
            i += lv + 2;
            continue;
          }
        }
        i++;
        continue;
      }
      case BLOCK: {
        if (matchesAt(b, i, close)) {
          i += close.length;
          if (--depth === 0) state = CODE;
          continue;
        }
        if (s.nested && matchesAt(b, i, open)) {
          depth++;
          i += open.length;
          continue;
        }
        i++;
        continue;
      }
      case STRING: {
        code = true;
        if (c === 92 && s.backslashInStrings) {
          i += b[i + 1] === NL ? 1 : 2;
          continue;
        }
        if (c === quote) state = CODE;
        i++;
        continue;
      }
      case LINE_BLOCK: {
        if (i === lineStart && matchesAt(b, i, close)) state = CODE;
        toLineEnd();
        continue;
      }
      case LUA_STRING:
      case LUA_COMMENT: {
        if (state === LUA_STRING) code = true;
        const len = luaCloseLength(b, i, level);
        if (len > 0) {
          state = CODE;
          i += len;
          continue;
        }
        i++;
        continue;
      }
      default: {
        // END: the rest of the file is comment.
        toLineEnd();
        continue;
      }
    }
  }
  if (lineStart < n) tally.end(text, code);
}
