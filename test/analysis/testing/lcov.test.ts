import { describe, expect, it } from "@jest/globals";
import { parseLcov, type FileCoverage } from "../../../src/analysis/testing/index.js";
import { CART_ROOT, fixture } from "./fixtures.js";

function byPath(files: FileCoverage[]): Record<string, FileCoverage> {
  return Object.fromEntries(files.map((f) => [f.path, f]));
}

describe("parseLcov on Jest's lcov.info (istanbul's lcov writer, as nyc and c8 use)", () => {
  const report = parseLcov(fixture("jest-cart/lcov.info"), { root: CART_ROOT, source: "coverage/lcov.info" });
  const files = byPath(report.files);

  it("reads both records with no problems", () => {
    expect(report.format).toBe("lcov");
    expect(report.source).toBe("coverage/lcov.info");
    expect(report.problems).toEqual([]);
    expect(report.files.map((f) => f.path)).toEqual(["src/cart.js", "src/util/format.js"]);
  });

  it("counts lines, branches and functions of src/cart.js as the text report does (16/19 lines, 8/9 branches)", () => {
    const cart = files["src/cart.js"]!;
    expect(cart.lines).toEqual({ covered: 16, total: 19 });
    expect(cart.branches).toEqual({ covered: 8, total: 9 });
    expect(cart.lineHits).toEqual({
      3: 1, 5: 1, 9: 2, 10: 2, 14: 4, 15: 1, 17: 3, 18: 3, 19: 1, 21: 2, 23: 3, 27: 0, 28: 0, 32: 8, 36: 3, 37: 3, 41: 1, 46: 0, 49: 1,
    });
    expect(cart.lineBranches?.[36]).toEqual({ covered: 1, total: 2 });
    expect(cart.functions).toHaveLength(10);
    expect(cart.functions.filter((f) => f.hits === 0).map((f) => `${f.name}@${f.startLine}`)).toEqual([
      "(anonymous_3)@26",
      "(anonymous_4)@27",
      "emptyCart@45",
    ]);
    expect(cart.functions.find((f) => f.name === "(anonymous_6)")).toEqual({ name: "(anonymous_6)", startLine: 32, hits: 8 });
  });

  it("counts src/util/format.js (5/9 lines, 2/6 branches, parsePrice never called)", () => {
    const format = files["src/util/format.js"]!;
    expect(format.lines).toEqual({ covered: 5, total: 9 });
    expect(format.branches).toEqual({ covered: 2, total: 6 });
    expect(format.functions).toEqual([
      { name: "formatPrice", startLine: 5, hits: 1 },
      { name: "parsePrice", startLine: 13, hits: 0 },
    ]);
  });

  it("reads the same file with CRLF line ends and a BOM", () => {
    const windows = "\ufeff" + fixture("jest-cart/lcov.info").replace(/\n/g, "\r\n");
    expect(parseLcov(windows, { root: CART_ROOT, source: "coverage/lcov.info" })).toEqual(report);
  });

  it("resolves relative SF paths against the folder the report's coverage/ sits in (a monorepo package)", () => {
    const nested = parseLcov(fixture("jest-cart/lcov.info"), { root: "/repo", source: "packages/cart/coverage/lcov.info" });
    expect(nested.files.map((f) => f.path)).toEqual(["packages/cart/src/cart.js", "packages/cart/src/util/format.js"]);
    const explicit = parseLcov(fixture("jest-cart/lcov.info"), { root: "/repo", source: "reports/unit.info", baseDir: "web" });
    expect(explicit.files.map((f) => f.path)).toEqual(["web/src/cart.js", "web/src/util/format.js"]);
  });
});

describe("parseLcov on node --test's lcov reporter", () => {
  const report = parseLcov(fixture("node-test-lcov.info"), { root: "/srv/queue", source: "lcov.info" });
  const files = byPath(report.files);

  it("reads records whose DA lines come after BRDA and LH before LF", () => {
    expect(report.problems).toEqual([]);
    expect(Object.keys(files)).toEqual(["lib/queue.mjs", "test/queue.test.mjs"]);
    expect(files["lib/queue.mjs"]!.lines).toEqual({ covered: 30, total: 32 });
    expect(files["lib/queue.mjs"]!.branches).toEqual({ covered: 9, total: 9 });
    expect(files["test/queue.test.mjs"]!.lines).toEqual({ covered: 12, total: 12 });
    expect(files["test/queue.test.mjs"]!.branches).toEqual({ covered: 3, total: 3 });
  });

  it("keeps function names with spaces and angle brackets", () => {
    expect(files["lib/queue.mjs"]!.functions).toEqual([
      { name: "<instance_members_initializer>", startLine: 1, hits: 1 },
      { name: "push", startLine: 4, hits: 2 },
      { name: "shift", startLine: 9, hits: 3 },
      { name: "get size", startLine: 16, hits: 3 },
      { name: "drain", startLine: 21, hits: 2 },
      { name: "unused", startLine: 30, hits: 0 },
    ]);
  });
});

describe("parseLcov on lcov 2.x (geninfo) with absolute paths", () => {
  const report = parseLcov(fixture("geninfo-v2.info"), { root: "/builds/ringbuf/", source: "lcov.info" });
  const files = byPath(report.files);

  it("makes absolute paths relative to the root and drops a system header outside it, saying so", () => {
    expect(Object.keys(files)).toEqual(["src/ring.c", "src/util.h"]);
    expect(report.problems).toEqual(["file outside the repository root dropped (/usr/include/x86_64-linux-gnu/bits/stdio2.h)"]);
  });

  it("reads FN lines with an end line, and counts a '-' branch as not taken", () => {
    const ring = files["src/ring.c"]!;
    expect(ring.lines).toEqual({ covered: 6, total: 11 });
    expect(ring.branches).toEqual({ covered: 2, total: 4 });
    expect(ring.lineBranches).toEqual({ 14: { covered: 2, total: 2 }, 24: { covered: 0, total: 2 } });
    expect(ring.functions).toEqual([
      { name: "ring_push", startLine: 12, hits: 5 },
      { name: "ring_pop", startLine: 22, hits: 0 },
    ]);
  });

  it("reads FNL/FNA function aliases (template instances with commas in their names)", () => {
    const util = files["src/util.h"]!;
    expect(util.lines).toEqual({ covered: 4, total: 4 });
    expect(util.branches).toBeUndefined();
    expect(util.functions).toEqual([
      { name: "clamp_index", startLine: 3, hits: 7 },
      { name: "wrap<int, 4>", startLine: 8, hits: 0 },
      { name: "wrap<long, 8>", startLine: 8, hits: 2 },
    ]);
  });

  it("compares Windows paths case-insensitively and with either slash", () => {
    const text = "SF:C:\\Agent\\_work\\1\\s\\src\\Main.c\nDA:1,1\nDA:2,0\nend_of_record\n";
    const r = parseLcov(text, { root: "c:/agent/_work/1/s", source: "lcov.info" });
    expect(r.files.map((f) => [f.path, f.lines])).toEqual([["src/Main.c", { covered: 1, total: 2 }]]);
    expect(r.problems).toEqual([]);
  });
});

describe("parseLcov on broken input", () => {
  const options = { root: CART_ROOT, source: "coverage/lcov.info" };
  const jest = fixture("jest-cart/lcov.info");

  it("drops a record cut off by the end of the file and keeps the complete one before it", () => {
    const cut = jest.slice(0, jest.indexOf("DA:14,0"));
    const r = parseLcov(cut, options);
    expect(r.files.map((f) => f.path)).toEqual(["src/cart.js"]);
    expect(r.files[0]!.lines).toEqual({ covered: 16, total: 19 });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^report ends inside a record \(truncated\?\); that record was dropped \(src\/util\/format\.js from line \d+\)$/);
  });

  it("says a JSON file is not lcov", () => {
    const r = parseLcov(fixture("jest-cart/coverage-final.json"), options);
    expect(r.files).toEqual([]);
    expect(r.problems.some((p) => p.startsWith("no lcov records"))).toBe(true);
  });

  it("reports empty text, and non-text input, without throwing", () => {
    expect(parseLcov("", options).problems).toEqual(["empty report"]);
    expect(parseLcov(undefined as unknown as string, options).problems).toEqual(["report is not text"]);
  });

  it("skips malformed DA lines and counts them, keeping the good ones", () => {
    const text = "SF:src/a.js\nDA:1,3\nDA:two,1\nDA:3\nDA:4,-2\nDA:5,0\nend_of_record\n";
    const r = parseLcov(text, options);
    expect(r.files[0]!.lineHits).toEqual({ 1: 3, 5: 0 });
    expect(r.problems).toEqual(["malformed lines ignored: 3 (line 3: DA:two,1, line 4: DA:3, line 5: DA:4,-2)"]);
  });

  it("flags LF totals that disagree with the DA lines (a sign of a hand-edited or merged file)", () => {
    const r = parseLcov("SF:src/a.js\nDA:1,1\nLF:2\nLH:1\nend_of_record\n", options);
    expect(r.problems).toEqual(["LF disagrees with the DA lines (src/a.js: LF 2, 1 DA lines)"]);
  });

  it("groups many bad lines into one problem line with a count", () => {
    const text = `SF:src/a.js\n${"garbage here\n".repeat(50_000)}DA:1,1\nend_of_record\n`;
    const r = parseLcov(text, options);
    expect(r.files[0]!.lines).toEqual({ covered: 1, total: 1 });
    expect(r.problems).toEqual(["unrecognised lines ignored: 50000 (line 2: garbage here, line 3: garbage here, line 4: garbage here, …49997 more)"]);
  });

  it("survives a 10 MB single line and non-UTF-8 bytes, quoting at most a short clip", () => {
    const long = parseLcov("x".repeat(10 * 1024 * 1024), options);
    expect(long.files).toEqual([]);
    expect(Math.max(...long.problems.map((p) => p.length))).toBeLessThan(200);
    const latin1 = Buffer.from("SF:src/caf\xe9.js\nDA:1,1\nend_of_record\n", "latin1").toString("utf8");
    const r = parseLcov(latin1, options);
    expect(r.files.map((f) => f.path)).toEqual(["src/caf\ufffd.js"]);
  });

  it("drops SF paths that climb out of the repository", () => {
    const r = parseLcov("SF:../../etc/passwd\nDA:1,1\nend_of_record\n", options);
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual(["file outside the repository root dropped (../../etc/passwd)"]);
  });

  it("merges two records of one file (two TN: test names) keeping the higher count per line", () => {
    const text = "TN:unit\nSF:src/a.js\nDA:1,2\nDA:2,0\nend_of_record\nTN:e2e\nSF:src/a.js\nDA:2,5\nDA:3,0\nend_of_record\n";
    const r = parseLcov(text, options);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]!.lineHits).toEqual({ 1: 2, 2: 5, 3: 0 });
    expect(r.files[0]!.lines).toEqual({ covered: 2, total: 3 });
  });
});

describe("parseLcov at scale", () => {
  it("reads 2,000 files × 500 lines (1,000,000 DA lines) with exact totals", () => {
    const parts: string[] = [];
    for (let f = 0; f < 2000; f++) {
      parts.push(`TN:\nSF:src/m${f}.js\nFN:1,f${f}\nFNDA:${f % 3},f${f}\n`);
      for (let l = 1; l <= 500; l++) parts.push(`DA:${l},${(l + f) % 4}\n`);
      parts.push(`BRDA:2,0,0,${f % 2}\nBRDA:2,0,1,0\nLF:500\nLH:375\nend_of_record\n`);
    }
    const r = parseLcov(parts.join(""), { root: "/r", source: "lcov.info" });
    expect(r.problems).toEqual([]);
    expect(r.files).toHaveLength(2000);
    const m7 = r.files.find((f) => f.path === "src/m7.js")!;
    expect(m7.lines).toEqual({ covered: 375, total: 500 });
    expect(m7.branches).toEqual({ covered: 1, total: 2 });
    expect(m7.functions).toEqual([{ name: "f7", startLine: 1, hits: 1 }]);
    expect(r.files.reduce((n, f) => n + f.lines.total, 0)).toBe(1_000_000);
  });
});
