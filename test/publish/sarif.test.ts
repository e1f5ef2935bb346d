import { describe, expect, it } from "@jest/globals";
import type { Finding } from "../../src/modules/index.js";
import { toSarif } from "../../src/publish/index.js";
import { sarifValidator } from "../helpers/sarif-schema.js";

const validate = sarifValidator();

const findings: Finding[] = [
  {
    module: "security",
    ruleId: "secret/github-token",
    level: "error",
    title: "GitHub token",
    message: "GitHub token (ghp_…Ab12). Revoke it.",
    location: { path: "config/dev env/settings #1.yml", startLine: 3, endLine: 3, startColumn: 10, endColumn: 50 },
    evidence: [],
    fingerprint: "0f".repeat(32),
  },
  {
    module: "security",
    ruleId: "sast/eval",
    level: "warning",
    title: "Dynamic code evaluation",
    message: "eval() of a value built at run time",
    location: { path: "src/ünïcode.ts", startLine: 7 },
    evidence: [],
  },
  { module: "security", ruleId: "dependency/unknown", level: "note", title: "Dependencies not checked", message: "3 unknown", evidence: [] },
  {
    module: "security",
    ruleId: "sast/eval",
    level: "warning",
    title: "Dynamic code evaluation",
    message: "new Function()",
    location: { path: "src/a.js", startLine: 2, endLine: 4, startColumn: 3, endColumn: 1 },
    evidence: [],
  },
];

describe("toSarif", () => {
  it("writes a log that the SARIF 2.1.0 schema accepts", () => {
    const log = toSarif(findings, "1.2.3", [{ id: "sast/eval", title: "Dynamic code evaluation", help: "Avoid eval.", tags: ["security", "CWE-95"] }]);
    expect(validate(log)).toEqual([]);
  });

  it("indexes each rule once, with metadata when a module gave it", () => {
    const log = toSarif(findings, "1.2.3", [{ id: "sast/eval", title: "Dynamic code evaluation", help: "Avoid eval.", tags: ["CWE-95"] }]);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["secret/github-token", "sast/eval", "dependency/unknown"]);
    expect(run.tool.driver.rules[1]).toMatchObject({ help: { text: "Avoid eval." }, properties: { tags: ["CWE-95"] } });
    expect(run.results.map((r) => r.ruleIndex)).toEqual([0, 1, 2, 1]);
  });

  it("encodes paths as relative URIs and keeps columns and fingerprints", () => {
    const run = toSarif(findings, "1.2.3").runs[0]!;
    const first = run.results[0]!;
    expect(first.locations?.[0]?.physicalLocation.artifactLocation.uri).toBe("config/dev%20env/settings%20%231.yml");
    expect(first.locations?.[0]?.physicalLocation.region).toEqual({ startLine: 3, endLine: 3, startColumn: 10, endColumn: 50 });
    expect(first.partialFingerprints).toEqual({ "lodestar/v1": "0f".repeat(32) });
    expect(run.results[2]!.locations).toBeUndefined();
  });

  it("is checked by a validator that does reject a broken log", () => {
    const log = toSarif(findings, "1.2.3") as unknown as { version: string; runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = "critical";
    expect(validate(log).join("\n")).toMatch(/level/);
    expect(validate({ ...log, version: "2.0.0" }).length).toBeGreaterThan(0);
  });
});
