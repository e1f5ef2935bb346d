import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FunctionKind, FunctionMetric } from "../../../src/analysis/metrics/index.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** A source file from `fixtures/`. */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

/** The 1-based line of the only line containing `marker`; fails loudly if there are none or several. */
export function lineOf(text: string, marker: string): number {
  const lines = text.split("\n");
  const found = lines.flatMap((line, index) => (line.includes(marker) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`marker ${JSON.stringify(marker)} found on ${found.length} lines`);
  return found[0]!;
}

/**
 * An expected function, its lines given by a marker in the source so that a reader can check
 * them against the fixture: `from` is on the declaration's first line; `to` is a marker on its
 * last line, or its length in lines (for functions that end on a bare `}`). One line by default.
 */
export function fn(text: string, name: string, kind: FunctionKind, complexity: number, from: string, to: string | number = 1): FunctionMetric {
  const startLine = lineOf(text, from);
  const endLine = typeof to === "number" ? startLine + to - 1 : lineOf(text, to);
  return { name, kind, startLine, endLine, lines: endLine - startLine + 1, complexity };
}

/** Complexity by qualified name (names must be unique in the snippet). */
export function complexities(metrics: readonly FunctionMetric[] | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const metric of metrics ?? []) {
    if (metric.name in out) throw new Error(`duplicate function name ${metric.name}`);
    out[metric.name] = metric.complexity;
  }
  return out;
}
