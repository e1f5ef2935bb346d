/**
 * Text surgery on a source file, by whole lines: the region a target occupies, the file with
 * a region replaced, and the model's answer cleaned into plain source. Pure.
 */

/** 1-based, inclusive line numbers. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/** The file's line ending: CRLF when it uses one anywhere, else LF. */
export function lineEnding(text: string): "\r\n" | "\n" {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

/** The lines of a text without their endings; a final newline does not make an empty last line. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The whole file as a range (at least line 1). */
export function wholeFile(text: string): LineRange {
  return { startLine: 1, endLine: Math.max(1, linesOf(text).length) };
}

/** The region's text, LF line endings, no final newline. */
export function regionText(text: string, range: LineRange): string {
  return linesOf(text)
    .slice(range.startLine - 1, range.endLine)
    .join("\n");
}

/**
 * The file with the region's lines replaced by `replacement` (LF or CRLF; written back with
 * the file's own ending), and where the replacement now sits. The text around the region is
 * kept byte for byte, including whether the file ends with a newline.
 */
export function replaceRegion(text: string, range: LineRange, replacement: string): { text: string; range: LineRange } {
  const eol = lineEnding(text);
  const lines = linesOf(text);
  const endsWithNewline = /\r?\n$/.test(text);
  const inserted = linesOf(replacement);
  const next = [...lines.slice(0, range.startLine - 1), ...inserted, ...lines.slice(range.endLine)];
  const out = next.join(eol) + (endsWithNewline ? eol : "");
  return { text: out, range: { startLine: range.startLine, endLine: range.startLine + Math.max(1, inserted.length) - 1 } };
}

/**
 * The source in a model's answer, as plain text: a Markdown fence around the whole of it is
 * removed (local models add one even inside JSON), line endings become LF, trailing blank
 * lines go. Whatever else it holds is left for the parser and the tests to judge.
 */
export function cleanModelSource(source: string): string {
  let text = source.replace(/\r\n?/g, "\n");
  const fenced = /^\s*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n\1\s*$/.exec(text);
  if (fenced) text = fenced[2]!;
  return text.replace(/\s+$/, "");
}
