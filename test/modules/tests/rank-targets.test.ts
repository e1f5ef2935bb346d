/**
 * Which files get tests first: the least covered, weighted by hotspot rank, never a test file,
 * narrowed by `/lodestar tests <path>`.
 */
import { describe, expect, it } from "@jest/globals";
import type { FileCoverage } from "../../../src/analysis/testing/index.js";
import type { Hotspot } from "../../../src/analysis/metrics/index.js";
import { normaliseTarget, rankTargets } from "../../../src/modules/tests/index.js";

/** Coverage of `total` lines, the first `covered` of them hit. */
function cov(path: string, covered: number, total: number, extra: Partial<FileCoverage> = {}): FileCoverage {
  const lineHits: Record<number, number> = {};
  for (let line = 1; line <= total; line++) lineHits[line] = line <= covered ? 1 : 0;
  return { path, lines: { covered, total }, functions: [], lineHits, ...extra };
}

const hot = (path: string, rank: number): Hotspot => ({ path, churn: 10, complexity: 10, code: 100, score: 100, rank });

describe("rankTargets", () => {
  it("puts the least covered first, lifts hotspots, and leaves out covered files, tests and what is not source", () => {
    const coverage = new Map([
      ["src/cold.js", cov("src/cold.js", 5, 10)], // 50 % uncovered, not hot: 0.5
      ["src/hot.js", cov("src/hot.js", 6, 10)], // 40 % uncovered, hotspot 1 of 2: 0.4 × 2 = 0.8
      ["src/done.js", cov("src/done.js", 10, 10)],
      ["test/helper.test.js", cov("test/helper.test.js", 0, 10)],
      ["dist/bundle.js", cov("dist/bundle.js", 0, 10)], // built, not the repository's source
    ]);
    const ranked = rankTargets({
      coverage,
      hotspots: [hot("src/hot.js", 1), hot("src/done.js", 2)],
      sourceFiles: ["src/cold.js", "src/hot.js", "src/done.js"],
    });
    expect(ranked.map((t) => [t.path, t.score, t.hotspotRank])).toEqual([
      ["src/hot.js", 0.8, 1],
      ["src/cold.js", 0.5, null],
    ]);
    expect(ranked[1]!.uncoveredLines).toEqual([6, 7, 8, 9, 10]);
  });

  it("keeps a file whose lines are all run but whose branches are not, after every file with uncovered lines", () => {
    const coverage = new Map([
      ["src/a.js", cov("src/a.js", 10, 10, { branches: { covered: 1, total: 2 } })],
      ["src/b.js", cov("src/b.js", 9, 10)],
    ]);
    expect(rankTargets({ coverage, hotspots: [], sourceFiles: ["src/a.js", "src/b.js"] }).map((t) => t.path)).toEqual(["src/b.js", "src/a.js"]);
  });

  it("takes a hotspot no test loads as wholly uncovered, but not any unreported file", () => {
    const ranked = rankTargets({
      coverage: new Map([["src/a.js", cov("src/a.js", 9, 10)]]),
      hotspots: [hot("src/never-loaded.js", 1)],
      sourceFiles: ["src/a.js", "src/never-loaded.js", "src/config.js"],
    });
    expect(ranked.map((t) => [t.path, t.coverage === null])).toEqual([
      ["src/never-loaded.js", true],
      ["src/a.js", false],
    ]);
  });

  it("narrows to the commanded path, reaching files no test loads", () => {
    const coverage = new Map([
      ["src/parser/lex.js", cov("src/parser/lex.js", 1, 10)],
      ["src/other.js", cov("src/other.js", 0, 10)],
    ]);
    const ranked = rankTargets({ coverage, hotspots: [], sourceFiles: ["src/parser/lex.js", "src/parser/parse.js", "src/parser.js", "src/other.js"], target: "./src/parser/" });
    expect(ranked.map((t) => t.path)).toEqual(["src/parser/parse.js", "src/parser/lex.js"]);
    expect(rankTargets({ coverage, hotspots: [], sourceFiles: ["src/other.js"], target: "src/other.js" }).map((t) => t.path)).toEqual(["src/other.js"]);
  });

  it("names the functions no test calls first, then those with the most lines not run", () => {
    const coverage = cov("src/m.js", 0, 0, {
      lines: { covered: 4, total: 10 },
      lineHits: { 1: 1, 2: 1, 3: 1, 4: 0, 5: 1, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0 },
      functions: [
        { name: "add", startLine: 1, hits: 3 },
        { name: "clamp", startLine: 6, hits: 0 },
      ],
    });
    const [target] = rankTargets({
      coverage: new Map([["src/m.js", coverage]]),
      hotspots: [],
      sourceFiles: ["src/m.js"],
      functions: {
        "src/m.js": [
          { name: "add", kind: "function", startLine: 1, endLine: 5, lines: 5, complexity: 2 },
          { name: "clamp", kind: "function", startLine: 6, endLine: 10, lines: 5, complexity: 3 },
        ],
      },
    });
    expect(target!.focus).toEqual([
      { name: "clamp", startLine: 6, endLine: 10, uncoveredLines: 5, neverCalled: true },
      { name: "add", startLine: 1, endLine: 5, uncoveredLines: 1, neverCalled: false },
    ]);
  });

  it("normalises targets as users type them", () => {
    expect(normaliseTarget("./src//parser/")).toBe("src/parser");
    expect(normaliseTarget("src\\parser")).toBe("src/parser");
    expect(normaliseTarget(undefined)).toBe("");
  });
});
