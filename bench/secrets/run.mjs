#!/usr/bin/env node
// bench/secrets: Lodestar's secrets scanner against secretlint + its recommended preset, on a
// labelled corpus this script generates (seeded, reproducible, independent of the scanner code).
// Prints precision, recall and throughput for both, and PASS/FAIL for each bar.
//   node bench/secrets/run.mjs [--seed N] [--mb 24] [--passes 5] [--keep] [--no-build] [--corpus-only]
// (--corpus-only writes the corpus and its labels.json to a temporary directory and stops.)
// Needs network once per run: secretlint@latest and its preset are installed into a temporary
// npm prefix (and node@24 there too if secretlint refuses the current Node).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CREDENTIALS } from "./corpus/credentials.mjs";
import { generateCorpus } from "./corpus/generate.mjs";
import { score } from "./metrics.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const seed = Number(opt("seed", 42));
const megabytes = Number(opt("mb", 24));
const passes = Number(opt("passes", 5));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const say = (line) => process.stdout.write(`${line}\n`);

// 1. Lodestar is measured as shipped: the compiled dist/, not the TypeScript sources.
const entry = path.join(repo, "dist/modules/security/secrets/index.js");
if (!args.includes("--no-build") && !args.includes("--corpus-only")) spawnSync(npm, ["run", "build", "--silent"], { cwd: repo, stdio: "inherit" });
if (!existsSync(entry) && !args.includes("--corpus-only")) throw new Error(`${entry} is missing: run npm run build`);

// 2. The corpus.
const work = mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-secrets-"));
// Removed however the run ends (a failed install included), unless asked to keep it.
if (!args.includes("--keep") && !args.includes("--corpus-only")) process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const corpusDir = path.join(work, "corpus");
const t0 = performance.now();
const corpus = generateCorpus({ seed, targetBytes: megabytes * 1e6 });
for (const [file, text] of corpus.files) {
  mkdirSync(path.dirname(path.join(corpusDir, file)), { recursive: true });
  writeFileSync(path.join(corpusDir, file), text);
}
const listFile = path.join(work, "files.json");
writeFileSync(listFile, JSON.stringify([...corpus.files.keys()]));
writeFileSync(path.join(work, "labels.json"), JSON.stringify({ labels: corpus.labels, traps: corpus.traps }, null, 1));
const providers = new Set(corpus.labels.map((l) => l.provider));
const syntaxes = new Set([...corpus.files.keys()].map((f) => path.basename(f).replace(/^.*\./, ".")));
say(`corpus: seed ${seed}, ${corpus.files.size} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.labels.length} labelled secrets from ${providers.size} providers, ${corpus.traps.length} traps, ${syntaxes.size} file types (${((performance.now() - t0) / 1000).toFixed(1)} s) → ${work}`);

if (args.includes("--corpus-only")) process.exit(0);

// 3. secretlint, latest, in its own prefix; Node 24 beside it if it will not run on this Node.
const prefix = path.join(work, "secretlint");
mkdirSync(prefix, { recursive: true });
writeFileSync(path.join(prefix, "package.json"), '{ "private": true }\n');
const install = (dir, ...pkgs) => execFileSync(npm, ["install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", ...pkgs], { stdio: ["ignore", "ignore", "inherit"] });
install(prefix, "secretlint@latest", "@secretlint/secretlint-rule-preset-recommend@latest");
const version = (pkg) => JSON.parse(readFileSync(path.join(prefix, "node_modules", pkg, "package.json"), "utf8")).version;
let node = process.execPath;
const probe = () => spawnSync(node, [path.join(here, "scan-both.mjs"), "--probe", prefix], { stdio: "ignore" }).status === 0;
if (!probe()) {
  const nodePrefix = path.join(work, "node24");
  mkdirSync(nodePrefix, { recursive: true });
  writeFileSync(path.join(nodePrefix, "package.json"), '{ "private": true }\n');
  install(nodePrefix, "node@24");
  node = path.join(nodePrefix, "node_modules/.bin/node");
  if (!probe()) throw new Error("secretlint does not run on this Node nor on node@24");
}
const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
say(`secretlint ${version("secretlint")} + preset-recommend ${version("@secretlint/secretlint-rule-preset-recommend")} (engine @secretlint/core ${version("@secretlint/core")}); both tools run on Node ${nodeVersion}`);

// 4. Scan: both tools in one child process on the same Node, same files in memory, passes
// alternating between them; timed loops only.
const outFile = path.join(work, "results.json");
execFileSync(node, ["--expose-gc", path.join(here, "scan-both.mjs"), corpusDir, listFile, outFile, String(passes), entry, prefix], { stdio: "inherit" });
const measured = JSON.parse(readFileSync(outFile, "utf8"));

// 5. Score and print.
const secretlintProviders = new Set(CREDENTIALS.filter((c) => c.secretlint).map((c) => c.provider));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = ["lodestar", "secretlint"].map((tool) => {
  const r = measured.results[tool];
  const s = score(r.findings, corpus.labels, corpus.traps);
  const wall = median(r.wall);
  const cpu = median(r.cpu);
  return { tool, s, wall, cpu, mbps: corpus.bytes / 1e6 / (wall / 1000), cpuMbps: corpus.bytes / 1e6 / (cpu / 1000), fps: corpus.files.size / (wall / 1000) };
});
const pct = (x) => `${(x * 100).toFixed(1)}%`;
say("");
say(`medians of ${passes} alternating passes; throughput = corpus bytes / scan time (file reading and start-up excluded for both)`);
say("tool        precision  recall   recall on secretlint's providers  findings  MB/s wall  MB/s CPU  files/s");
for (const { tool, s, mbps, cpuMbps, fps } of rows) {
  say(`${tool.padEnd(11)} ${pct(s.precision).padEnd(10)} ${pct(s.recall).padEnd(8)} ${pct(s.recallOver(secretlintProviders)).padEnd(33)} ${String(s.findings).padEnd(9)} ${mbps.toFixed(1).padEnd(10)} ${cpuMbps.toFixed(1).padEnd(9)} ${fps.toFixed(0)}`);
}
const [lode, peer] = rows;
say("");
say("recall by provider (lodestar / secretlint):");
const providerLine = Object.keys(lode.s.perProvider).sort().map((p) => `${p} ${lode.s.perProvider[p].found}/${peer.s.perProvider[p].found}/${lode.s.perProvider[p].total}`);
for (let i = 0; i < providerLine.length; i += 6) say(`  ${providerLine.slice(i, i + 6).join("   ")}`);
for (const { tool, s } of rows) {
  say(`false positives, ${tool}: ${JSON.stringify(s.falsePositives)}`);
  for (const e of s.falseExamples.slice(0, 6)) say(`    ${e}`);
}
const ratio = lode.cpuMbps / peer.cpuMbps;
say(`throughput ratio lodestar / secretlint: ${ratio.toFixed(2)} × on CPU time, ${(lode.mbps / peer.mbps).toFixed(2)} × on wall time`);
const bars = [
  ["recall ≥ 0.95", lode.s.recall >= 0.95],
  ["precision ≥ 0.95", lode.s.precision >= 0.95],
  [`recall ≥ secretlint's (${pct(peer.s.recall)})`, lode.s.recall >= peer.s.recall],
  [`precision ≥ secretlint's (${pct(peer.s.precision)})`, lode.s.precision >= peer.s.precision],
  [`throughput ≥ 3 × secretlint's (${ratio.toFixed(2)} ×, CPU time)`, ratio >= 3],
];
say("");
for (const [name, ok] of bars) say(`${ok ? "PASS" : "FAIL"}  ${name}`);
process.exitCode = bars.every(([, ok]) => ok) ? 0 : 1;
