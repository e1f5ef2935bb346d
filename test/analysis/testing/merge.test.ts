import { describe, expect, it } from "@jest/globals";
import { mergeCoverage, parseCobertura, parseIstanbulJson, parseLcov, type CoverageReport } from "../../../src/analysis/testing/index.js";
import { CART_ROOT, fixture, SHOP_ROOT } from "./fixtures.js";

describe("mergeCoverage", () => {
  const lcov = parseLcov(fixture("jest-cart/lcov.info"), { root: CART_ROOT, source: "coverage/lcov.info" });
  const json = parseIstanbulJson(fixture("jest-cart/coverage-final.json"), { root: CART_ROOT, source: "coverage/coverage-final.json" });

  it("gives back the same coverage when two reports of one run are merged (Jest writes lcov and JSON side by side)", () => {
    const merged = mergeCoverage([lcov, json]);
    expect([...merged.keys()]).toEqual(["src/cart.js", "src/util/format.js"]);
    expect([...merged.values()]).toEqual(lcov.files);
  });

  it("keeps the highest hits per line, the union of lines, and the best branches per line across runs", () => {
    const unit = parseLcov(
      ["SF:src/pay.js", "FN:1,charge", "FN:9,refund", "FNDA:3,charge", "FNDA:0,refund", "DA:2,3", "DA:3,0", "DA:10,0", "BRDA:3,0,0,3", "BRDA:3,0,1,0", "end_of_record", ""].join("\n"),
      { root: "/r", source: "coverage/lcov.info" },
    );
    const e2e = parseLcov(
      ["SF:src/pay.js", "FN:1,charge", "FN:9,refund", "FNDA:1,charge", "FNDA:2,refund", "DA:2,1", "DA:3,1", "DA:10,2", "DA:11,2", "BRDA:3,0,0,0", "BRDA:3,0,1,1", "end_of_record", ""].join("\n"),
      { root: "/r", source: "coverage/e2e/lcov.info" },
    );
    const pay = mergeCoverage([unit, e2e]).get("src/pay.js")!;
    expect(pay.lineHits).toEqual({ 2: 3, 3: 1, 10: 2, 11: 2 });
    expect(pay.lines).toEqual({ covered: 4, total: 4 });
    // One branch taken in each run: per-line merging can only say "at least one of two".
    expect(pay.branches).toEqual({ covered: 1, total: 2 });
    expect(pay.functions).toEqual([
      { name: "charge", startLine: 1, hits: 3 },
      { name: "refund", startLine: 9, hits: 2 },
    ]);
  });

  it("keeps files found in only one report, and branch data when only one side has it", () => {
    const py = parseCobertura(fixture("coverage-py.xml"), { root: SHOP_ROOT, source: "coverage.xml" });
    const linesOnly = parseLcov("SF:src/shop/slug.py\nDA:12,4\nDA:99,1\nend_of_record\n", { root: SHOP_ROOT, source: "lcov.info" });
    const merged = mergeCoverage([py, linesOnly]);
    expect([...merged.keys()]).toEqual(["src/shop/__init__.py", "src/shop/pricing.py", "src/shop/slug.py"]);
    const slug = merged.get("src/shop/slug.py")!;
    expect(slug.lines).toEqual({ covered: 9, total: 15 });
    expect(slug.lineHits[12]).toBe(4);
    expect(slug.branches).toEqual({ covered: 0, total: 2 });
  });

  it("does not modify the reports it merges", () => {
    const before = JSON.stringify([lcov, json]);
    mergeCoverage([lcov, json, lcov]);
    expect(JSON.stringify([lcov, json])).toBe(before);
  });

  it("merges hand-built files that have branch totals but no per-line detail", () => {
    const a: CoverageReport = { format: "lcov", source: "a", problems: [], files: [{ path: "x.c", lines: { covered: 1, total: 1 }, branches: { covered: 1, total: 4 }, functions: [], lineHits: { 1: 1 } }] };
    const b: CoverageReport = { format: "lcov", source: "b", problems: [], files: [{ path: "x.c", lines: { covered: 0, total: 1 }, branches: { covered: 3, total: 4 }, functions: [], lineHits: { 1: 0 } }] };
    expect(mergeCoverage([a, b]).get("x.c")).toMatchObject({ lines: { covered: 1, total: 1 }, branches: { covered: 3, total: 4 } });
  });

  it("returns an empty map for no reports", () => {
    expect(mergeCoverage([]).size).toBe(0);
  });
});
