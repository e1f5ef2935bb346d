#!/usr/bin/env node
// bench/analysis: `lodestar analyze` against Debian's cloc on the same large real tree (the
// project's own node_modules by default). Prints, for JavaScript, TypeScript, JSON and
// Markdown, the code lines both tools count in exactly the files Lodestar counted, the time
// ratio (wall time of each as a child process) and Lodestar's peak RSS, with PASS/FAIL for
// each bar: code lines within 1% of cloc, time ≤ 0.25 × cloc, peak memory < 500 MB.
// The time bar compares `lodestar analyze <tree>` with `cloc <tree>` — each tool's own job on
// the same tree, as the issue words it; the ratio against cloc given only Lodestar's counted
// files is printed beside it as the stricter figure.
//
//   node bench/analysis/run.mjs [tree=node_modules] [--runs N] [--no-build]
//
// How "like with like" is made:
//   1. A child lists the tree and counts it with the built functions (listLocalFiles +
//      collectFileStats: bench/analysis/stats-child.mjs) and writes the files it counted.
//   2. Timed, interleaved N times (best wall time of each kept, so all see the same load):
//      `lodestar analyze --repo <tree> --json` (cold: a fresh state folder), the child alone
//      (the listing and counting part of the analysis, for attribution), and
//      `cloc --list-file=<the files Lodestar counted> --skip-uniqueness --json`.
//   3. Accuracy: per language, cloc is given the files Lodestar put in that language, with
//      `--force-lang` so cloc counts them with its counter for that language (cloc names
//      some extensions differently, e.g. .jsx is cloc's "JSX" and .mts is unknown to it).
// Should `lodestar analyze` be unusable (not built, or failing), the bars apply to the child.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = Math.max(1, Number(runsAt === -1 ? 1 : args[runsAt + 1]));
const positional = args.filter((a, i) => !a.startsWith("--") && i !== runsAt + 1);
const tree = path.resolve(projectRoot, positional[0] ?? "node_modules");

/** Lodestar's language name → the name of cloc's counter for it. */
const LANGUAGES = { JavaScript: "JavaScript", TypeScript: "TypeScript", JSON: "JSON", Markdown: "Markdown" };
const BARS = { lines: 0.01, time: 0.25, rssMB: 500 };

function ensureCloc() {
  try {
    execFileSync("cloc", ["--version"], { stdio: "ignore" });
    return;
  } catch {
    console.log("cloc is missing: installing Debian's package with apt-get…");
  }
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  for (const cmd of [["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "cloc"]]) {
    const [bin, ...rest] = [...sudo, ...cmd];
    execFileSync(bin, rest, { stdio: "inherit" });
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-analysis-"));

/** Runs a command under /usr/bin/time -v: wall time (ms), CPU time (ms), peak RSS (MB), stdout. */
function timed(cmd, cmdArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const report = path.join(work, `time-${Math.random().toString(36).slice(2)}.txt`);
    const start = process.hrtime.bigint();
    const child = spawn("/usr/bin/time", ["-v", "-o", report, cmd, ...cmdArgs], { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    let err = "";
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const text = existsSync(report) ? readFileSync(report, "utf8") : "";
      const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1] ?? NaN);
      const cpuMs = (field("User time \\(seconds\\)") + field("System time \\(seconds\\)")) * 1000;
      resolve({ ms, cpuMs, rssMB: field("Maximum resident set size \\(kbytes\\)") / 1024, stdout: Buffer.concat(out).toString(), stderr: err, code });
    });
  });
}

/** Keeps the fastest run (and the highest peak memory seen). */
function keepBest(previous, next) {
  if (!previous) return next;
  const best = next.ms < previous.ms ? next : previous;
  return { ...best, rssMB: Math.max(previous.rssMB, next.rssMB) };
}

const pct = (x) => `${(x * 100).toFixed(2)}%`;
const pass = (ok) => (ok ? "PASS" : "FAIL");
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

try {
  if (!existsSync(tree)) throw new Error(`no such tree: ${tree}`);
  ensureCloc();
  if (!args.includes("--no-build")) {
    try {
      execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "inherit" });
    } catch {
      console.log("note: the build reported errors; timing what dist/ holds");
    }
  }
  const clocVersion = execFileSync("cloc", ["--version"]).toString().trim();

  // 1. What Lodestar counts, file by file.
  const perFile = path.join(work, "lodestar-files.json");
  execFileSync(process.execPath, [path.join(here, "stats-child.mjs"), tree, perFile], { stdio: "inherit" });
  const counted = JSON.parse(readFileSync(perFile, "utf8"));
  // cloc's list file is one path per line: a name with a newline cannot be in it (none in practice).
  const files = counted.files.filter(([p]) => !p.includes("\n"));
  const listFile = path.join(work, "all.txt");
  writeFileSync(listFile, files.map(([p]) => p).join("\n") + "\n");

  // 2. Timed runs, interleaved.
  const stateDir = path.join(work, "state");
  const cliRun = () => {
    rmSync(stateDir, { recursive: true, force: true });
    return timed(process.execPath, [path.join(projectRoot, "bin/lodestar.js"), "analyze", "--repo", tree, "--json"], {
      env: { ...process.env, LODESTAR_STATE_DIR: stateDir },
    });
  };
  let cli = null;
  let cliProblem = null;
  let report = {};
  let core = null;
  let cloc = null;
  let clocTree = null;
  for (let k = 0; k < runs; k++) {
    if (!cliProblem) {
      const r = await cliRun();
      try {
        if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr.trim().split("\n").pop()}`);
        report = JSON.parse(r.stdout);
        cli = keepBest(cli, r);
      } catch (error) {
        cliProblem = String(error.message).slice(0, 200);
      }
    }
    const c = await timed(process.execPath, [path.join(here, "stats-child.mjs"), tree, path.join(work, "timed.json")]);
    if (c.code !== 0) throw new Error(`stats-child exited ${c.code}: ${c.stderr.slice(-1000)}`);
    core = keepBest(core, c);
    const d = await timed("cloc", [`--list-file=${listFile}`, "--skip-uniqueness", "--json", "--quiet"], { cwd: tree });
    if (d.code !== 0) throw new Error(`cloc exited ${d.code}: ${d.stderr.slice(-1000)}`);
    cloc = keepBest(cloc, d);
    // cloc's own job on the same tree: what a user runs (`cloc <tree>`), the comparison the
    // issue names. It counts more than Lodestar (no Linguist skips, huge JSON included) and
    // de-duplicates files, so lines are compared on the file list above, time on both.
    const t = await timed("cloc", [tree, "--json", "--quiet"]);
    if (t.code !== 0) throw new Error(`cloc exited ${t.code}: ${t.stderr.slice(-1000)}`);
    clocTree = keepBest(clocTree, t);
  }

  // 3. Per-language accuracy on the files Lodestar put in each language.
  console.log(`\nbench/analysis — ${tree}`);
  console.log(`${counted.listed} files listed (${counted.source}), ${files.length} counted; skipped: ${JSON.stringify(counted.skipped)}`);
  console.log(`cloc ${clocVersion}; ${runs} interleaved run(s) of each, best wall time kept\n`);
  console.log(`${"language".padEnd(12)}${"files".padStart(8)}${"lodestar".padStart(12)}${"cloc".padStart(12)}${"diff".padStart(10)}  bar ≤ ${pct(BARS.lines)}`);
  let linesOk = true;
  for (const [language, clocName] of Object.entries(LANGUAGES)) {
    const mine = files.filter(([, lang]) => lang === language);
    const ours = mine.reduce((sum, f) => sum + f[2], 0);
    const fromReport = report.languages?.[language]?.code;
    if (fromReport !== undefined && fromReport !== ours) console.log(`  note: lodestar analyze reports ${fromReport} ${language} code lines, the per-file run ${ours}`);
    let theirs = 0;
    if (mine.length) {
      const langList = path.join(work, `${language}.txt`);
      writeFileSync(langList, mine.map(([p]) => p).join("\n") + "\n");
      const out = execFileSync("cloc", [`--list-file=${langList}`, "--skip-uniqueness", "--json", "--quiet", `--force-lang=${clocName}`], {
        cwd: tree,
        maxBuffer: 64 * 1024 * 1024,
      }).toString();
      theirs = JSON.parse(out)[clocName]?.code ?? 0;
    }
    const diff = theirs === 0 ? (ours === 0 ? 0 : 1) : (ours - theirs) / theirs;
    const ok = Math.abs(diff) <= BARS.lines;
    linesOk &&= ok;
    console.log(`${language.padEnd(12)}${String(mine.length).padStart(8)}${String(ours).padStart(12)}${String(theirs).padStart(12)}${pct(diff).padStart(10)}  ${pass(ok)}`);
  }

  console.log("");
  const row = (label, r) =>
    console.log(`${label.padEnd(40)}wall ${secs(r.ms).padStart(8)}  cpu ${secs(r.cpuMs).padStart(8)}  peak RSS ${r.rssMB.toFixed(0).padStart(4)} MB  wall/cloc ${(r.ms / cloc.ms).toFixed(3)}  cpu/cloc ${(r.cpuMs / cloc.cpuMs).toFixed(3)}`);
  if (cli) row("lodestar analyze --json", cli);
  else console.log(`note: \`lodestar analyze --json\` unusable (${cliProblem}); the bars apply to listLocalFiles + collectFileStats`);
  row("listLocalFiles + collectFileStats", core);
  row("cloc --list-file (Lodestar's files)", cloc);
  console.log(`${"cloc <tree> (its own run on the tree)".padEnd(40)}wall ${secs(clocTree.ms).padStart(8)}  cpu ${secs(clocTree.cpuMs).padStart(8)}  peak RSS ${clocTree.rssMB.toFixed(0).padStart(4)} MB`);

  const judged = cli ?? core;
  const ratio = judged.ms / clocTree.ms;
  const strict = judged.ms / cloc.ms;
  const timeOk = ratio <= BARS.time;
  const rssOk = judged.rssMB < BARS.rssMB;
  const what = cli ? "lodestar analyze" : "listLocalFiles + collectFileStats";
  console.log(`\ntime    ${what}: ${ratio.toFixed(3)} × \`cloc <tree>\` on the same tree (bar ≤ ${BARS.time})  ${pass(timeOk)}`);
  console.log(`        stricter, not the bar: ${strict.toFixed(3)} × cloc given only the files Lodestar counted (Lodestar also lists, classifies and skips the rest, and reads manifests and test configs)`);
  console.log(`memory  ${what}: peak RSS ${judged.rssMB.toFixed(0)} MB (bar < ${BARS.rssMB} MB)  ${pass(rssOk)}`);
  const allOk = linesOk && timeOk && rssOk;
  console.log(`\n${pass(allOk)}: code lines ${pass(linesOk)}, time ${pass(timeOk)}, memory ${pass(rssOk)}`);
  process.exitCode = allOk ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
