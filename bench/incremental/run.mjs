#!/usr/bin/env node
// bench/incremental: after a one-file change in a git tree of ≥ 50,000 files, how long does
// re-analysis take compared with the first, full analysis? Bar: ≤ 0.02.
//
//   node bench/incremental/run.mjs [files=50000] [source=node_modules]
//
// The tree is built from real files (text files of the project's own node_modules, copied
// as many times as needed), committed in a fresh git repository. Both analyses run in this
// process through the built code (dist/), with the analysis cache in a fresh state folder,
// exactly as `lodestar analyze` calls them: open the cache, analyse, save. A third analysis
// without cache checks that the incremental result (all of it) equals a from-scratch one.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const wanted = Number(process.argv[2] ?? 50_000);
const source = path.resolve(projectRoot, process.argv[3] ?? "node_modules");
const TEXT = /\.(js|mjs|cjs|ts|mts|cts|json|md|py|rb|go|rs|java|cs|yml|yaml|css|html)$/;
const MAX_BYTES = 128 * 1024;

execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "inherit" });
const { analyzeRepository } = await import(path.join(projectRoot, "dist/analysis/index.js"));
const { openAnalysisCache } = await import(path.join(projectRoot, "dist/state/index.js"));

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.isFile() && TEXT.test(entry.name) && statSync(full).size <= MAX_BYTES) out.push(path.relative(source, full));
  }
  return out;
}

const work = mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-incremental-"));
const repo = path.join(work, "repo");
const stateDir = path.join(work, "state");
try {
  const files = collect(source, []);
  if (files.length === 0) throw new Error(`no text files under ${source}`);
  let n = 0;
  for (let copy = 0; n < wanted; copy++) {
    for (const rel of files) {
      if (n >= wanted) break;
      // "pkgs" rather than "node_modules": Linguist would (rightly) call node_modules vendored.
      const target = path.join(repo, `copy${copy}`, rel.replaceAll("node_modules", "pkgs"));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(source, rel), target);
      n++;
    }
  }
  const git = (...args) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", ...args], { cwd: repo, stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 30 });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench tree");
  console.log(`tree: ${n} files in a git repository (${repo})`);

  const analyse = async (useCache, onProgress) => {
    const started = process.hrtime.bigint();
    const cache = useCache ? openAnalysisCache(repo, { stateDir }) : null; // as the CLI does
    const analysis = await analyzeRepository(repo, { cache, ...(onProgress ? { onProgress } : {}) });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { analysis, ms };
  };

  // Keep only what the bench needs from the first run: a user's second run does not hold the
  // first run's result in memory either.
  const full = await analyse(true).then(({ analysis, ms }) => ({
    ms,
    files: analysis.files.length,
    withMetrics: Object.keys(analysis.functions).length,
    changed: analysis.files.find((f) => f.language === "JavaScript")?.path ?? analysis.files[0].path,
  }));
  console.log(`full analysis (cold cache): ${full.ms.toFixed(0)} ms — ${full.files} files counted, ${full.withMetrics} with function metrics`);

  const changed = full.changed;
  appendFileSync(path.join(repo, changed), "\nconst addedByBench = 1;\n// one more comment\n");
  const phases = [];
  const again = await analyse(true, (phase) => phases.includes(phase) || phases.push(phase));
  console.log(`re-analysis after changing ${changed}: ${again.ms.toFixed(0)} ms (${phases.includes("incremental") ? "patched the previous result" : "full path"})`);

  const scratch = await analyse(false);
  // Everything but the warnings (the cached run may add cache notes).
  const same = JSON.stringify({ ...again.analysis, warnings: [] }) === JSON.stringify({ ...scratch.analysis, warnings: [] });
  console.log(`check: incremental result ${same ? "equals" : "DIFFERS FROM"} an analysis without cache (${scratch.ms.toFixed(0)} ms)`);

  const ratio = again.ms / full.ms;
  console.log(`\nratio re-analysis / full = ${ratio.toFixed(4)}   bar ≤ 0.02   ${ratio <= 0.02 && same ? "PASS" : "FAIL"}`);
  process.exitCode = ratio <= 0.02 && same ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
