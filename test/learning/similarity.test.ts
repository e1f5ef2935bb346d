import { describe, expect, it } from "@jest/globals";
import { denseCosine, tfidfSimilarities, tokenize } from "../../src/learning/index.js";

describe("tokenize", () => {
  it("splits identifiers the way programmers read them and keeps the whole identifier", () => {
    expect(tokenize("parseConfigFile(user_name) HTTPServer")).toEqual(["parse", "config", "file", "parseconfigfile", "user", "name", "user_name", "http", "server", "httpserver"]);
  });

  it("drops stop words and long noise such as hashes", () => {
    expect(tokenize("How is the cache invalidated when the file changes?")).toEqual(["cache", "invalidated", "file", "changes"]);
    expect(tokenize(`commit ${"a1b2c3d4".repeat(6)} broke it`)).toEqual(["commit", "broke"]);
  });

  it("reads non-English letters and digits", () => {
    expect(tokenize("Größe über 10MB")).toEqual(["größe", "über", "10", "mb", "10mb"]);
  });
});

describe("tfidfSimilarities", () => {
  it("is 1 for the same text, 0 for texts sharing nothing, and ranks partial overlap between", () => {
    const docs = ["retry the request when the server answers 503", "render the chart with a log scale", "retry with backoff when the request times out"];
    const s = tfidfSimilarities("retry the request when the server answers 503", docs);
    expect(s[0]).toBeCloseTo(1, 10);
    expect(s[1]).toBe(0);
    expect(s[2]).toBeGreaterThan(0.1);
    expect(s[2]).toBeLessThan(s[0]!);
  });

  it("weighs rare words above common ones", () => {
    // "flaky" appears once in the corpus, "test" everywhere: sharing the rare word counts more.
    const docs = ["flaky snapshot", "test runner test", "test coverage test", "test timeout test"];
    const s = tfidfSimilarities("flaky test", docs);
    expect(s[0]).toBeGreaterThan(s[1]!);
  });

  it("works with a corpus of one document and with empty texts", () => {
    expect(tfidfSimilarities("a lone document", ["a lone document"])[0]).toBeCloseTo(1, 10);
    expect(tfidfSimilarities("", ["something"])).toEqual([0]);
    expect(tfidfSimilarities("something", [""])).toEqual([0]);
    expect(tfidfSimilarities("x", [])).toEqual([]);
  });
});

describe("denseCosine", () => {
  it("is the cosine of two vectors, clamped to 0..1", () => {
    expect(denseCosine([1, 0], [1, 0])).toBe(1);
    expect(denseCosine([1, 0], [0, 1])).toBe(0);
    expect(denseCosine([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(denseCosine([1, 0], [-1, 0])).toBe(0);
    expect(denseCosine([], [])).toBe(0);
    expect(denseCosine([1, 2], [1, 2, 3])).toBe(0);
    expect(denseCosine([0, 0], [1, 1])).toBe(0);
  });
});
