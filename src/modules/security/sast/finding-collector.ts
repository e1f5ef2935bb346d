import { sastRule } from "./rules.js";
import type { CodeFinding, SastRuleId } from "./types.js";

const SNIPPET_MAX = 200;

/**
 * Turns matches (UTF-16 offsets into the scanned text) into findings with 1-based lines and
 * columns, one finding per rule and place. Line starts are computed on the first match only:
 * most files have none.
 */
export class FindingCollector {
  private lineStarts: number[] | null = null;
  private readonly found: CodeFinding[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {}

  /** Records a match of `ruleId` over `[start, end)`. */
  add(ruleId: SastRuleId, start: number, end: number, message: string): void {
    const key = `${ruleId}:${start}:${end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const rule = sastRule(ruleId);
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    const snippet = this.lineText(from.row);
    this.found.push({
      ruleId,
      title: rule.title,
      level: rule.level,
      cwe: rule.cwe,
      message,
      path: this.path,
      line: from.row + 1,
      column: from.col + 1,
      endLine: to.row + 1,
      endColumn: to.col + 1,
      ...(snippet ? { snippet } : {}),
    });
  }

  /** Findings so far, by position. */
  findings(): CodeFinding[] {
    return [...this.found].sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1));
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  private position(offset: number): { row: number; col: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, col: offset - starts[lo]! };
  }

  private lineText(row: number): string {
    const starts = this.starts();
    const from = starts[row] ?? 0;
    const next = starts[row + 1];
    // Look at a bounded window: a minified line can be megabytes long.
    const to = Math.min(next === undefined ? this.text.length : next, from + 4 * SNIPPET_MAX);
    return this.text.slice(from, to).trim().slice(0, SNIPPET_MAX);
  }
}
