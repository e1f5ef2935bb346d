import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "@jest/globals";
import { collectChurn, fileComplexity, functionMetrics, rankHotspots, type FunctionMetric } from "../../../src/analysis/metrics/index.js";

const run = promisify(execFile);

const churnOf = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([file, commits]) => [file, { commits, added: commits, deleted: 0 }]));

describe("fileComplexity", () => {
  it("sums and maximises over the functions of a file", async () => {
    const metrics = await functionMetrics("Python", "def a(x):\n    return x or 1\n\ndef b(y):\n    if y:\n        return 1\n    elif y is None:\n        return 2\n    return y and 3\n\ndef c():\n    pass\n");
    expect(fileComplexity(metrics!)).toEqual({ functions: 3, total: 2 + 4 + 1, max: 4 });
  });

  it("is all zeros for a file without functions", () => {
    expect(fileComplexity([])).toEqual({ functions: 0, total: 0, max: 0 });
  });
});

describe("rankHotspots", () => {
  it("ranks by churn × total complexity, highest first, ties by path", () => {
    const files = [
      { path: "src/b.ts", complexity: 10, code: 200 }, // 3 × 10 = 30
      { path: "src/a.ts", complexity: 5, code: 90 }, // 6 × 5 = 30: ties with b, a comes first
      { path: "src/hot.ts", complexity: 40, code: 800 }, // 2 × 40 = 80
      { path: "src/calm.ts", complexity: 1, code: 10 }, // 1 × 1 = 1
    ];
    const churn = churnOf({ "src/b.ts": 3, "src/a.ts": 6, "src/hot.ts": 2, "src/calm.ts": 1 });
    expect(rankHotspots(files, churn)).toEqual([
      { path: "src/hot.ts", churn: 2, complexity: 40, code: 800, score: 80, rank: 1 },
      { path: "src/a.ts", churn: 6, complexity: 5, code: 90, score: 30, rank: 2 },
      { path: "src/b.ts", churn: 3, complexity: 10, code: 200, score: 30, rank: 3 },
      { path: "src/calm.ts", churn: 1, complexity: 1, code: 10, score: 1, rank: 4 },
    ]);
  });

  it("leaves out files that never changed or have no complexity, and repeated paths", () => {
    const files = [
      { path: "untouched.ts", complexity: 50, code: 500 }, // not in the churn map
      { path: "config.json", complexity: 0, code: 40 }, // changed, but nothing to measure
      { path: "zero.ts", complexity: 9, code: 30 }, // in the map with zero commits
      { path: "real.ts", complexity: 2, code: 20 },
      { path: "real.ts", complexity: 99, code: 20 }, // a repeated path: the first entry stands
    ];
    const churn = churnOf({ "config.json": 12, "zero.ts": 0, "real.ts": 1 });
    expect(rankHotspots(files, churn)).toEqual([{ path: "real.ts", churn: 1, complexity: 2, code: 20, score: 2, rank: 1 }]);
    expect(rankHotspots([], churn)).toEqual([]);
    expect(rankHotspots(files, new Map())).toEqual([]);
  });

  it("keeps at most `limit` hotspots, 50 by default", () => {
    const files = Array.from({ length: 60 }, (_, i) => ({ path: `f${String(i).padStart(2, "0")}.go`, complexity: i + 1, code: 10 }));
    const churn = churnOf(Object.fromEntries(files.map((file) => [file.path, 1])));
    const ranked = rankHotspots(files, churn);
    expect(ranked).toHaveLength(50);
    expect(ranked[0]).toMatchObject({ path: "f59.go", score: 60, rank: 1 });
    expect(ranked[49]).toMatchObject({ path: "f10.go", score: 11, rank: 50 });
    expect(rankHotspots(files, churn, { limit: 3 }).map((hotspot) => hotspot.path)).toEqual(["f59.go", "f58.go", "f57.go"]);
    expect(rankHotspots(files, churn, { limit: 0 })).toEqual([]);
  });

  it("finds the complex file that keeps changing in a real repository", async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), "lodestar-hotspots-"));
    const git = (...args: string[]) => run("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo });
    try {
      await git("init", "-q");
      await mkdir(path.join(repo, "src"));
      const complex = (n: number) => `export function route(req, res) {\n${Array.from({ length: 6 }, (_, i) => `  if (req.path === "/${i}" && req.ok) return res.send(${n});`).join("\n")}\n  return req.user ? res.ok() : res.deny();\n}\n`;
      const simple = (n: number) => `export const version = () => ${n};\n`;
      await writeFile(path.join(repo, "src/router.js"), complex(0));
      await writeFile(path.join(repo, "src/version.js"), simple(0));
      await writeFile(path.join(repo, "src/stable.js"), complex(0).replace("route", "legacy"));
      await git("add", "-A");
      await git("commit", "-q", "-m", "start");
      // The router and the version both change four more times; the stable module never does.
      for (let n = 1; n <= 4; n++) {
        await writeFile(path.join(repo, "src/router.js"), complex(n));
        await writeFile(path.join(repo, "src/version.js"), simple(n));
        await git("commit", "-q", "-am", `change ${n}`);
      }
      const churn = await collectChurn(repo);
      const files = [];
      for (const file of ["src/router.js", "src/version.js", "src/stable.js"]) {
        const text = await readFile(path.join(repo, file), "utf8");
        const metrics: FunctionMetric[] = (await functionMetrics("JavaScript", text)) ?? [];
        files.push({ path: file, complexity: fileComplexity(metrics).total, code: text.split("\n").length - 1 });
      }
      // route: 1 + 6 ifs + 6 && + ?: = 14; version: 1. Both changed in 5 commits; stable.js in 1.
      expect(rankHotspots(files, churn)).toEqual([
        { path: "src/router.js", churn: 5, complexity: 14, code: 9, score: 70, rank: 1 },
        { path: "src/stable.js", churn: 1, complexity: 14, code: 9, score: 14, rank: 2 },
        { path: "src/version.js", churn: 5, complexity: 1, code: 1, score: 5, rank: 3 },
      ]);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
