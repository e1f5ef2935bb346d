/**
 * The test-generation module's pipeline: commands → sandbox workspace → baseline (install,
 * build, tests, coverage) → targets → per target, candidates through the filters → one
 * proposal per target with tests kept. Anything that stops the work is reported as
 * `incomplete`, never as a clean run.
 */
import { METRIC_LANGUAGES } from "../../analysis/index.js";
import { isTestFile } from "../../analysis/testing/index.js";
import { patchPaths } from "../../cycle/proposal-policy.js";
import { createWorkspace, detectCommands, sandboxLimits, type RepoCommands, type SandboxResult, type Workspace } from "../../sandbox/index.js";
import type { Finding, ModuleContext, ModuleResult, Proposal } from "../types.js";
import { showCommand } from "./commands.js";
import { addFunnel, describeFunnel, emptyFunnel } from "./funnel.js";
import { generateForTarget, type TargetOutcome } from "./generate-for-target.js";
import { measureCoverage } from "./measure-coverage.js";
import { contextFile, pickExampleTest, suggestTestPath } from "./prompt.js";
import { funnelFinding, testsProposal } from "./proposal.js";
import { normaliseTarget, rankTargets } from "./rank-targets.js";
import { testsSettings } from "./settings.js";

const done = (findings: Finding[], proposals: Proposal[], incomplete: string[]): ModuleResult => ({ findings, proposals, ...(incomplete.length ? { incomplete } : {}) });
const nothing = (why: string): ModuleResult => done([], [], [why]);

function why(r: SandboxResult): string {
  if (r.timedOut || r.killed === "timeout") return "timed out";
  if (r.killed === "memory") return "ran out of memory";
  if (r.killed === "output") return "printed more output than allowed";
  return `exited with ${r.exitCode ?? r.signal ?? "no status"}`;
}

/** A note without a target: what the module looked at and why nothing was generated. */
function note(title: string, message: string): Finding {
  return { module: "tests", ruleId: "tests/summary", level: "note", title, message: message.replace(/@/g, "@\u200B"), evidence: [] };
}

/** The module's `run`: see the file comment. */
export async function runTestsModule(ctx: ModuleContext): Promise<ModuleResult> {
  const { analysis, config, llm } = ctx;
  if (!llm.available) return nothing(`no model to write tests: ${llm.unavailableReason ?? "the model layer is unavailable"}`);
  if (analysis.depth !== "content" || !analysis.root) return nothing("no checkout of the repository to run tests in (listing only)");
  // The cycle never runs this module on untrusted refs; the sandbox refuses them as well (FAULTS 15).
  if (!ctx.job.trusted) return nothing("the ref is not trusted: repository code is never run for it");
  const settings = testsSettings(config);
  const target = normaliseTarget(ctx.job.target);

  let commands: RepoCommands | null;
  try {
    commands = await detectCommands(analysis.root, config);
  } catch (error) {
    return nothing(`the repository's commands could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!commands) return nothing("no test command found: set `commands.test` in .github/lodestar.yml (no package.json test script, pytest, go.mod, Cargo.toml, pom.xml or build.gradle was detected)");
  const coverage = commands.coverage;
  if (!coverage) return nothing(`no coverage command for ${commands.ecosystem}: a new test's coverage cannot be measured, so none is proposed (set \`commands.coverage\` in .github/lodestar.yml)`);
  const repoCommands = { ...commands, coverage };

  let ws: Workspace;
  try {
    ws = await createWorkspace(analysis.root, { trusted: ctx.job.trusted, scratchRoot: ctx.scratchDir, limits: sandboxLimits(config) });
  } catch (error) {
    return nothing(`the sandbox could not be set up: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The sandbox takes no signal: on a module timeout, disposing stops the running command at once.
  const stop = () => void ws.dispose().catch(() => undefined);
  ctx.signal.addEventListener("abort", stop, { once: true });
  try {
    return await withWorkspace(ctx, ws, repoCommands, settings, target);
  } finally {
    ctx.signal.removeEventListener("abort", stop);
    await ws.dispose();
  }
}

async function withWorkspace(
  ctx: ModuleContext,
  ws: Workspace,
  commands: RepoCommands & { coverage: NonNullable<RepoCommands["coverage"]> },
  settings: ReturnType<typeof testsSettings>,
  target: string,
): Promise<ModuleResult> {
  const { analysis, signal } = ctx;
  const tracked = new Set(analysis.files.map((f) => f.path));

  // The baseline: nothing generated can be judged against a repo that does not install, build or pass.
  const steps: [string, string[] | undefined, boolean][] = [
    ["install", commands.install, true],
    ["build", commands.build, false],
    ["test", commands.test, false],
  ];
  for (const [name, argv, network] of steps) {
    if (!argv) continue;
    signal.throwIfAborted();
    const r = await ws.run({ argv, ...(network ? { network: true } : {}) });
    if (r.exitCode !== 0 || r.timedOut || r.killed) return nothing(`the repository's ${name} command \`${showCommand(argv)}\` ${why(r)} before any change, so no new test can be verified`);
  }
  signal.throwIfAborted();
  const baseline = await measureCoverage(ws, commands.coverage, tracked);
  if (!baseline.ok) return nothing(`the baseline coverage run \`${showCommand(commands.coverage.argv)}\` failed: ${baseline.reason}`);
  // Files the repo's own commands rewrite (generated, committed artefacts) are not a candidate's doing.
  const noise = new Set(patchPaths(await ws.diff()));

  // Source: code the analysis listed (a language with metrics, functions found, or named by the coverage report).
  const sourceFiles = analysis.files
    .filter((f) => !isTestFile(f.path) && ((f.language !== null && METRIC_LANGUAGES.has(f.language)) || analysis.functions[f.path] !== undefined || baseline.files.has(f.path)))
    .map((f) => f.path);
  const targets = rankTargets({
    coverage: baseline.files,
    hotspots: analysis.hotspots,
    sourceFiles,
    functions: analysis.functions,
    ...(target ? { target } : {}),
  }).slice(0, settings.maxTargets);
  if (targets.length === 0) {
    const where = target ? `under \`${target}\`` : "in the repository";
    return done([note("No test target", `No source file ${where} lacks coverage that a new test could add (coverage measured with \`${showCommand(commands.coverage.argv)}\`).`)], [], []);
  }

  const findings: Finding[] = [];
  const proposals: Proposal[] = [];
  const incomplete: string[] = [];
  let total = emptyFunnel();
  const frameworks = analysis.tests.frameworks.map((f) => f.name);
  for (const t of targets) {
    signal.throwIfAborted();
    await ws.reset();
    const source = await ws.readFile(t.path);
    if (source === null) {
      incomplete.push(`${t.path} could not be read in the sandbox`);
      continue;
    }
    const examplePath = pickExampleTest(t.path, analysis.tests.files);
    const exampleText = examplePath ? await ws.readFile(examplePath) : null;
    const outcome: TargetOutcome = await generateForTarget({
      llm: ctx.llm,
      filter: { ws, commands, reruns: settings.reruns, maxChangedLines: settings.maxChangedLines, tracked, noise, signal },
      target: t,
      candidates: settings.candidates,
      frameworks,
      source,
      example: examplePath && exampleText !== null ? contextFile(examplePath, exampleText) : null,
      suggestedPath: suggestTestPath(t.path, examplePath),
      signal,
    });
    total = addFunnel(total, outcome.funnel);
    findings.push(funnelFinding(outcome, settings.reruns));
    const proposal = testsProposal(outcome, settings.reruns);
    if (proposal) proposals.push(proposal);
    if (outcome.stopped) {
      // The model would refuse the next target too (no model, budget spent): say so and stop.
      incomplete.push(`test generation stopped at ${t.path}: ${outcome.stopped}`);
      break;
    }
  }
  if (targets.length > 1) findings.push(note("Test generation", `${targets.length} targets: ${describeFunnel(total, settings.reruns)}.`));
  return done(findings, proposals, incomplete);
}
