/**
 * The coverage gate's rule on a region: refactored only when the tests run at least half of
 * its instrumented lines; a file the report does not name is not run at all; an unmeasured
 * suite makes coverage unknown, never covered. Hand-built reports, as the parsers produce them.
 */
import { describe, expect, it } from "@jest/globals";
import type { FileCoverage } from "../../../src/analysis/testing/index.js";
import { describeRegionCoverage, MIN_COVERED_SHARE, regionCoverage, type SuiteCoverage } from "../../../src/modules/refactor/index.js";

const ARGV = ["node", "--test", "--experimental-test-coverage"];

/** A file whose lines `from`..`to` are instrumented, the ones in `hit` run once. */
function file(path: string, from: number, to: number, hit: number[]): FileCoverage {
  const lineHits: Record<number, number> = {};
  for (let line = from; line <= to; line++) lineHits[line] = hit.includes(line) ? 1 : 0;
  const covered = Object.values(lineHits).filter((n) => n > 0).length;
  return { path, lines: { covered, total: to - from + 1 }, functions: [], lineHits };
}

const suite = (...files: FileCoverage[]): SuiteCoverage => ({ known: true, files: new Map(files.map((f) => [f.path, f])), argv: ARGV });

describe("regionCoverage", () => {
  const range = { startLine: 10, endLine: 17 };

  it("counts only the region's instrumented lines, and takes half of them as enough", () => {
    expect(MIN_COVERED_SHARE).toBe(0.5);
    // Lines 1-30 instrumented; inside 10-17, four of eight run; lines outside the region do not count.
    const half = regionCoverage(suite(file("src/a.js", 1, 30, [1, 2, 3, 10, 11, 12, 13, 25])), "src/a.js", range);
    expect(half).toEqual({ status: "covered", hit: 4, instrumented: 8, argv: ARGV });
    expect(describeRegionCoverage(half)).toBe("the tests run 4 of 8 instrumented lines (50 %; the rule: at least 50 % of its instrumented lines run by the tests)");
  });

  it("refuses a region the tests barely enter", () => {
    const barely = regionCoverage(suite(file("src/a.js", 1, 30, [1, 2, 10, 11, 12])), "src/a.js", range);
    expect(barely).toMatchObject({ status: "uncovered", hit: 3, instrumented: 8, why: "Most of it never runs under the tests" });
  });

  it("refuses a function no test calls in a file the tests load, though loading runs its first line", () => {
    // Node's lcov counts the declaration line as run when the module loads (the bench's ordinal() shows 1 of 15):
    // a "one line hit" rule would take an uncalled function for a tested one.
    const loaded = regionCoverage(suite(file("src/a.js", 1, 20, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18, 19, 20])), "src/a.js", range);
    expect(loaded).toMatchObject({ status: "uncovered", hit: 1, instrumented: 8, why: "Most of it never runs under the tests" });
    // Istanbul and Cobertura instrument statements only: there, nothing of it runs at all.
    const untouched = regionCoverage(suite(file("src/a.js", 1, 20, [1, 2, 3, 18, 19, 20])), "src/a.js", range);
    expect(untouched).toMatchObject({ status: "uncovered", hit: 0, instrumented: 8, why: "None of its lines runs under the tests" });
  });

  it("refuses a file the report does not name, and one whose region it does not instrument", () => {
    const report = suite(file("src/other.js", 1, 20, [1, 2, 3]), file("src/types.js", 1, 5, [1]));
    expect(regionCoverage(report, "src/a.js", range)).toMatchObject({ status: "uncovered", hit: 0, instrumented: 0, why: "The coverage report does not name its file, so no test loads it" });
    expect(regionCoverage(report, "src/types.js", range)).toMatchObject({ status: "uncovered", instrumented: 0, why: "The coverage report instruments none of its lines" });
  });

  it("passes on why coverage is unknown instead of guessing", () => {
    const unknown = regionCoverage({ known: false, reason: "the repository has no coverage command" }, "src/a.js", range);
    expect(unknown).toEqual({ status: "unknown", reason: "the repository has no coverage command" });
    expect(describeRegionCoverage(unknown)).toBe("coverage of the target was unknown (the repository has no coverage command), so behaviour preservation rests on the test suite passing alone");
  });
});
