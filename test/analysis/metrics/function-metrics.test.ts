import { describe, expect, it } from "@jest/globals";
import { functionMetrics, METRICS_LANGUAGES } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture } from "./helpers.js";

/** Per language: an intact function, one with a syntax error in its body, and an intact one after it. */
const BROKEN: Record<string, string> = {
  Python: "def ok(x):\n    return x or 1\n\ndef broken(y):\n    if y ==:\n        return 2\n    return 3\n\ndef after(z):\n    return z and 4\n",
  Go: "package p\n\nfunc ok(x int) bool { return x > 0 && x < 9 }\n\nfunc broken(y int) int {\n\tif y == { return 1 }\n\treturn 2\n}\n\nfunc after(z bool) bool { return z || false }\n",
  Java: "class A {\n  boolean ok(int x) { return x > 0 && x < 9; }\n  int broken(int y) { if (y == ) { return 1; } return 2; }\n  boolean after(boolean z) { return z || false; }\n}\n",
  Ruby: "def ok(x)\n  x || 1\nend\n\ndef broken(y)\n  if y ==\n    2\n  end\nend\n\ndef after(z)\n  z && 4\nend\n",
  Rust: "fn ok(x: i32) -> bool { x > 0 && x < 9 }\n\nfn broken(y: i32) -> i32 { if y == { 1 } else { 2 } }\n\nfn after(z: bool) -> bool { z || false }\n",
  "C#": "class A {\n  bool ok(int x) { return x > 0 && x < 9; }\n  int broken(int y) { if (y == ) { return 1; } return 2; }\n  bool after(bool z) { return z || false; }\n}\n",
};

const QUALIFIER: Record<string, string> = { Java: "A.", "C#": "A." };

describe("functionMetrics across languages", () => {
  it("supports the Linguist names of the issue", () => {
    expect([...METRICS_LANGUAGES].sort()).toEqual(["C#", "Go", "JSX", "Java", "JavaScript", "Python", "Ruby", "Rust", "TSX", "TypeScript"]);
  });

  it.each(Object.keys(BROKEN))("%s: returns the functions the parser recovers around a syntax error", async (language) => {
    const prefix = QUALIFIER[language] ?? "";
    const metrics = complexities(await functionMetrics(language, BROKEN[language]!));
    expect(metrics[`${prefix}ok`]).toBe(2);
    expect(metrics[`${prefix}after`]).toBe(2);
    expect(Object.keys(metrics)).toContain(`${prefix}broken`);
  });

  it.each(METRICS_LANGUAGES)("%s: empty and whitespace-only input have no functions", async (language) => {
    expect(await functionMetrics(language, "")).toEqual([]);
    expect(await functionMetrics(language, "\n\n   \n")).toEqual([]);
  });

  it.each(METRICS_LANGUAGES)("%s: binary-looking text (a PNG header, NULs, replacement characters) has no functions", async (language) => {
    const metrics = await functionMetrics(language, "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\uFFFD\uFFFD" + "\u0000\uFFFD".repeat(500));
    expect(metrics).toEqual([]);
  });

  it("gives up on a tree-sitter parse over its time limit, and the next parse starts afresh", async () => {
    // Ruby's error recovery on non-source text is slow: this takes far more than 1 ms.
    const garbage = "\u0000\uFFFD{[(|".repeat(20_000);
    expect(await functionMetrics("Ruby", garbage, { timeoutMs: 1 })).toEqual([]);
    // Had the cancelled parse not been reset, this parse would resume the garbage one.
    expect(complexities(await functionMetrics("Ruby", "def ok(x)\n  x || 1\nend\n"))).toEqual({ ok: 2 });
  });

  it("walks very deep tree-sitter trees without recursion", async () => {
    const text = `def f(a):\n    return ${Array.from({ length: 20_000 }, () => "a").join(" or ")}\n\ndef g(b):\n    return ${"(".repeat(5000)}b${")".repeat(5000)}\n`;
    expect(complexities(await functionMetrics("Python", text))).toEqual({ f: 20_000, g: 1 });
  });

  it("gives the same answers when many files of different languages are measured at once", async () => {
    const files: [string, string][] = [
      ["Python", fixture("inventory.py")],
      ["Go", fixture("server.go")],
      ["Java", fixture("OrderService.java")],
      ["Ruby", fixture("cart.rb")],
      ["Rust", fixture("stack.rs")],
      ["C#", fixture("Account.cs")],
      ["TypeScript", fixture("user-store.ts")],
    ];
    const one = [];
    for (const [language, text] of files) one.push(await functionMetrics(language, text));
    const together = await Promise.all([...files, ...files].map(([language, text]) => functionMetrics(language, text)));
    expect(together).toEqual([...one, ...one]);
  });
});
