import { contentStart, isSpace, matchesAt, type LineTally } from "./line-tally.js";

const NL = 10;
const BACKTICK = 96;
const TILDE = 126;
const COMMENT_WORD = new TextEncoder().encode("comment");

// Byte classes for the line loop: only `<`, `[` and a backtick can start anything.
const PLAIN = 0;
const SPACE = 1;
const SPECIAL = 2;
const MD_CLASS = new Uint8Array(256);
for (const c of [32, 9, 13, 12, 11]) MD_CLASS[c] = SPACE;
for (const c of [60, 91, BACKTICK]) MD_CLASS[c] = SPECIAL;

/** `<!--` at `at`. */
function opensComment(b: Uint8Array, at: number): boolean {
  return b[at] === 60 && b[at + 1] === 33 && b[at + 2] === 45 && b[at + 3] === 45;
}

/** `-->` at `at`. */
function closesComment(b: Uint8Array, at: number): boolean {
  return b[at] === 45 && b[at + 1] === 45 && b[at + 2] === 62;
}

/** Length of the run of `c` starting at `at`. */
function runLength(b: Uint8Array, at: number, c: number, end: number): number {
  let j = at;
  while (j < end && b[j] === c) j++;
  return j - at;
}

function skipSpaces(b: Uint8Array, at: number, end: number): number {
  while (at < end && isSpace(b[at] as number)) at++;
  return at;
}

/**
 * End of a "comment link" — the Markdown comment idiom `[//]: # (text)`, `[comment]: <> (text)`
 * or cloc's looser `[](…)` — starting at `at`, or -1. The text runs to the first `)`.
 */
function commentLinkEnd(b: Uint8Array, at: number, end: number): number {
  if (b[at] !== 91) return -1;
  let j = at + 1;
  if (b[j] === 47 && b[j + 1] === 47) j += 2;
  else if (matchesAt(b, j, COMMENT_WORD)) j += COMMENT_WORD.length;
  if (b[j] !== 93) return -1;
  j = skipSpaces(b, j + 1, end);
  if (b[j] === 58) j = skipSpaces(b, j + 1, end);
  if (b[j] === 35) j = skipSpaces(b, j + 1, end);
  else if (b[j] === 60) {
    j = skipSpaces(b, j + 1, end);
    if (b[j] !== 62) return -1;
    j = skipSpaces(b, j + 1, end);
  }
  if (b[j] !== 40) return -1;
  const close = b.indexOf(41, j + 1);
  return close === -1 || close >= end ? -1 : close + 1;
}

/**
 * Counts Markdown lines: HTML comments (`<!-- -->`, across lines) and comment links are
 * comments, the way cloc filters Markdown; text inside fenced code blocks and inline code
 * spans is code even when it looks like a comment, which cloc does not know.
 */
export function scanMarkdown(b: Uint8Array, tally: LineTally): void {
  const n = b.length;
  let i = contentStart(b);
  let inComment = false;
  let fenceChar = 0; // ` or ~ while inside a fenced code block
  let fenceLength = 0;

  while (i < n) {
    let end = b.indexOf(NL, i);
    if (end === -1) end = n;
    let text = false;
    let code = false;
    let j = i;

    if (!inComment) {
      const first = skipSpaces(b, i, end);
      const indent = first - i;
      const c = b[first] as number;
      if (fenceChar !== 0) {
        // Inside a fence every line is code; a run of the fence character at least as long closes it.
        if (first < end) text = code = true;
        if (c === fenceChar && indent <= 3) {
          const run = runLength(b, first, c, end);
          if (run >= fenceLength && skipSpaces(b, first + run, end) === end) fenceChar = 0;
        }
        tally.end(text, code);
        i = end + 1;
        continue;
      }
      if ((c === BACKTICK || c === TILDE) && indent <= 3) {
        const run = runLength(b, first, c, end);
        if (run >= 3) {
          fenceChar = c;
          fenceLength = run;
          tally.end(true, true);
          i = end + 1;
          continue;
        }
      }
    }

    while (j < end) {
      const c = b[j] as number;
      const k = MD_CLASS[c] as number;
      if (k === SPACE) {
        j++;
        continue;
      }
      text = true;
      if (inComment) {
        if (c === 45 && closesComment(b, j)) {
          inComment = false;
          j += 3;
        } else j++;
        continue;
      }
      if (k === PLAIN) {
        code = true;
        j++;
        continue;
      }
      if (c === 60 && opensComment(b, j)) {
        inComment = true;
        j += 4;
        continue;
      }
      if (c === 91) {
        const linkEnd = commentLinkEnd(b, j, end);
        if (linkEnd !== -1) {
          j = linkEnd;
          continue;
        }
      }
      code = true;
      if (c === BACKTICK) {
        // A code span: the same number of backticks closes it on this line; otherwise they are literal.
        const run = runLength(b, j, BACKTICK, end);
        let m = j + run;
        let closed = -1;
        while (m < end) {
          if (b[m] === BACKTICK) {
            const r = runLength(b, m, BACKTICK, end);
            if (r === run) {
              closed = m + r;
              break;
            }
            m += r;
          } else m++;
        }
        j = closed === -1 ? j + run : closed;
        continue;
      }
      j++;
    }
    tally.end(text, code);
    i = end + 1;
  }
  // A last line without a newline was ended in the loop; a file ending in "\n" has no extra line.
}
