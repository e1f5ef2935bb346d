#!/usr/bin/env node
// bench/routing: does the local-first router keep the cloud bill small without losing answers,
// and does learning make the cloud needed less? (issue 4)
//
//   node bench/routing/run.mjs [--seed 42] [--tasks 500] [--families 25] [--no-build]
//
// A seeded workload of verifiable tasks of mixed difficulty (workload.mjs; the mix is printed) is
// replayed three times through the real router — `createRouter` from the built code (dist/),
// with its real providers, budget guard, redaction, ledger, decision log and learning memory in a
// fresh state folder — while loopback fakes of Ollama and Anthropic answer (fake-models.mjs): the
// local model is right on easy tasks and wrong on a known share of the others, less often when
// the prompt holds a verified example of a task of the same family, and the cloud is right but
// for a small share of hard tasks. The same workload is then sent all-cloud (no local model: the
// router escalates every task), and the runs are compared.
//
// Bars: cloud cost ≤ 0.15 × all-cloud and verified success ≥ 0.95 × all-cloud's, over the three
// passes; the escalation rate of the third pass at most half the first's.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildWorkload, DIFFICULTIES, KINDS } from "./workload.mjs";
import { CLOUD_WRONG_HARD, LOCAL_RULES, startFakeAnthropic, startFakeOllama } from "./fake-models.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const seed = flag("seed", 42);
const taskCount = flag("tasks", 500);
const familyCount = flag("families", 25);
const PASSES = 3;

if (!args.includes("--no-build")) execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "inherit" });
const { createRouter, EXAMPLE_HEADER } = await import(path.join(projectRoot, "dist/llm/index.js"));
const { validateConfig } = await import(path.join(projectRoot, "dist/config/index.js"));
const { openState } = await import(path.join(projectRoot, "dist/state/index.js"));

const workload = buildWorkload({ seed, tasks: taskCount, families: familyCount });
const byId = new Map(workload.map((t) => [t.id, t]));
const pct = (n, d) => `${((100 * n) / d).toFixed(1)}%`;

console.log(`workload: ${workload.length} tasks in ${familyCount} families, seed ${seed}`);
console.log(`  difficulty: ${DIFFICULTIES.map((d) => { const n = workload.filter((t) => t.difficulty === d.name).length; return `${d.name} ${n} (${pct(n, workload.length)})`; }).join(", ")}`);
console.log(`  kinds: ${KINDS.map((k) => `${k} ${workload.filter((t) => t.kind === k).length}`).join(", ")}`);
console.log(
  `  fake local model wrong on: ${Object.entries(LOCAL_RULES).map(([d, r]) => `${d} ${r.wrong * 100}% (${r.wrongWithExample * 100}% with a verified example of its family)`).join(", ")}; ` +
    "right when shown its own task's verified solution",
);
console.log(`  fake cloud model wrong on ${CLOUD_WRONG_HARD * 100}% of hard and sprawling tasks`);

const config = validateConfig({
  // Budgets out of the way: this bench measures routing, the budget tests measure caps.
  budgets: { "daily-usd": 1000, "monthly-usd": 10000, "cycle-usd": 1000, "daily-tokens": 100_000_000, "monthly-tokens": 1_000_000_000 },
});
if (!config.ok) throw new Error(config.message);

const work = mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-routing-"));
const ollama = await startFakeOllama({ model: config.config.models.local, byId, seed, exampleHeader: EXAMPLE_HEADER });
const anthropic = await startFakeAnthropic({ byId, seed });

/** One pass of the workload through a router made for it (as one nightly cycle would be). */
async function pass(state, env, job) {
  const router = await createRouter({ env, config: config.config, state, repo: "bench/routing", job, retry: { sleep: async () => {} } });
  const out = { local: 0, escalated: 0, costUsd: 0, verified: 0, reasons: {}, seconds: 0 };
  const started = performance.now();
  for (const task of workload) {
    const answer = await router.complete({
      kind: task.kind,
      messages: [
        { role: "system", content: "You write minimal, correct patches." },
        { role: "user", content: task.problem },
      ],
      context: task.context,
      problem: task.problem,
      maxOutputTokens: 2048,
      verify: (candidate) => [{ name: "tests", pass: candidate.text === task.expected }],
    });
    if (answer.provider === "ollama") out.local++;
    const calledCloud = answer.provider !== "ollama" || answer.costUsd > 0;
    if (calledCloud) {
      out.escalated++;
      const why = (answer.decision.reasons[0] ?? "other").replace(/ .*/, "");
      out.reasons[why] = (out.reasons[why] ?? 0) + 1;
    }
    out.costUsd += answer.costUsd;
    if (answer.verified) out.verified++;
  }
  out.seconds = (performance.now() - started) / 1000;
  return out;
}

try {
  const started = performance.now();
  const learningState = await openState({ dir: path.join(work, "learning") });
  const env = { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: "sk-ant-bench", ANTHROPIC_BASE_URL: anthropic.url };
  const passes = [];
  for (let p = 1; p <= PASSES; p++) passes.push(await pass(learningState, env, `pass-${p}`));

  // All-cloud: no local model (nothing listens on port 9), so the router sends every task to the cloud.
  const cloudState = await openState({ dir: path.join(work, "all-cloud") });
  const allCloud = await pass(cloudState, { ...env, OLLAMA_HOST: "http://127.0.0.1:9" }, "all-cloud");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  const n = workload.length;
  console.log(`\nall-cloud: cost $${allCloud.costUsd.toFixed(4)} a pass, verified ${allCloud.verified}/${n} (${pct(allCloud.verified, n)}), escalated ${pct(allCloud.escalated, n)}`);
  console.log("\npass  handled locally  escalated  cloud cost   ÷ all-cloud  verified        ÷ all-cloud's  escalations by first reason");
  passes.forEach((p, i) => {
    const reasons = Object.entries(p.reasons).map(([r, c]) => `${r} ${c}`).join(", ");
    console.log(
      `${String(i + 1).padEnd(6)}${pct(p.local, n).padEnd(17)}${pct(p.escalated, n).padEnd(11)}$${p.costUsd.toFixed(4).padEnd(11)} ${(p.costUsd / allCloud.costUsd).toFixed(3).padEnd(12)} ${`${p.verified}/${n}`.padEnd(15)} ${(p.verified / allCloud.verified).toFixed(3).padEnd(14)} ${reasons}`,
    );
  });
  const sum = (key) => passes.reduce((a, p) => a + p[key], 0);
  const costRatio = sum("costUsd") / (PASSES * allCloud.costUsd);
  const successRatio = sum("verified") / (PASSES * allCloud.verified);
  const localShare = sum("local") / (PASSES * n);
  const escalationRatio = passes[PASSES - 1].escalated / passes[0].escalated;
  console.log(`all   ${pct(sum("local"), PASSES * n).padEnd(17)}${pct(sum("escalated"), PASSES * n).padEnd(11)}$${sum("costUsd").toFixed(4).padEnd(11)} ${costRatio.toFixed(3).padEnd(12)} ${`${sum("verified")}/${PASSES * n}`.padEnd(15)} ${successRatio.toFixed(3)}`);
  console.log(`\n(passes took ${passes.map((p) => p.seconds.toFixed(1)).join(", ")} s, all-cloud ${allCloud.seconds.toFixed(1)} s; ${seconds} s in all)`);

  const bars = [
    [`cloud cost ÷ all-cloud over ${PASSES} passes = ${costRatio.toFixed(3)}`, "≤ 0.15", costRatio <= 0.15],
    [`verified success ÷ all-cloud's over ${PASSES} passes = ${successRatio.toFixed(3)}`, "≥ 0.95", successRatio >= 0.95],
    [`escalation rate pass ${PASSES} ÷ pass 1 = ${pct(passes[PASSES - 1].escalated, n)} ÷ ${pct(passes[0].escalated, n)} = ${escalationRatio.toFixed(3)}`, "≤ 0.5", escalationRatio <= 0.5],
  ];
  console.log(`\nshare handled locally over ${PASSES} passes: ${(localShare * 100).toFixed(1)}%`);
  for (const [what, bar, ok] of bars) console.log(`${what}   bar ${bar}   ${ok ? "PASS" : "FAIL"}`);
  process.exitCode = bars.every(([, , ok]) => ok) ? 0 : 1;
} finally {
  await ollama.close();
  await anthropic.close();
  rmSync(work, { recursive: true, force: true });
}
