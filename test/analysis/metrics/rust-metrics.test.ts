import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: Rust", () => {
  it("measures impl and trait-impl methods, free functions, closures and test modules", async () => {
    const text = fixture("stack.rs");
    expect(await functionMetrics("Rust", text)).toEqual([
      fn(text, "Stack.new", "method", 1, "pub fn new(", 3),
      fn(text, "Stack.push", "method", 3, "pub fn push(", 9), // if let, if
      fn(text, "Stack.pop_many", "method", 3, "pub fn pop_many(", 11), // while let, if
      // a trait impl is qualified by the implementing type
      fn(text, "Stack.fmt", "method", 1, "fn fmt(&self", 4),
      fn(text, "Stack.fmt.<anonymous>", "lambda", 1, "let rendered"),
      // three tested arms and one guard; `_ =>` is the catch-all
      fn(text, "describe", "function", 5, "pub fn describe(", 8),
      fn(text, "first_even", "function", 4, "pub fn first_even(", 9), // for, if, ||
      fn(text, "first_even.is_even", "lambda", 2, "let is_even"), // &&
      // functions in a module are functions; code inside macros (assert!) is not parsed
      fn(text, "tests.pushes_until_full", "function", 1, "fn pushes_until_full()", 4),
    ]);
  });

  it("counts every arm of an exhaustive match, loop, let-else and let chains", async () => {
    const text = [
      "enum Light { Red, Amber, Green }",
      "fn next(light: Light) -> Light {",
      "    match light {", // three arms, no catch-all: 3
      "        Light::Red => Light::Green,",
      "        Light::Amber => Light::Red,",
      "        Light::Green => Light::Amber,",
      "    }",
      "}",
      "fn spin(input: Option<u8>) -> u8 {",
      "    let Some(v) = input else { return 0 };", // 1
      "    let mut n = 0;",
      "    loop {", // 1
      "        if let Some(x) = input && x > n { n += 1 } else { break }", // if + &&
      "    }",
      "    let r = &&n;", // references, not operators
      "    parse(r)?;", // ? is not counted
      "    n",
      "}",
      "fn sign(n: i32) -> i32 {",
      "    match n {",
      "        0 => 0,", // 1
      "        _ if n > 0 => 1,", // the guard counts, the catch-all pattern does not
      "        _ => -1,",
      "    }",
      "}",
    ].join("\n");
    expect(complexities(await functionMetrics("Rust", text))).toEqual({ next: 4, spin: 5, sign: 3 });
  });
});
