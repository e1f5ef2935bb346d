#!/usr/bin/env node
// bench/improve: test generation and the refactor engine on a small real-looking library, end to
// end, and whether what they propose holds up (issue 6).
//
//   node bench/improve/run.mjs [--reruns 20] [--keep] [--no-build]
//
// One cycle runs through the built code (dist/): `runCycle` with the tests and refactor modules,
// the real analysis, the real sandbox and a real router (`createRouter`, local only, a fresh
// state folder) whose Ollama is a fake (fake-ollama.mjs) scripted with a realistic mix of good,
// broken, flaky, no-op and hostile answers (answers.mjs), on a git copy of fixture/ (plainfmt:
// four modules, tests for some functions, two untested files, one needlessly complex function).
// It prints the test-generation funnel with every rejection and its reason, coverage before and
// after per target, and complexity before and after per refactor.
//
// Then it checks the bar on fresh copies of the fixture, with its own tools (measure.mjs), not
// Lodestar's: each proposed patch applies with `git apply`; the proposed tests pass every one of
// `--reruns` runs (no failure, no flakiness) and the whole suite passes with them; a tests
// proposal raises its target's line or branch coverage; a refactor lowers the cyclomatic
// complexity of its function and the whole suite passes `--reruns` times on it; every scripted
// answer stopped at the filter it should (the script knows which answer is which), and each
// filter rejected something; and nothing escaped: the cycle's repository is as committed, the
// scratch folder is empty, a canary planted in the bench's environment appears in no request to
// the model and no output, and no daemon a candidate test started is still running. Prints PASS
// or FAIL and exits 1 on FAIL.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { answerFor, CANARY_VARIABLE, DAEMON_MARKER, FIXTURE, MODEL, readRequest, REFACTOR_SCRIPT, TEST_SCRIPT } from "./answers.mjs";
import { startFakeOllama } from "./fake-ollama.mjs";
import { complexityOf, coverageRises, fixtureRepo, functionComplexity, git, inRepo, measureCoverage, runNode, showCoverage } from "./measure.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const RERUNS = flag("reruns", 20);
if (!Number.isInteger(RERUNS) || RERUNS < 1) {
  console.error("--reruns: a whole number of runs, 1 or more");
  process.exit(2);
}
const keep = args.includes("--keep");

if (!args.includes("--no-build")) execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "inherit" });
const dist = (rel) => import(path.join(projectRoot, "dist", rel));
const { runCycle } = await dist("cycle/index.js");
const { testsModule, refactorModule } = await dist("modules/index.js");
const { createRouter } = await dist("llm/index.js");
const { openState } = await dist("state/index.js");
const { loadRepoConfig } = await dist("config/index.js");
const { analyzeRepository } = await dist("analysis/index.js");
const { createJob } = await dist("job.js");
const { filesPublisher } = await dist("publish/index.js");

const work = mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-improve-"));
const repo = path.join(work, "repo");
const scratch = path.join(work, "scratch");
const out = path.join(work, "out");
mkdirSync(scratch);
// Planted where a test could look for it: the sandbox's environment is an allow-list, so it must never get there.
const canary = `lodestar-canary-${randomBytes(12).toString("hex")}`;
process.env[CANARY_VARIABLE] = canary;

const pad = (s, n) => String(s).padEnd(n);
const bar = [];
const check = (ok, title, detail = "") => {
  bar.push({ ok, title });
  console.log(`  [${ok ? "PASS" : "FAIL"}] ${title}${detail ? `: ${detail}` : ""}`);
};

const ollama = await startFakeOllama({
  models: [MODEL],
  respond: (body) => {
    const request = readRequest(body);
    return { ...answerFor(request), request };
  },
});

try {
  await fixtureRepo(FIXTURE, repo);
  const head = (await git(repo, "rev-parse", "HEAD")).trim();
  const loaded = await loadRepoConfig(repo);
  if (!loaded.ok) throw new Error(`the fixture's .github/lodestar.yml is invalid: ${loaded.message}`);
  const config = loaded.config;
  const settings = { reruns: config.modules.tests.reruns, candidates: config.modules.tests.candidates };
  const job = createJob({
    kind: "cycle",
    repo: { owner: "bench", name: "plainfmt", dir: repo },
    ref: null,
    requestedBy: { login: "bench", via: "cli" },
    config,
    deliveryId: null,
    trusted: true,
    modules: ["tests", "refactor"],
  });
  const env = { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: path.join(work, "state") };
  const llm = await createRouter({ env, config, state: await openState({ env }), repo: "bench/plainfmt", job: job.id });

  console.log(`bench/improve: one cycle (tests + refactor) on the fixture plainfmt (${repo})`);
  console.log(`  model: a fake Ollama serving ${MODEL}, scripted (answers.mjs); cloud: ${config.models.cloud}; ${settings.candidates} test candidates per target, ${settings.reruns} reruns; refactor k = ${config.modules.refactor.variants}, g = ${config.modules.refactor.generations}`);
  const started = performance.now();
  const result = await runCycle(job, {
    analyze: () => analyzeRepository(repo),
    llm,
    modules: [testsModule, refactorModule],
    publishers: [filesPublisher(out)],
    scratchRoot: scratch,
  });
  const seconds = (performance.now() - started) / 1000;
  const replies = ollama.requests.map((r) => r.reply);
  const byModule = (m) => result.proposals.filter((p) => p.module === m);
  console.log(
    `cycle: ${seconds.toFixed(1)} s, conclusion ${result.conclusion} (${result.conclusionReason}); ${result.proposals.length} proposals ` +
      `(${byModule("tests").length} tests, ${byModule("refactor").length} refactor), ${result.rejected.length} rejected by policy; ${replies.length} model calls`,
  );
  for (const run of result.moduleRuns) {
    console.log(`  module ${run.module}: ${run.status}${run.reason ? ` (${run.reason})` : ""}, ${(run.durationMs / 1000).toFixed(1)} s${run.incomplete?.length ? `; incomplete: ${run.incomplete.join("; ")}` : ""}`);
  }

  // ------------------------------------------------------------------ the test-generation funnel
  const funnels = result.findings.filter((f) => f.module === "tests" && f.ruleId === "tests/funnel");
  const finalTestReply = (target, attempt) => {
    const mine = replies.filter((r) => r.request.kind === "tests" && r.request.target === target && r.request.attempt === attempt);
    return { first: mine.find((r) => !r.request.repair), last: mine.at(-1), repaired: mine.some((r) => r.request.repair) };
  };
  console.log("\nTest generation funnel (each candidate stops at the first filter it fails)");
  console.log(`  ${pad("target", 14)}${pad("generated", 11)}${pad("built", 7)}${pad(`passed ${settings.reruns}/${settings.reruns}`, 12)}${pad("raised coverage", 17)}${pad("test files only", 17)}proposed`);
  const total = { generated: 0, built: 0, passed: 0, raisedCoverage: 0, testFilesOnly: 0, proposed: 0, unusable: 0, flaky: 0, repairs: { attempted: 0, kept: 0 } };
  for (const f of funnels) {
    const n = f.evidence[0].data.funnel;
    for (const k of ["generated", "built", "passed", "raisedCoverage", "testFilesOnly", "proposed", "unusable", "flaky"]) total[k] += n[k];
    total.repairs.attempted += n.repairs.attempted;
    total.repairs.kept += n.repairs.kept;
    console.log(`  ${pad(f.location.path, 14)}${pad(n.generated, 11)}${pad(n.built, 7)}${pad(n.passed, 12)}${pad(n.raisedCoverage, 17)}${pad(n.testFilesOnly, 17)}${n.proposed}`);
  }
  console.log(`  ${pad("total", 14)}${pad(total.generated, 11)}${pad(total.built, 7)}${pad(total.passed, 12)}${pad(total.raisedCoverage, 17)}${pad(total.testFilesOnly, 17)}${total.proposed}`);
  console.log(`  of which: ${total.unusable} unusable answers (dropped at filter 1), ${total.flaky} flaky (passed some runs, then failed); repairs ${total.repairs.attempted} asked, ${total.repairs.kept} kept`);
  const rejectedAt = {
    "1 builds / parses": total.generated - total.built,
    [`2 passes ${settings.reruns}/${settings.reruns}`]: total.built - total.passed,
    "3 raises coverage": total.passed - total.raisedCoverage,
    "4 test files only": total.raisedCoverage - total.testFilesOnly,
  };
  console.log(`  rejected by filter: ${Object.entries(rejectedAt).map(([k, v]) => `${k}: ${v}`).join(", ")}`);

  const stageMismatches = [];
  let candidatesChecked = 0;
  for (const f of funnels) {
    const target = f.location.path;
    console.log(`\n  ${target}: candidate → where it stopped (what the model was scripted to send)`);
    for (const c of f.evidence[0].data.candidates) {
      const { first, last, repaired } = finalTestReply(target, c.attempt);
      const label = last ? (repaired ? `${first?.label ?? "?"}; repair: ${last.label}` : last.label) : "no scripted answer";
      const ok = last ? last.expect === c.stage : false;
      candidatesChecked++;
      if (!ok) stageMismatches.push(`${target} #${c.attempt}: expected ${last?.expect ?? "?"}, got ${c.stage} (${c.reason})`);
      console.log(`    #${c.attempt} ${pad(c.stage, 11)} ${ok ? "as expected" : `EXPECTED ${last?.expect}`} — ${label}`);
      console.log(`       ${c.repaired ? `first: ${c.firstReason}; after the repair: ` : ""}${c.reason}`);
    }
  }

  // ------------------------------------------------------------------ coverage, module and bench
  const baseRepo = await fixtureRepo(FIXTURE, path.join(work, "check-base"));
  const baseCoverage = await measureCoverage(baseRepo, path.join(work, "base.lcov"));

  const isolation = byModule("tests").map((p) => p.evidence[1]?.data?.isolation).find(Boolean);
  if (isolation) console.log(`\n  sandbox, as applied to the candidates' runs: ${Object.entries(isolation).map(([k, v]) => `${k} ${v}`).join(", ")}`);

  console.log("\nCoverage of each test target, before → after (the module's own measure in the sandbox)");
  for (const f of funnels) {
    const target = f.location.path;
    const proposal = byModule("tests").find((p) => p.evidence[0]?.data?.path === target);
    console.log(`  ${pad(target, 14)} ${proposal ? proposal.evidence[0].description.replace(/^coverage of \S+: /, "") : f.message.replace(/^.*Coverage of \S+: /, "")}`);
  }

  // ------------------------------------------------------------------ refactor
  console.log("\nRefactor (STOP search: k variants a round, the best survivor seeds the next)");
  const refactorNotes = result.findings.filter((f) => f.module === "refactor");
  const refactorMismatches = [];
  let variantsChecked = 0;
  for (const note of refactorNotes) {
    const search = note.evidence.find((e) => e.kind === "model");
    const measured = note.evidence.find((e) => e.kind === "measurement" && e.data?.before && e.data?.after);
    console.log(`  ${note.title} (${note.location.path}${note.location.startLine ? `, lines ${note.location.startLine}–${note.location.endLine}` : ""})`);
    if (measured) {
      const { before, after } = measured.data;
      console.log(`    complexity ${before.complexity} → ${after.complexity}, code lines ${before.lines} → ${after.lines}, score ${before.score} → ${after.score} (the module's measure)`);
    } else console.log(`    ${note.message}`);
    if (!search) continue;
    const fn = /^(?:Simplified|No simpler version of) (\S+)/.exec(note.title)?.[1];
    const key = fn && fn !== note.location.path ? `${note.location.path}#${fn}` : note.location.path;
    for (const g of search.data.generations) {
      const asked = replies.filter((r) => r.request.kind === "refactor" && r.request.target === key && r.request.generation === g.generation);
      const expected = {};
      let survivors = 0;
      for (const r of asked) {
        if (r.expect === null) survivors++;
        else expected[r.expect] = (expected[r.expect] ?? 0) + 1;
      }
      variantsChecked += asked.length;
      const same = JSON.stringify(Object.entries(g.rejected).filter(([, n]) => n).sort()) === JSON.stringify(Object.entries(expected).sort()) && survivors === g.survivors;
      if (!same) refactorMismatches.push(`${key} round ${g.generation}: expected ${JSON.stringify(expected)} + ${survivors} survivors, got ${JSON.stringify(g.rejected)} + ${g.survivors}`);
      const rejected = Object.entries(g.rejected).filter(([, n]) => n).map(([why, n]) => `${n} ${why}`).join(", ");
      console.log(`    round ${g.generation}: ${g.asked} asked, ${g.survivors} survived${g.best ? ` (best score ${g.best.score}, complexity ${g.best.complexity}, ${g.best.lines} lines${g.kept ? ", kept" : ""})` : ""}; rejected: ${rejected || "none"} — ${same ? "as scripted" : "NOT AS SCRIPTED"}`);
      for (const r of asked.sort((a, b) => a.request.variant - b.request.variant)) console.log(`      v${r.request.variant} ${pad(r.expect ?? "survives", 12)} ${r.label}`);
    }
    console.log(`    stopped: ${search.data.stopped}`);
  }

  // ------------------------------------------------------------------ the bar
  console.log(`\nBar (checked on fresh copies of the fixture with the bench's own tools; ${RERUNS} reruns)`);
  const rerunReport = [];
  const gainReport = [];
  let proposalIndex = 0;
  for (const proposal of result.proposals) {
    const copy = await fixtureRepo(FIXTURE, path.join(work, `check-${++proposalIndex}`));
    const patchFile = path.join(work, `proposal-${proposalIndex}.patch`);
    writeFileSync(patchFile, proposal.patch);
    try {
      await git(copy, "apply", "--check", patchFile);
      await git(copy, "apply", patchFile);
    } catch (error) {
      rerunReport.push({ ok: false, text: `${proposal.title}: the patch does not apply (${String(error.stderr ?? error).trim()})` });
      continue;
    }
    const suite = await runNode(copy, ["--test"]);
    if (proposal.module === "tests") {
      let passed = 0;
      let firstFailure = "";
      for (let i = 0; i < RERUNS; i++) {
        const run = await runNode(copy, ["--test", ...proposal.files]);
        if (run.ok) passed++;
        else firstFailure ||= run.output.split("\n").filter((l) => /not ok|Error|assert/i.test(l)).slice(0, 3).join(" | ");
      }
      rerunReport.push({ ok: passed === RERUNS && suite.ok, text: `${proposal.files.join(", ")}: ${passed}/${RERUNS} runs passed, whole suite ${suite.ok ? "passes" : "FAILS"}${firstFailure ? ` (${firstFailure})` : ""}` });
      const target = proposal.evidence[0].data.path;
      const after = (await measureCoverage(copy, path.join(work, `check-${proposalIndex}.lcov`))).get(target) ?? null;
      const before = baseCoverage.get(target) ?? null;
      gainReport.push({ ok: coverageRises(before, after), text: `${target}: ${showCoverage(before)} → ${showCoverage(after)}` });
    } else {
      let passed = 0;
      for (let i = 0; i < RERUNS; i++) if ((await runNode(copy, ["--test"])).ok) passed++;
      rerunReport.push({ ok: passed === RERUNS, text: `${proposal.files.join(", ")} (refactor): the whole suite passed ${passed}/${RERUNS} runs` });
      const file = proposal.files[0];
      const fn = /^Simplify (\S+) in /.exec(proposal.title)?.[1];
      const beforeText = readFileSync(inRepo(baseRepo, file), "utf8");
      const afterText = readFileSync(inRepo(copy, file), "utf8");
      const before = fn ? functionComplexity(beforeText, fn) : complexityOf(beforeText).total;
      const after = fn ? functionComplexity(afterText, fn) : complexityOf(afterText).total;
      const fileBefore = complexityOf(beforeText).total;
      const fileAfter = complexityOf(afterText).total;
      const lines = (t) => t.split("\n").length;
      gainReport.push({
        ok: before !== null && after !== null && after < before && fileAfter < fileBefore,
        text: `${fn ? `${fn} in ` : ""}${file}: cyclomatic complexity ${before} → ${after} (file ${fileBefore} → ${fileAfter}, ${lines(beforeText)} → ${lines(afterText)} lines)`,
      });
    }
  }
  const expectedTests = Object.entries(TEST_SCRIPT).filter(([, entries]) => entries.some((e) => e.expect === "kept" || e.repair?.expect === "kept")).length;
  const expectedRefactors = Object.values(REFACTOR_SCRIPT).filter((rounds) => Object.values(rounds).some((vs) => vs.some((v) => v.expect === null))).length;
  const modulesOk = result.moduleRuns.length === 2 && result.moduleRuns.every((r) => r.status === "ok" && !r.incomplete?.length);
  check(
    modulesOk && byModule("tests").length === expectedTests && byModule("refactor").length === expectedRefactors && result.rejected.length === 0,
    "both modules ran to the end and made the proposals the script calls for, none rejected by policy",
    `${byModule("tests").length}/${expectedTests} tests, ${byModule("refactor").length}/${expectedRefactors} refactor`,
  );
  check(rerunReport.length > 0 && rerunReport.every((r) => r.ok), `no proposed test fails, none is flaky across ${RERUNS} reruns`);
  for (const r of rerunReport) console.log(`         ${r.ok ? "" : "FAIL "}${r.text}`);
  check(gainReport.length === result.proposals.length && gainReport.every((r) => r.ok), "every proposal raises coverage or lowers complexity");
  for (const r of gainReport) console.log(`         ${r.ok ? "" : "FAIL "}${r.text}`);

  const scriptedCandidates = Object.values(TEST_SCRIPT).reduce((n, entries) => n + entries.length, 0);
  const unscripted = replies.filter((r) => r.request.kind !== "refactor" && !r.scripted);
  check(
    stageMismatches.length === 0 && candidatesChecked === scriptedCandidates && unscripted.length === 0,
    "every test candidate stopped at the filter the script says",
    `${candidatesChecked - stageMismatches.length}/${scriptedCandidates}` +
      (stageMismatches.length ? `; ${stageMismatches.join("; ")}` : "") +
      (unscripted.length ? `; ${unscripted.length} requests the script did not foresee (${unscripted.map((r) => r.label).join(", ")})` : ""),
  );
  const expectUnusable = funnels.reduce((n, f) => n + f.evidence[0].data.candidates.filter((c) => finalTestReply(f.location.path, c.attempt).last?.unusable).length, 0);
  const expectFlaky = Object.values(TEST_SCRIPT).flat().filter((e) => e.flaky).length;
  const filtersBite = Object.values(rejectedAt).every((n) => n > 0) && total.unusable === expectUnusable && total.flaky >= expectFlaky;
  check(
    filtersBite,
    "each filter rejected the answers it exists for",
    `${Object.entries(rejectedAt).map(([k, v]) => `${k.replace(/^\d /, "")} ${v}`).join(", ")}; unusable ${total.unusable}/${expectUnusable}, flaky ${total.flaky} (≥ ${expectFlaky})`,
  );
  const scriptedVariants = replies.filter((r) => r.request.kind === "refactor").length;
  check(
    refactorMismatches.length === 0 && variantsChecked === scriptedVariants && variantsChecked > 0,
    "every refactor variant was rejected for the reason the script says, or survived",
    `${variantsChecked} variants${refactorMismatches.length ? `; ${refactorMismatches.join("; ")}` : ""}`,
  );

  const status = (await git(repo, "status", "--porcelain", "--untracked-files=all")).trim();
  const headNow = (await git(repo, "rev-parse", "HEAD")).trim();
  const leftovers = readdirSync(scratch);
  const outputs = [
    JSON.stringify(ollama.requests.map((r) => r.body)),
    JSON.stringify({ findings: result.findings, proposals: result.proposals, decisions: result.decisions, rejected: result.rejected }),
    ...readdirSync(out, { recursive: true }).map((f) => path.join(out, f)).filter((f) => statSync(f).isFile()).map((f) => readFileSync(f, "utf8")),
  ];
  const leaked = outputs.some((text) => text.includes(canary));
  check(
    status === "" && headNow === head && leftovers.length === 0 && !leaked,
    "nothing escaped the sandbox",
    `repository ${status === "" && headNow === head ? "as committed" : `CHANGED (${status || headNow})`}, scratch ${leftovers.length ? `NOT EMPTY (${leftovers.join(", ")})` : "empty"}, canary ${leaked ? "LEAKED" : "in no request or output"}`,
  );

  // A candidate test started a detached daemon in each of its runs: the sandbox must have ended them all.
  const survivors = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(DAEMON_MARKER))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
  for (const pid of survivors) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  check(survivors.length === 0, "no process a test started outlived its run", survivors.length ? `${survivors.length} daemons were still running (killed now)` : "the daemon candidate's workers are all gone");

  const pass = bar.every((b) => b.ok);
  console.log(`\n${pass ? "PASS" : "FAIL"}${keep ? ` (kept ${work})` : ""}`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await ollama.close();
  if (!keep) rmSync(work, { recursive: true, force: true });
}
