import { describe, expect, it } from "@jest/globals";
import { COVERAGE_CANDIDATE_PATHS, coverageBaseDir, findCoverageReports } from "../../../src/analysis/testing/index.js";

describe("findCoverageReports", () => {
  it("finds reports by the names tools give them, anywhere but in dependencies and fixtures", () => {
    const paths = [
      "src/index.ts",
      "coverage/lcov.info",
      "coverage/coverage-final.json",
      "coverage/clover.xml",
      "coverage/lcov-report/index.html",
      "coverage/coverage-summary.json",
      "packages/api/coverage/lcov.info",
      "packages/api/coverage/cobertura-coverage.xml",
      "tests/Calc.Tests/TestResults/5e0f1c2a/coverage.cobertura.xml",
      "billing/target/site/cobertura/coverage.xml",
      "coverage.xml",
      "cov.lcov",
      "node_modules/some-lib/coverage/lcov.info",
      "vendor/acme/lib/coverage.xml",
      "test/fixtures/coverage.xml",
      "src/coverage.ts",
      "docs/coverage.md",
      "lcov.info.bak",
    ];
    expect(findCoverageReports(paths)).toEqual([
      { path: "billing/target/site/cobertura/coverage.xml", format: "cobertura", baseDir: "billing" },
      { path: "cov.lcov", format: "lcov", baseDir: "" },
      { path: "coverage.xml", format: "cobertura", baseDir: "" },
      { path: "coverage/coverage-final.json", format: "istanbul", baseDir: "" },
      { path: "coverage/lcov.info", format: "lcov", baseDir: "" },
      { path: "packages/api/coverage/cobertura-coverage.xml", format: "cobertura", baseDir: "packages/api" },
      { path: "packages/api/coverage/lcov.info", format: "lcov", baseDir: "packages/api" },
      { path: "tests/Calc.Tests/TestResults/5e0f1c2a/coverage.cobertura.xml", format: "cobertura", baseDir: "tests/Calc.Tests" },
    ]);
  });

  it("finds nothing in a repository without reports", () => {
    expect(findCoverageReports(["README.md", "src/latest.ts", "test/contest.test.ts", "coverage"])).toEqual([]);
  });

  it("recognises every fixed candidate path with the format the list gives it", () => {
    const found = findCoverageReports(COVERAGE_CANDIDATE_PATHS.map((c) => c.path));
    expect(found.map((f) => [f.path, f.format]).sort()).toEqual(COVERAGE_CANDIDATE_PATHS.map((c) => [c.path, c.format]).sort());
    expect(found.every((f) => f.baseDir === "")).toBe(true);
  });
});

describe("coverageBaseDir", () => {
  it("is the folder a tool ran in, above its output folder", () => {
    expect(coverageBaseDir("coverage/lcov.info")).toBe("");
    expect(coverageBaseDir("apps/web/coverage/lcov.info")).toBe("apps/web");
    expect(coverageBaseDir("apps/web/coverage/chrome-120/lcov.info")).toBe("apps/web");
    expect(coverageBaseDir("svc/build/reports/cobertura/coverage.xml")).toBe("svc");
    expect(coverageBaseDir("svc/coverage.xml")).toBe("svc");
    expect(coverageBaseDir("lcov.info")).toBe("");
    expect(coverageBaseDir("C:\\ci\\repo\\coverage\\lcov.info")).toBe("C:/ci/repo");
  });
});
