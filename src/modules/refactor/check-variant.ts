/**
 * The checks a variant must pass, cheapest first: it changes something, parses, adds no new
 * capability (imports, processes, network, environment, secrets), keeps the target function,
 * fits the changed-lines cap, beats the current version on the metric, then
 * — in the sandbox — builds (types check where the repo has a build step) and passes the
 * whole test suite. With a benchmark as the metric, the tests come first and the benchmark's
 * wall time decides. The first failing check names the rejection; every check is a hard
 * verdict for the router.
 */
import { diffLines } from "diff";
import { functionMetrics } from "../../analysis/metrics/index.js";
import type { Verdict } from "../../llm/index.js";
import type { RepoCommands, Workspace } from "../../sandbox/index.js";
import { addedCapabilities } from "./capability-check.js";
import { commandLine, failureOf, runCommand } from "./commands.js";
import { improves, measureWith } from "./measure.js";
import type { CommandOutcome, Evaluation, Rejection, SearchPoint, VariantChecker } from "./search.js";
import type { LineRange } from "./source-edit.js";
import { syntaxProblems } from "./syntax-check.js";

/** A benchmark must be this much faster to count: wall time is noisy. */
export const BENCHMARK_MARGIN = 0.05;
/** Benchmark runs per version; the median counts. */
export const BENCHMARK_RUNS = 3;

export interface CheckerOptions {
  workspace: Workspace;
  path: string;
  language: string;
  /** The target function's name; null for a whole-file target. */
  functionName: string | null;
  /** The file as committed: the changed-lines cap is measured against it. */
  original: string;
  commands: Pick<RepoCommands, "build" | "test">;
  benchmark: string[] | null;
  maxChangedLines: number;
}

/** Lines added plus lines removed between two texts. */
export function changedLineCount(before: string, after: string): number {
  let n = 0;
  for (const part of diffLines(before, after)) if (part.added || part.removed) n += part.count ?? 0;
  return n;
}

/** The median of a non-empty list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs the benchmark `BENCHMARK_RUNS` times; the median wall time, or the failed run. */
export async function runBenchmark(workspace: Workspace, argv: readonly string[]): Promise<{ ms: number } | { failed: CommandOutcome }> {
  const times: number[] = [];
  for (let i = 0; i < BENCHMARK_RUNS; i++) {
    const outcome = await runCommand(workspace, argv);
    if (!outcome.passed) return { failed: outcome };
    times.push(outcome.durationMs);
  }
  return { ms: median(times) };
}

/** The sandbox checker of one target. */
export function createVariantChecker(options: CheckerOptions): VariantChecker {
  const { workspace, path, language } = options;
  // The same file text runs its commands once, whichever generation proposes it again.
  const ran = new Map<string, { build?: CommandOutcome; tests?: CommandOutcome; benchmarkMs?: number; failed?: Rejection; detail?: string }>();

  const runInSandbox = async (fileText: string) => {
    const known = ran.get(fileText);
    if (known) return known;
    await workspace.reset();
    await workspace.writeFile(path, fileText);
    const out: { build?: CommandOutcome; tests?: CommandOutcome; benchmarkMs?: number; failed?: Rejection; detail?: string } = {};
    if (options.commands.build?.length) {
      out.build = await runCommand(workspace, options.commands.build);
      if (!out.build.passed) {
        out.failed = "build";
        out.detail = `\`${commandLine(options.commands.build)}\` failed (${failureOf(out.build)})`;
      }
    }
    if (!out.failed) {
      out.tests = await runCommand(workspace, options.commands.test);
      if (!out.tests.passed) {
        out.failed = "tests";
        out.detail = `\`${commandLine(options.commands.test)}\` failed (${failureOf(out.tests)})`;
      }
    }
    if (!out.failed && options.benchmark) {
      const bench = await runBenchmark(workspace, options.benchmark);
      if ("failed" in bench) {
        out.failed = "benchmark";
        out.detail = `the benchmark \`${commandLine(options.benchmark)}\` failed (${failureOf(bench.failed)})`;
      } else out.benchmarkMs = bench.ms;
    }
    ran.set(fileText, out);
    return out;
  };

  return {
    async check(candidate: { fileText: string; range: LineRange }, current: SearchPoint): Promise<Evaluation> {
      const verdicts: Verdict[] = [];
      const reject = (rejected: Rejection, name: string, detail: string, extra: Partial<Evaluation> = {}): Evaluation => ({
        point: null,
        verdicts: [...verdicts, { name, pass: false, detail }],
        rejected,
        detail,
        ...extra,
      });
      const pass = (name: string) => verdicts.push({ name, pass: true });

      if (candidate.fileText === current.fileText) return reject("unchanged", "changed", "the variant is the current code unchanged");
      pass("changed");

      const problems = await syntaxProblems(path, language, candidate.fileText);
      if (problems?.length) return reject("no-parse", "parses", problems.join("; "));
      if (problems) pass("parses");

      const added = addedCapabilities(path, options.original, candidate.fileText);
      if (added.length) return reject("unsafe", "no-new-capabilities", `the variant adds ${added.join(", ")}`);
      pass("no-new-capabilities");

      const metrics = (await functionMetrics(language, candidate.fileText)) ?? [];
      const { range } = candidate;
      if (options.functionName && !options.functionName.includes("<anonymous>")) {
        const kept = metrics.some((m) => m.name === options.functionName && m.startLine >= range.startLine && m.endLine <= range.endLine);
        if (!kept) return reject("lost-function", "keeps-function", `the variant has no function named ${options.functionName}`);
        pass("keeps-function");
      }
      const point: SearchPoint = { fileText: candidate.fileText, range, measure: measureWith(language, candidate.fileText, range, metrics) };
      const changedLines = changedLineCount(options.original, candidate.fileText);
      if (changedLines > options.maxChangedLines) {
        return reject("too-large", "size", `${changedLines} changed lines, over the limit of ${options.maxChangedLines}`, { changedLines });
      }
      pass("size");

      // The static metric is known before anything runs: a variant that is not simpler costs no test run.
      if (!options.benchmark) {
        if (!improves(point.measure, current.measure)) {
          const m = point.measure;
          const c = current.measure;
          return reject("not-simpler", "simpler", `complexity ${c.complexity} → ${m.complexity}, score ${c.score} → ${m.score}`, { changedLines });
        }
        pass("simpler");
      }

      let sandbox;
      try {
        sandbox = await runInSandbox(candidate.fileText);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return { ...reject("sandbox", "sandbox", why, { changedLines }), fatal: why };
      }
      const commands = { ...(sandbox.build ? { build: sandbox.build } : {}), ...(sandbox.tests ? { tests: sandbox.tests } : {}), changedLines };
      if (sandbox.build?.passed) pass("build");
      if (sandbox.failed === "build") return reject("build", "build", sandbox.detail!, commands);
      if (sandbox.failed === "tests") return reject("tests", "tests", sandbox.detail!, commands);
      pass("tests");
      if (options.benchmark) {
        if (sandbox.failed === "benchmark") return reject("benchmark", "benchmark", sandbox.detail!, commands);
        const ms = sandbox.benchmarkMs!;
        const before = current.benchmarkMs;
        if (before !== undefined && !(ms < before * (1 - BENCHMARK_MARGIN))) {
          return reject("not-simpler", "faster", `the benchmark took ${ms} ms against ${before} ms`, commands);
        }
        pass("faster");
        point.benchmarkMs = ms;
      }
      return { point, verdicts, rejected: null, ...commands };
    },
  };
}
