import { describe, expect, it } from "@jest/globals";
import { canonicalJson, confidenceOf, FAILED, pickByAgreement, sameAnswer, UNKNOWN, VERIFIED } from "../../src/llm/confidence.js";

describe("confidenceOf", () => {
  it("is low when any hard verifier fails, whatever the other evidence says", () => {
    const c = confidenceOf({
      verdicts: [
        { name: "patch-applies", pass: true },
        { name: "tests", pass: false, detail: "2 failing" },
      ],
      samples: { agreeing: 5, total: 5 },
      logprobs: [-0.01, -0.02],
      selfRated: 1,
    });
    expect(c).toEqual({ value: FAILED, basis: "failed", detail: "failed: tests (2 failing)" });
  });

  it("is low when a router gate fails (truncated output, schema), even with no caller verifier", () => {
    const c = confidenceOf({ gates: [{ name: "complete", pass: false, detail: "cut" }], logprobs: [-0.01] });
    expect(c.value).toBe(FAILED);
    expect(c.basis).toBe("failed");
  });

  it("is high when all hard verifiers pass, less for each failing advisory check", () => {
    expect(confidenceOf({ verdicts: [{ name: "schema", pass: true }, { name: "tests", pass: true }] })).toEqual({ value: VERIFIED, basis: "verified", detail: "verified: schema, tests passed" });
    const soft = confidenceOf({ verdicts: [{ name: "tests", pass: true }, { name: "lint", pass: false, hard: false }, { name: "style", pass: false, hard: false }] });
    expect(soft.value).toBe(0.75);
    expect(soft.basis).toBe("verified");
    expect(soft.detail).toContain("advisory failed: lint, style");
  });

  it("does not call an answer verified because it passed the router's gates only", () => {
    const c = confidenceOf({ gates: [{ name: "schema", pass: true }] });
    expect(c).toEqual({ value: UNKNOWN, basis: "none", detail: expect.stringContaining("no evidence") });
  });

  it("measures agreement among samples with a small-sample penalty; a split vote falls under 0.70", () => {
    expect(confidenceOf({ samples: { agreeing: 3, total: 3 } }).value).toBe(0.857);
    expect(confidenceOf({ samples: { agreeing: 5, total: 5 } }).value).toBe(0.909);
    expect(confidenceOf({ samples: { agreeing: 2, total: 3 } }).value).toBe(0.571);
    // One sample is no agreement at all.
    expect(confidenceOf({ samples: { agreeing: 1, total: 1 } }).basis).toBe("none");
  });

  it("reads log-probabilities as the geometric mean token probability", () => {
    const c = confidenceOf({ logprobs: [Math.log(0.9), Math.log(0.8)] });
    expect(c.value).toBeCloseTo(Math.sqrt(0.72), 3);
    expect(c.detail).toBe("token probability 0.85");
  });

  it("treats the model's own rating as weak: alone it never reaches the default threshold", () => {
    expect(confidenceOf({ selfRated: 1 }).value).toBe(0.65);
    expect(confidenceOf({ selfRated: 0 }).value).toBe(0.35);
    // Against strong agreement it only nudges.
    const both = confidenceOf({ samples: { agreeing: 3, total: 3 }, selfRated: 0 });
    expect(both.value).toBeCloseTo((3 * (3 / 3.5) + 0.35) / 4, 3);
    expect(both.value).toBeGreaterThan(0.7);
  });

  it("weighs agreement 3, log-probabilities 2, advisory checks 2, self-rating 1", () => {
    const c = confidenceOf({ samples: { agreeing: 2, total: 3 }, logprobs: [Math.log(0.95)], verdicts: [{ name: "lint", pass: true, hard: false }], selfRated: 0.9 });
    const expected = (3 * (2 / 3.5) + 2 * 0.95 + 2 * 1 + 1 * (0.5 + 0.3 * 0.4)) / 8;
    expect(c.value).toBeCloseTo(expected, 3);
    expect(c.basis).toBe("signals");
  });
});

describe("agreement helpers", () => {
  it("compares structured answers as JSON with keys in any order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
    expect(sameAnswer({ text: "x", parsed: { a: 1, b: 2 } }, { text: "y", parsed: { b: 2, a: 1 } })).toBe(true);
    expect(sameAnswer({ text: "x", parsed: { a: 1 } }, { text: "x", parsed: { a: 2 } })).toBe(false);
  });

  it("compares prose by shared words, since sampled text never repeats exactly", () => {
    expect(sameAnswer({ text: "The config is loaded in src/config/load.ts by loadRepoConfig." }, { text: "the config is loaded by loadRepoConfig in src/config/load.ts" })).toBe(true);
    expect(sameAnswer({ text: "The config is loaded in src/config/load.ts." }, { text: "Configuration comes from environment variables only." })).toBe(false);
  });

  it("picks the answer most samples agree with, the earliest on a tie", () => {
    expect(pickByAgreement(["a", "b", "b", "c"], (x, y) => x === y)).toEqual({ index: 1, agreeing: 2 });
    expect(pickByAgreement(["a", "b", "c"], (x, y) => x === y)).toEqual({ index: 0, agreeing: 1 });
    expect(pickByAgreement([], () => true)).toEqual({ index: -1, agreeing: 0 });
  });
});
