import { describe, expect, it } from "@jest/globals";
import { parseIstanbulJson, parseLcov } from "../../../src/analysis/testing/index.js";
import { CART_ROOT, fixture } from "./fixtures.js";

const options = { root: CART_ROOT, source: "coverage/coverage-final.json" };

describe("parseIstanbulJson on Jest's coverage-final.json", () => {
  const report = parseIstanbulJson(fixture("jest-cart/coverage-final.json"), options);

  it("makes the absolute keys repo-relative", () => {
    expect(report.format).toBe("istanbul");
    expect(report.problems).toEqual([]);
    expect(report.files.map((f) => f.path)).toEqual(["src/cart.js", "src/util/format.js"]);
  });

  it("derives line hits from statements (highest count of the statements starting on a line)", () => {
    const cart = report.files[0]!;
    expect(cart.lines).toEqual({ covered: 16, total: 19 });
    // Line 17: the `find` statement ran 3 times, its arrow body 2 times → 3.
    // Line 32: the `reduce` statement ran 4 times, its callback 8 times → 8.
    expect(cart.lineHits[17]).toBe(3);
    expect(cart.lineHits[32]).toBe(8);
    // Line 8 is a constructor's declaration: a function starts there, no statement does.
    expect(cart.lineHits[8]).toBeUndefined();
    expect(cart.branches).toEqual({ covered: 8, total: 9 });
    const format = report.files[1]!;
    expect(format.lines).toEqual({ covered: 5, total: 9 });
    expect(format.branches).toEqual({ covered: 2, total: 6 });
    expect(format.functions).toEqual([
      { name: "formatPrice", startLine: 5, hits: 1 },
      { name: "parsePrice", startLine: 13, hits: 0 },
    ]);
  });

  it("agrees exactly with the lcov.info the same run wrote", () => {
    const lcov = parseLcov(fixture("jest-cart/lcov.info"), { root: CART_ROOT, source: "coverage/lcov.info" });
    expect(report.files).toEqual(lcov.files);
  });

  it("unwraps the old { data: {...} } per-file form", () => {
    const map = JSON.parse(fixture("jest-cart/coverage-final.json")) as Record<string, unknown>;
    const wrapped = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, { data: v }]));
    expect(parseIstanbulJson(JSON.stringify(wrapped), options).files).toEqual(report.files);
  });
});

describe("parseIstanbulJson on broken input", () => {
  const text = fixture("jest-cart/coverage-final.json");

  it("reports truncated JSON and returns no files", () => {
    const r = parseIstanbulJson(text.slice(0, Math.floor(text.length / 2)), options);
    expect(r.files).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^not valid JSON \(truncated\?\): /);
  });

  it("says lcov text, a JSON array and an empty map are not coverage maps", () => {
    expect(parseIstanbulJson(fixture("jest-cart/lcov.info"), options).problems[0]).toMatch(/^not valid JSON/);
    expect(parseIstanbulJson("[1,2]", options).problems).toEqual(["not an Istanbul coverage map: the JSON is not an object keyed by file"]);
    expect(parseIstanbulJson("{}", options).problems).toEqual(["empty coverage map"]);
    expect(parseIstanbulJson("  ", options).problems).toEqual(["empty report"]);
    expect(parseIstanbulJson(42 as unknown as string, options).problems).toEqual(["report is not text"]);
  });

  it("skips entries that are not file coverage (a coverage-summary.json) and says which", () => {
    const summary = JSON.stringify({ total: { lines: { total: 3, covered: 1, pct: 33.3 } } });
    const r = parseIstanbulJson(summary, options);
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual(["entries without statementMap/s ignored (not an Istanbul coverage map?) (total)"]);
  });

  it("keeps a file with broken statements, counting what it could not place", () => {
    const broken = {
      "/home/runner/work/cart/cart/src/a.js": {
        path: "/home/runner/work/cart/cart/src/a.js",
        statementMap: { "0": { start: { line: 1, column: 0 }, end: { line: 1, column: 9 } }, "1": { start: {} } },
        s: { "0": 4, "1": 1, "2": 1 },
        fnMap: { "0": { name: "f", loc: { start: { line: 1, column: 0 } } } },
        f: { "0": 2 },
        branchMap: { "0": { type: "if", locations: [{ start: { line: 1, column: 2 } }, { start: { line: 1, column: 2 } }] } },
        b: { "0": [3, 0], "1": [1] },
      },
      "/elsewhere/b.js": { path: "/elsewhere/b.js", statementMap: {}, s: {} },
    };
    const r = parseIstanbulJson(JSON.stringify(broken), options);
    expect(r.files).toEqual([
      {
        path: "src/a.js",
        lines: { covered: 1, total: 1 },
        branches: { covered: 1, total: 2 },
        functions: [{ name: "f", startLine: 1, hits: 2 }],
        lineHits: { 1: 4 },
        lineBranches: { 1: { covered: 1, total: 2 } },
      },
    ]);
    expect(r.problems).toEqual([
      "statements without a location or count ignored: 2 (src/a.js #1, src/a.js #2)",
      "branches without a location or counts ignored (src/a.js #1)",
      "file outside the repository root dropped (/elsewhere/b.js)",
    ]);
  });
});

describe("parseIstanbulJson at scale", () => {
  it("reads 1,000 files × 300 statements with exact totals", () => {
    const map: Record<string, unknown> = {};
    for (let f = 0; f < 1000; f++) {
      const path = `/r/src/f${f}.ts`;
      const statementMap: Record<string, unknown> = {};
      const s: Record<string, number> = {};
      for (let i = 0; i < 300; i++) {
        statementMap[i] = { start: { line: i + 1, column: 0 }, end: { line: i + 1, column: 10 } };
        s[i] = i % 3 === 0 ? 0 : 1;
      }
      map[path] = { path, statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
    }
    const r = parseIstanbulJson(JSON.stringify(map), { root: "/r", source: "coverage/coverage-final.json" });
    expect(r.problems).toEqual([]);
    expect(r.files).toHaveLength(1000);
    expect(r.files[999]!.lines).toEqual({ covered: 200, total: 300 });
    expect(r.files[999]!.branches).toEqual({ covered: 0, total: 0 });
  });
});
