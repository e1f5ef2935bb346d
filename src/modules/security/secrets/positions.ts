/**
 * Offset → 1-based line and column. Newlines are indexed lazily and only as far as the last
 * offset asked for, so a finding near the top of a 10 MB file does not index the whole file.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  private scanned = 0;

  constructor(private readonly text: string) {}

  private indexUpTo(offset: number): void {
    while (this.scanned <= offset && this.scanned < this.text.length) {
      const nl = this.text.indexOf("\n", this.scanned);
      if (nl < 0) {
        this.scanned = this.text.length;
        break;
      }
      this.starts.push(nl + 1);
      this.scanned = nl + 1;
    }
  }

  position(offset: number): { line: number; column: number } {
    this.indexUpTo(offset);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

