import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { detectTestFrameworks, findCoverageReportsOnDisk, readCoverageReport, repoTextReader } from "../../../src/analysis/testing/index.js";
import { fixture } from "./fixtures.js";

describe("the disk edge", () => {
  let root = "";

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "lodestar-testing-"));
    await mkdir(path.join(root, "coverage"), { recursive: true });
    await mkdir(path.join(root, "src/util"), { recursive: true });
    // A git-ignored report the listing does not contain; its SF paths are relative, as Jest writes them.
    await writeFile(path.join(root, "coverage/lcov.info"), fixture("jest-cart/lcov.info"));
    await writeFile(path.join(root, "coverage.xml"), "<coverage><packages><package><classes><class filename=");
    await writeFile(path.join(root, "package.json"), JSON.stringify({ name: "cart", scripts: { test: "jest" }, devDependencies: { jest: "^30.0.0" } }));
    await writeFile(path.join(root, "big.json"), "x".repeat(2048));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("finds git-ignored reports at the fixed candidate places", async () => {
    const found = await findCoverageReportsOnDisk(root, ["package.json", "src/cart.js"]);
    expect(found).toEqual([
      { path: "coverage.xml", format: "cobertura", baseDir: "" },
      { path: "coverage/lcov.info", format: "lcov", baseDir: "" },
    ]);
  });

  it("reads and parses a report, and turns a broken one into a problem", async () => {
    const lcov = await readCoverageReport(root, { path: "coverage/lcov.info", format: "lcov", baseDir: "" });
    expect(lcov.files.map((f) => [f.path, f.lines])).toEqual([
      ["src/cart.js", { covered: 16, total: 19 }],
      ["src/util/format.js", { covered: 5, total: 9 }],
    ]);
    const broken = await readCoverageReport(root, { path: "coverage.xml", format: "cobertura", baseDir: "" });
    expect(broken.files).toEqual([]);
    expect(broken.problems).toEqual(["report ends before </coverage> (truncated?); only the complete <class> elements were read"]);
  });

  it("returns a problem, not an exception, for a missing, oversized or escaping report", async () => {
    const missing = await readCoverageReport(root, { path: "nope/lcov.info", format: "lcov", baseDir: "nope" });
    expect(missing.files).toEqual([]);
    expect(missing.problems[0]).toMatch(/^not read: ENOENT/);
    const big = await readCoverageReport(root, { path: "coverage/lcov.info", format: "lcov", baseDir: "" }, { maxBytes: 100 });
    expect(big.problems[0]).toMatch(/^not read: \d+ bytes is over the 100-byte cap$/);
    const escaping = await readCoverageReport(root, { path: "../etc/lcov.info", format: "lcov", baseDir: "" });
    expect(escaping.problems).toEqual(["report path lies outside the repository"]);
  });

  it("gives detectTestFrameworks a reader that never throws and skips big or outside files", () => {
    const read = repoTextReader(root, 1024);
    expect(read("big.json")).toBeUndefined();
    expect(read("missing.json")).toBeUndefined();
    expect(read("../../etc/passwd")).toBeUndefined();
    expect(read("src")).toBeUndefined();
    expect(detectTestFrameworks({ paths: ["package.json", "big.json"], readText: read })).toEqual([
      { name: "jest", language: "JavaScript", evidence: "package.json devDependencies.jest", command: "npm test", directory: "" },
    ]);
  });
});
