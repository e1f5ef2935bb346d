/**
 * The refactor engine's run, top to bottom: pick targets, check that a model and the repo's
 * test command are there, make one sandbox workspace (install once, and the tests must pass
 * on the untouched code — otherwise nothing can be verified), measure the suite's coverage of
 * that code once, then per target: choose the function, skip it when the tests do not run it
 * (coverage-gate.ts: a passing suite says nothing about code it never executes), search
 * (search.ts), and turn an improvement into a proposal after one more test run on exactly the
 * patched file. A skipped target does not count against `max-targets`: the next hotspot is
 * tried instead, among at most `CANDIDATES_PER_TARGET` × `max-targets` files.
 */
import { functionMetrics } from "../../analysis/metrics/index.js";
import { changedLines, patchPaths } from "../../cycle/proposal-policy.js";
import { neverSendMatcher, type LlmHandle } from "../../llm/index.js";
import { createWorkspace, detectCommands, sandboxLimits, type RepoCommands, type Workspace } from "../../sandbox/index.js";
import type { Finding, ModuleContext, ModuleResult, Proposal } from "../types.js";
import { createVariantChecker, runBenchmark } from "./check-variant.js";
import { commandLine, failureOf, runCommand } from "./commands.js";
import { coverageEvidence, describeRegionCoverage, measureSuiteCoverage, regionCoverage, type SuiteCoverage } from "./coverage-gate.js";
import { compareMeasures, describeMeasure, measureWith } from "./measure.js";
import { variantTask } from "./prompt.js";
import { buildProposal, describeGeneration, REFACTOR_RULES, RULES, targetLabel, targetNote, type RunFacts } from "./report.js";
import { searchVariants, type SearchPoint } from "./search.js";
import { refactorSettings, type RefactorSettings } from "./settings.js";
import { regionText } from "./source-edit.js";
import { chooseRegion, normaliseTargetPath, pickTargetFiles, type TargetFile } from "./targets.js";

/**
 * How many files are looked at per target the run may work on: enough to get past hotspots the
 * tests do not run, few enough that a repository with no tests does not get a note per file.
 */
export const CANDIDATES_PER_TARGET = 3;

/** Best first: the benchmark's wall time when there is one, then the static metric. */
function comparePoints(a: SearchPoint, b: SearchPoint): number {
  if (a.benchmarkMs !== undefined && b.benchmarkMs !== undefined && a.benchmarkMs !== b.benchmarkMs) return a.benchmarkMs - b.benchmarkMs;
  return compareMeasures(a.measure, b.measure);
}

/** The install step, then the build and the tests on the untouched code; the reason when they fail. */
async function prepare(workspace: Workspace, commands: RepoCommands, settings: RefactorSettings): Promise<{ benchmarkMs?: number } | { problem: string }> {
  if (commands.install?.length) {
    // Installing is the one step that may need the network (a registry).
    const install = await runCommand(workspace, commands.install, true);
    if (!install.passed) return { problem: `the install step \`${commandLine(commands.install)}\` failed (${failureOf(install)})` };
  }
  if (commands.build?.length) {
    const build = await runCommand(workspace, commands.build);
    if (!build.passed) return { problem: `the build \`${commandLine(commands.build)}\` fails before any change (${failureOf(build)}): nothing could be verified` };
  }
  const tests = await runCommand(workspace, commands.test);
  if (!tests.passed) return { problem: `the tests \`${commandLine(commands.test)}\` fail before any change (${failureOf(tests)}): nothing could be verified` };
  if (settings.benchmark) {
    const bench = await runBenchmark(workspace, settings.benchmark);
    if ("failed" in bench) return { problem: `the benchmark \`${commandLine(settings.benchmark)}\` fails before any change (${failureOf(bench.failed)})` };
    return { benchmarkMs: bench.ms };
  }
  return {};
}

interface TargetOutcome {
  findings: Finding[];
  /** Whether the model was asked about the target: only those count against `max-targets`. */
  searched: boolean;
  proposal?: Proposal;
  /** Set when the whole run must stop (no model any more, the sandbox broke): the reason. */
  stop?: string;
}

/** Works on one target file in the prepared workspace. */
async function refactorTarget(
  file: TargetFile,
  env: { workspace: Workspace; commands: RepoCommands; settings: RefactorSettings; llm: LlmHandle; signal: AbortSignal; suite: SuiteCoverage; benchmarkMs?: number },
): Promise<TargetOutcome> {
  const { workspace, commands, settings } = env;
  const skipped = (message: string, region?: Parameters<typeof targetNote>[0]["region"]): TargetOutcome => ({
    searched: false,
    findings: [targetNote({ file, ...(region ? { region } : {}), ruleId: RULES.skipped, title: `Not refactored: ${file.path}`, message })],
  });

  await workspace.reset();
  let text: string | null;
  try {
    text = await workspace.readFile(file.path);
  } catch (error) {
    // The workspace refuses paths that leave it (a symlink out): that file is skipped, the rest goes on.
    return skipped(`${file.path} could not be read in the sandbox copy: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (text === null) return skipped(`${file.path} could not be read in the sandbox copy.`);
  const metrics = await functionMetrics(file.language, text);
  const region = chooseRegion(text, metrics, settings.maxChangedLines);
  if ("skip" in region) return skipped(`${file.path} was not refactored: ${region.skip}.`);

  const label = targetLabel(file, region);
  const coverage = regionCoverage(env.suite, file.path, region.range);
  const covered = coverageEvidence(label, coverage);
  if (coverage.status === "uncovered") {
    // No model call: whatever a variant did there, the tests could not tell.
    return {
      searched: false,
      findings: [
        targetNote({
          file,
          region,
          ruleId: RULES.notCovered,
          title: `Not refactored: ${region.function?.name ?? file.path} is not covered by the tests`,
          message: `${label} (${describeMeasure(measureWith(file.language, text, region.range, metrics ?? []))}, ${file.reason}) is not covered by the tests: a refactor could not be verified. ${coverage.why ?? "Most of it never runs under the tests"}; ${describeRegionCoverage(coverage)}.`,
          evidence: [covered],
        }),
      ],
    };
  }
  /** Said in every note about a target whose coverage was not measured. */
  const unknownCoverage = coverage.status === "unknown" ? ` Note: ${describeRegionCoverage(coverage)}.` : "";

  const start: SearchPoint = {
    fileText: text,
    range: region.range,
    measure: measureWith(file.language, text, region.range, metrics ?? []),
    ...(env.benchmarkMs !== undefined ? { benchmarkMs: env.benchmarkMs } : {}),
  };
  const functionName = region.function?.name ?? null;
  const checker = createVariantChecker({
    workspace,
    path: file.path,
    language: file.language,
    functionName,
    original: text,
    commands,
    benchmark: settings.benchmark,
    maxChangedLines: settings.maxChangedLines,
  });
  const result = await searchVariants({
    llm: env.llm,
    checker,
    start,
    variants: settings.variants,
    generations: settings.generations,
    compare: comparePoints,
    signal: env.signal,
    task: (current, generation, variant) =>
      variantTask({
        path: file.path,
        language: file.language,
        functionName,
        range: current.range,
        code: regionText(current.fileText, current.range),
        fileText: current.fileText,
        measure: current.measure,
        generation,
        variant,
        variants: settings.variants,
      }),
  });
  const searchEvidence = {
    kind: "model" as const,
    description: `${result.generations.map(describeGeneration).join("; ") || "no generation ran"}. Stopped: ${result.stopped}.`,
    data: { generations: result.generations, stopped: result.stopped },
  };
  const stop = result.refused !== undefined ? result.stopped : result.fatal !== undefined ? `the sandbox failed: ${result.fatal}` : undefined;
  const withStop = (outcome: Omit<TargetOutcome, "searched">): TargetOutcome => ({ ...outcome, searched: true, ...(stop ? { stop } : {}) });

  if (!result.bestEvaluation) {
    return withStop({
      findings: [
        targetNote({
          file,
          region,
          ruleId: RULES.noImprovement,
          title: `No simpler version of ${functionName ?? file.path} passed the tests`,
          message: `${label} (${describeMeasure(start.measure)}, ${file.reason}) was not changed: ${result.stopped}.${unknownCoverage}`,
          evidence: [searchEvidence, covered],
        }),
      ],
    });
  }

  // The proposal is exactly the best version, diffed and tested once more on its own.
  await workspace.reset();
  await workspace.writeFile(file.path, result.best.fileText);
  const patch = await workspace.diff();
  const touched = patchPaths(patch);
  if (touched.length !== 1 || touched[0] !== file.path) {
    return withStop(skipped(`the change to ${file.path} was dropped: its diff names ${touched.length ? touched.join(", ") : "no file"}.`, region));
  }
  const lines = changedLines(patch);
  if (lines > settings.maxChangedLines) {
    return withStop(skipped(`the change to ${file.path} was dropped: it changes ${lines} lines, over the limit of ${settings.maxChangedLines}.`, region));
  }
  let build;
  if (commands.build?.length) {
    build = await runCommand(workspace, commands.build);
    if (!build.passed) return withStop(skipped(`the change to ${file.path} was dropped: the build failed when run again on it (${failureOf(build)}).`, region));
  }
  const confirm = await runCommand(workspace, commands.test);
  if (!confirm.passed) {
    // It passed once and failed now: a flaky suite, or a variant that passed by luck. Neither is proposed.
    return withStop(skipped(`the change to ${file.path} was dropped: the tests passed once on it and failed when run again (${failureOf(confirm)}).`, region));
  }
  const facts: RunFacts = {
    variants: settings.variants,
    generations: settings.generations,
    benchmark: settings.benchmark,
    test: commands.test,
    maxChangedLines: settings.maxChangedLines,
    ...(commands.build?.length ? { build: commands.build } : {}),
  };
  const proposal = buildProposal({ file, region, result, patch, changedLines: lines, facts, confirm, coverage, ...(build ? { build } : {}) });
  return withStop({
    proposal,
    findings: [
      targetNote({
        file,
        region,
        ruleId: RULES.simplified,
        title: `Simplified ${functionName ?? file.path}`,
        message: `${label}: ${describeMeasure(start.measure)} → ${describeMeasure(result.best.measure)}; the tests pass. Proposed as a review-only pull request.${unknownCoverage}`,
        evidence: proposal.evidence,
      }),
    ],
  });
}

/** The refactor module's run (see the file comment). */
export async function runRefactor(ctx: ModuleContext): Promise<ModuleResult> {
  const { analysis, config, job, llm, signal } = ctx;
  const findings: Finding[] = [];
  const proposals: Proposal[] = [];
  const incomplete: string[] = [];
  const done = (): ModuleResult => ({ findings, proposals, rules: REFACTOR_RULES, ...(incomplete.length ? { incomplete } : {}) });

  if (analysis.depth !== "content" || !analysis.root) {
    incomplete.push("refactor: no checkout to work on (the analysis has a file listing only)");
    return done();
  }
  const settings = refactorSettings(config);
  const target = normaliseTargetPath(job.target);
  const files = pickTargetFiles(analysis, { target, max: settings.maxTargets * CANDIDATES_PER_TARGET, exclude: neverSendMatcher(config["never-send"]) });
  if (files.length === 0) {
    if (target) {
      findings.push({
        module: "refactor",
        ruleId: RULES.skipped,
        level: "note",
        title: `Nothing to refactor under ${target}`,
        message: `No source file under ${target} can be refactored: the refactor engine works on files in a language it measures (JavaScript, TypeScript, Python, Go, Java, Ruby, Rust, C#), not on tests or files it may not send to a model.`,
        location: { path: target },
        evidence: [],
      });
    }
    return done();
  }
  if (!llm.available) {
    incomplete.push(`refactor: no model can be used (${llm.unavailableReason ?? "no reason given"}), so nothing was refactored`);
    return done();
  }
  if (!job.trusted) {
    // The cycle never runs this module on an untrusted ref; this is the second lock on that door (FAULTS 15).
    incomplete.push("refactor: the ref is not trusted, and repository code is never run on it");
    return done();
  }
  const commands = await detectCommands(analysis.root, config);
  if (!commands?.test?.length) {
    incomplete.push("refactor: no test command was found (set `commands.test` in .github/lodestar.yml), and no change is proposed without the tests' verdict");
    return done();
  }

  let workspace: Workspace;
  try {
    workspace = await createWorkspace(analysis.root, { trusted: job.trusted, scratchRoot: ctx.scratchDir, limits: sandboxLimits(config) });
  } catch (error) {
    incomplete.push(`refactor: the sandbox could not be made: ${error instanceof Error ? error.message : String(error)}`);
    return done();
  }
  try {
    const ready = await prepare(workspace, commands, settings);
    if ("problem" in ready) {
      incomplete.push(`refactor: ${ready.problem}`);
      return done();
    }
    // Once, on the untouched code: every target's region is judged against the same run.
    const suite = await measureSuiteCoverage(workspace, commands.coverage, new Set(analysis.files.map((f) => f.path)));
    let searched = 0;
    for (const file of files) {
      if (searched >= settings.maxTargets) break;
      if (signal.aborted) {
        incomplete.push(`refactor: the run was cancelled before ${file.path}`);
        break;
      }
      let outcome: TargetOutcome;
      try {
        outcome = await refactorTarget(file, { workspace, commands, settings, llm, signal, suite, ...(ready.benchmarkMs !== undefined ? { benchmarkMs: ready.benchmarkMs } : {}) });
      } catch (error) {
        // A sandbox operation failed outside a check (reset, read, diff): the workspace cannot be trusted any more.
        incomplete.push(`refactor: ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
      findings.push(...outcome.findings);
      if (outcome.searched) searched++;
      if (outcome.proposal) proposals.push(outcome.proposal);
      if (outcome.stop) {
        incomplete.push(`refactor: stopped at ${file.path}: ${outcome.stop}`);
        break;
      }
    }
  } catch (error) {
    incomplete.push(`refactor: the sandbox failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await workspace.dispose();
  }
  return done();
}
