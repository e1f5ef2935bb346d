/**
 * Which files the refactor engine works on, from a real analysis of a small repository with
 * git history: hotspots in rank order, never tests, never paths a proposal may not touch or a
 * model may not see, and `/lodestar refactor <path>` narrowing to files with no churn too.
 */
import { describe, expect, it } from "@jest/globals";
import { analyzeRepository } from "../../../src/analysis/index.js";
import { neverSendMatcher } from "../../../src/llm/index.js";
import { normaliseTargetPath, pickTargetFiles } from "../../../src/modules/refactor/index.js";
import { fakesPerTest } from "../../helpers/fake-models.js";
import { commitAll, writeFiles } from "../../helpers/git-repo.js";

const fakes = fakesPerTest();

/** A function with `n` ifs: complexity n + 1. */
const branchy = (name: string, n: number) =>
  `export function ${name}(x) {\n${Array.from({ length: n }, (_, i) => `  if (x === ${i}) return ${i};`).join("\n")}\n  return -1;\n}\n`;

async function repo(): Promise<string> {
  const dir = await fakes.dir("lodestar-refactor-targets-");
  await commitAll(dir, [
    {
      "src/busy.js": branchy("busy", 3),
      "src/complex.js": branchy("complex", 9),
      "test/busy.test.js": branchy("helper", 5),
      "secrets/keys.js": branchy("keys", 6),
      "notes.md": "# notes\n",
    },
    { "src/busy.js": branchy("busy", 4), "src/complex.js": branchy("complex", 10), "test/busy.test.js": branchy("helper", 6), "secrets/keys.js": branchy("keys", 7) },
    { "src/busy.js": branchy("busy", 5), "test/busy.test.js": branchy("helper", 7), "secrets/keys.js": branchy("keys", 8) },
  ]);
  // Never committed: no churn, so never a hotspot.
  await writeFiles(dir, { "src/quiet/deep.js": branchy("deep", 12) });
  return dir;
}

describe("refactor targets", () => {
  it("are the hotspots in rank order, without tests or never-send paths, at most max-targets", async () => {
    const analysis = await analyzeRepository(await repo());
    const exclude = neverSendMatcher(["**/secrets/**"]);
    expect(pickTargetFiles(analysis, { max: 5, exclude }).map((t) => [t.path, t.reason])).toEqual([
      // secrets/keys.js (27) and test/busy.test.js (24) rank above them, and are left out.
      ["src/complex.js", "hotspot #3: 2 commits × complexity 11"],
      ["src/busy.js", "hotspot #4: 3 commits × complexity 6"],
    ]);
    expect(analysis.hotspots.slice(0, 2).map((h) => h.path)).toEqual(["secrets/keys.js", "test/busy.test.js"]);
    expect(pickTargetFiles(analysis, { max: 1, exclude }).map((t) => t.path)).toEqual(["src/complex.js"]);
  });

  it("narrow to a path, where a file that never changed can be asked for by name", async () => {
    const analysis = await analyzeRepository(await repo(), { metrics: "all" });
    expect(pickTargetFiles(analysis, { max: 5, target: "src/quiet/" }).map((t) => [t.path, t.reason])).toEqual([["src/quiet/deep.js", "asked for: under src/quiet"]]);
    expect(pickTargetFiles(analysis, { max: 5, target: "./src" }).map((t) => t.path)).toEqual(["src/complex.js", "src/busy.js", "src/quiet/deep.js"]);
    expect(pickTargetFiles(analysis, { max: 5, target: "test" })).toEqual([]);
    expect(normaliseTargetPath("./src//quiet/")).toBe("src/quiet");
  });
});
