import type { CoverageCount, CoverageParseOptions, CoverageReport, FileCoverage, FunctionCoverage } from "./types.js";

/**
 * Coverage of one file while a report is read. Whatever the source (two lcov records of one
 * file, two classes of one Cobertura file, two reports), the same line keeps its highest
 * count: "was this line run, and how often at most" stays true, where a sum would count one
 * test run twice when a tool writes the same data in two places.
 */
export class FileAccumulator {
  readonly lineHits = new Map<number, number>();
  readonly lineBranches = new Map<number, CoverageCount>();
  readonly functions = new Map<string, FunctionCoverage>();
  hasBranchData = false;
  /** Branch totals of merged files that came without per-line detail (built by hand, not by a parser). */
  private unplaced: CoverageCount | null = null;

  constructor(public path: string) {}

  addLine(line: number, hits: number): void {
    const prev = this.lineHits.get(line);
    if (prev === undefined || hits > prev) this.lineHits.set(line, hits);
  }

  /** Says the source measured branches for this file, even if it found none. */
  markBranchData(): void {
    this.hasBranchData = true;
  }

  addBranches(line: number, covered: number, total: number): void {
    this.hasBranchData = true;
    const prev = this.lineBranches.get(line);
    if (!prev) this.lineBranches.set(line, { covered, total });
    else {
      prev.covered = Math.max(prev.covered, covered);
      prev.total = Math.max(prev.total, total);
    }
  }

  /** Counts one more branch on `line` (lcov and Istanbul list branches one by one). */
  addBranch(line: number, taken: boolean): void {
    this.hasBranchData = true;
    const b = this.lineBranches.get(line);
    if (!b) this.lineBranches.set(line, { covered: taken ? 1 : 0, total: 1 });
    else {
      b.total++;
      if (taken) b.covered++;
    }
  }

  addFunction(name: string, startLine: number, hits: number): void {
    const key = `${startLine}\u0000${name}`;
    const prev = this.functions.get(key);
    if (!prev) this.functions.set(key, { name, startLine, hits });
    else if (hits > prev.hits) prev.hits = hits;
  }

  /** Folds in a finished file's coverage (used when merging reports). */
  addFile(file: FileCoverage): void {
    for (const [line, hits] of Object.entries(file.lineHits)) this.addLine(Number(line), hits);
    if (file.branches) {
      this.hasBranchData = true;
      if (file.lineBranches) for (const [line, b] of Object.entries(file.lineBranches)) this.addBranches(Number(line), b.covered, b.total);
      else
        this.unplaced = {
          covered: Math.max(this.unplaced?.covered ?? 0, file.branches.covered),
          total: Math.max(this.unplaced?.total ?? 0, file.branches.total),
        };
    }
    for (const f of file.functions) this.addFunction(f.name, f.startLine, f.hits);
  }

  toFileCoverage(): FileCoverage {
    // Integer keys of an object enumerate in ascending order whatever the insertion order.
    const lineHits: Record<number, number> = {};
    let covered = 0;
    for (const [line, hits] of this.lineHits) {
      lineHits[line] = hits;
      if (hits > 0) covered++;
    }
    const functions = [...this.functions.values()].sort((a, b) => a.startLine - b.startLine || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const out: FileCoverage = { path: this.path, lines: { covered, total: this.lineHits.size }, functions, lineHits };
    if (this.hasBranchData) {
      const lineBranches: Record<number, CoverageCount> = {};
      let bCovered = this.unplaced?.covered ?? 0;
      let bTotal = this.unplaced?.total ?? 0;
      for (const [line, b] of this.lineBranches) {
        lineBranches[line] = { covered: b.covered, total: b.total };
        bCovered += b.covered;
        bTotal += b.total;
      }
      out.branches = { covered: bCovered, total: bTotal };
      out.lineBranches = lineBranches;
    }
    return out;
  }
}

/** Files of one report by repo path, in first-seen order. */
export class CoverageCollector {
  private readonly files = new Map<string, FileAccumulator>();

  file(path: string): FileAccumulator {
    let acc = this.files.get(path);
    if (!acc) {
      acc = new FileAccumulator(path);
      this.files.set(path, acc);
    }
    return acc;
  }

  /** Takes a file read on its own (one lcov record); a second one for the same path is merged in. */
  add(acc: FileAccumulator): void {
    const prev = this.files.get(acc.path);
    if (!prev) this.files.set(acc.path, acc);
    else prev.addFile(acc.toFileCoverage());
  }

  get size(): number {
    return this.files.size;
  }

  result(): FileCoverage[] {
    return [...this.files.values()].map((f) => f.toFileCoverage());
  }
}

const MAX_EXAMPLES = 3;

/**
 * Problems of one report, grouped by kind so that a report with 100,000 bad lines yields a
 * few lines with counts rather than 100,000 lines.
 */
export class ProblemLog {
  private readonly kinds = new Map<string, { count: number; examples: string[] }>();
  private readonly order: string[] = [];

  /** Records one occurrence of `kind`, with an example (a path, a line) shown for the first few. */
  add(kind: string, example?: string): void {
    let k = this.kinds.get(kind);
    if (!k) {
      k = { count: 0, examples: [] };
      this.kinds.set(kind, k);
      this.order.push(kind);
    }
    k.count++;
    if (example !== undefined && k.examples.length < MAX_EXAMPLES) k.examples.push(example);
  }

  lines(): string[] {
    return this.order.map((kind) => {
      const k = this.kinds.get(kind)!;
      const more = k.count > k.examples.length && k.examples.length > 0 ? `, …${k.count - k.examples.length} more` : "";
      const examples = k.examples.length ? ` (${k.examples.join(", ")}${more})` : "";
      return k.count > 1 ? `${kind}: ${k.count}${examples}` : `${kind}${examples}`;
    });
  }
}

/** Clips text quoted in a problem line (a bad lcov line can be megabytes long). */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A non-negative integer from report text, or null. */
export function count(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!/^\d+$/.test(t)) {
    // Some tools write hit counts as floats ("1.0") or in exponent form for huge counts.
    const n = Number(t);
    return t !== "" && Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
  }
  return Number(t);
}

/** A positive line number from report text, or null. */
export function lineNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 ? n : null;
}

/** An error's message, whatever realm or shape the thrown value has. */
export function errorMessage(err: unknown): string {
  const message = typeof err === "object" && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : String(err);
}

/** What every parser starts with: its problems, its collector, and the report they make. */
export function startReport(format: CoverageReport["format"], options: CoverageParseOptions): { problems: ProblemLog; collector: CoverageCollector; report: () => CoverageReport } {
  const problems = new ProblemLog();
  const collector = new CoverageCollector();
  return { problems, collector, report: () => ({ format, source: options.source, files: collector.result(), problems: problems.lines() }) };
}

/** Why a report's text cannot be parsed at all ("report is not text", "empty report"), or null. */
export function unusableText(text: unknown): string | null {
  if (typeof text !== "string") return "report is not text";
  return text.trim() === "" ? "empty report" : null;
}
