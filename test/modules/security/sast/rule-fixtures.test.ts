/**
 * Every rule against real-looking source files in JavaScript, TypeScript and Python.
 * In each fixture, a line marked `✗ <rule id>` must be reported with that rule on that line,
 * and a line marked `✓` is a deliberate look-alike (the same words in a string or comment, a
 * constant argument, a parameterised query, a sanitised path…). The test compares ALL
 * findings of the file with the ✗ markers, so unmarked lines must stay silent too.
 */
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { SAST_RULES, scanCode } from "../../../../src/modules/security/sast/index.js";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const LANGUAGE_BY_DIR: Record<string, string> = { javascript: "JavaScript", typescript: "TypeScript", python: "Python" };

interface Expectation {
  positives: string[];
  lookAlikes: number;
}

function expectations(text: string): Expectation {
  const positives: string[] = [];
  let lookAlikes = 0;
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/✗ (sast\/[a-z-]+)/g)) positives.push(`${i + 1} ${m[1]}`);
    if (line.includes("✓")) lookAlikes += 1;
  });
  return { positives: positives.sort(), lookAlikes };
}

const fixtures = Object.keys(LANGUAGE_BY_DIR).flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, FIXTURES))
    .sort()
    .map((file) => ({ dir, file, language: LANGUAGE_BY_DIR[dir]!, text: readFileSync(new URL(`${dir}/${file}`, FIXTURES), "utf8") })),
);

describe("code-pattern rules on fixtures", () => {
  it.each(fixtures.map((f) => [`${f.dir}/${f.file}`, f] as const))("%s: reports exactly the marked lines", async (_name, fixture) => {
    const found = await scanCode(fixture.language, `src/${fixture.file}`, fixture.text);
    const actual = found.map((f) => `${f.line} ${f.ruleId}`).sort();
    expect(actual).toEqual(expectations(fixture.text).positives);
  });

  it("each rule has at least three positive cases and three look-alikes in every language", () => {
    for (const dir of Object.keys(LANGUAGE_BY_DIR)) {
      for (const rule of SAST_RULES) {
        const ofRule = fixtures.filter((f) => f.dir === dir && expectations(f.text).positives.some((p) => p.endsWith(` ${rule.id}`)));
        const positives = ofRule.flatMap((f) => expectations(f.text).positives.filter((p) => p.endsWith(` ${rule.id}`)));
        const lookAlikes = ofRule.reduce((n, f) => n + expectations(f.text).lookAlikes, 0);
        expect({ dir, rule: rule.id, enough: positives.length >= 3 && lookAlikes >= 3 }).toEqual({ dir, rule: rule.id, enough: true });
      }
    }
  });
});
