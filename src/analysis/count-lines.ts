import { commentSyntaxOf, type CommentSyntax } from "./linguist/comment-syntax.js";
import { LineTally, contentStart, isSpace, type LineCounts } from "./linguist/line-tally.js";
import { scanCLike } from "./linguist/scan-c-like.js";
import { scanGeneric } from "./linguist/scan-generic.js";
import { scanMarkdown } from "./linguist/scan-markdown.js";

export type { LineCounts } from "./linguist/line-tally.js";

/**
 * Blank and non-blank lines only: for languages without comments (JSON, plain text). Only a
 * line's leading whitespace is looked at in JavaScript; the rest of the line is skipped with
 * a native search for its end.
 */
function scanNoComments(b: Uint8Array, tally: LineTally): void {
  const n = b.length;
  let i = contentStart(b);
  if (i === n && n > 0) tally.end(false, false); // a byte order mark alone: one blank line
  while (i < n) {
    while (i < n && isSpace(b[i] as number)) i++;
    if (i === n) {
      tally.end(false, false); // trailing whitespace without a newline: one blank line
      return;
    }
    if (b[i] === 10) {
      tally.end(false, false);
      i++;
      continue;
    }
    tally.end(true, true);
    const nl = b.indexOf(10, i);
    if (nl === -1) return;
    i = nl + 1;
  }
}

function scan(syntax: CommentSyntax, bytes: Uint8Array): LineCounts {
  const tally = new LineTally();
  switch (syntax.kind) {
    case "c":
      scanCLike(bytes, syntax, tally);
      break;
    case "generic":
      scanGeneric(bytes, syntax, tally);
      break;
    case "markdown":
      scanMarkdown(bytes, tally);
      break;
    default:
      scanNoComments(bytes, tally);
  }
  return tally.counts();
}

/**
 * Code, comment and blank lines of a file's bytes, with cloc's definitions: a blank line
 * holds only whitespace (even inside a block comment), a comment line holds nothing but
 * whitespace once comments are removed, every other line is code. Lines are split on `\n`
 * (a last line without one counts); a UTF-8 byte order mark is ignored. Works on bytes, so
 * text in any ASCII-compatible encoding (UTF-8, Latin-1, Windows-1252) counts the same
 * without decoding. `language` is a Linguist name; one without known comment syntax (or
 * null) counts every non-blank line as code.
 */
export function countLineBytes(language: string | null, bytes: Uint8Array): LineCounts {
  return scan(commentSyntaxOf(language), bytes);
}

/** {@link countLineBytes} for text already in memory. */
export function countLines(language: string | null, text: string): LineCounts {
  return countLineBytes(language, Buffer.from(text, "utf8"));
}
