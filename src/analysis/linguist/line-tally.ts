/** Code, comment and blank line counts, as cloc reports them. */
export interface LineCounts {
  code: number;
  comment: number;
  blank: number;
}

/**
 * Accumulates line classes while a scanner walks the bytes. A line is blank when it holds
 * only whitespace (even inside a block comment or a string), code when anything but
 * whitespace is left outside comments, and a comment otherwise — cloc's definitions.
 */
export class LineTally implements LineCounts {
  code = 0;
  comment = 0;
  blank = 0;

  /** Ends one line: `text` = any non-whitespace byte on it, `code` = any outside comments. */
  end(text: boolean, code: boolean): void {
    if (!text) this.blank++;
    else if (code) this.code++;
    else this.comment++;
  }

  counts(): LineCounts {
    return { code: this.code, comment: this.comment, blank: this.blank };
  }
}

/** Whitespace as Perl's `\s` sees bytes (space, tab, CR, form feed, vertical tab); newline is handled apart. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** Where scanning starts: after a UTF-8 byte order mark, which cloc strips too. */
export function contentStart(b: Uint8Array): number {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
}

/** Index of the next newline at or after `from`, or the length when there is none. */
export function lineEnd(b: Uint8Array, from: number): number {
  const nl = b.indexOf(10, from);
  return nl === -1 ? b.length : nl;
}

/** True when the bytes at `at` spell `marker` (ASCII), optionally ignoring ASCII case. */
export function matchesAt(b: Uint8Array, at: number, marker: Uint8Array, ignoreCase = false): boolean {
  if (at + marker.length > b.length) return false;
  for (let k = 0; k < marker.length; k++) {
    let c = b[at + k] as number;
    if (ignoreCase && c >= 65 && c <= 90) c += 32;
    if (c !== marker[k]) return false;
  }
  return true;
}
