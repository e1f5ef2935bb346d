/**
 * The four filters a candidate test must pass, in TestGen-LLM's order, each in the sandbox:
 *   1. it parses / builds;
 *   2. it passes every one of `reruns` runs (not flaky), and the whole suite still passes;
 *   3. it raises the target's line or branch coverage over what the tests kept so far reach;
 *   4. it touches test files only: the file is a test file, an existing one only gains lines
 *      (its imports may be extended), running the tests changed no tracked source file, and
 *      the proposal stays reviewable.
 * A candidate stops at the first filter it fails.
 */
import { diffLines } from "diff";
import { isTestFile, type FileCoverage } from "../../analysis/testing/index.js";
import { changedLines, patchPaths } from "../../cycle/proposal-policy.js";
import type { Verdict } from "../../llm/confidence.js";
import type { RepoCommands, SandboxResult, Workspace } from "../../sandbox/index.js";
import { readCandidate } from "./candidate.js";
import { focusedTestCommand, showCommand, syntaxCheckCommand } from "./commands.js";
import type { Stage } from "./funnel.js";
import { describeCoverage, measureCoverage, raisesCoverage } from "./measure-coverage.js";
import { unifiedDiff, type FileChange } from "./patch.js";

/** The state a candidate is judged against: the starting tree plus the tests kept so far. */
export interface FilterContext {
  ws: Workspace;
  commands: RepoCommands & { coverage: NonNullable<RepoCommands["coverage"]> };
  reruns: number;
  maxChangedLines: number;
  targetPath: string;
  /** The target's coverage with the tests kept so far (null: no test loads it yet). */
  current: FileCoverage | null;
  /** Files written by the kept candidates, path → content. */
  kept: ReadonlyMap<string, string>;
  /** The kept files' content in the starting tree, null for a file they created. */
  keptOriginals: ReadonlyMap<string, string | null>;
  /** Paths of the starting tree's files (to tell a changed source file from a build artefact). */
  tracked: ReadonlySet<string>;
  /** Paths the repo's own commands change in a clean run (generated files): not the candidate's doing. */
  noise: ReadonlySet<string>;
  signal?: AbortSignal;
}

/** What became of one candidate. */
export interface Evaluation {
  stage: Stage;
  /** Why it stopped (or "kept"), in words, for the funnel's log. */
  reason: string;
  /** The answer was no usable file at all (not JSON, unsafe path, empty). */
  unusable?: boolean;
  /** Passed some runs and failed another. */
  flaky?: boolean;
  /** Whether one repair, with the failure as feedback, is worth asking for. */
  repairable: boolean;
  /** Output of the failing run (for the repair prompt; never put in a finding). */
  output?: string;
  /** The file written: its content, the content it replaced (kept tests included), and its content in the starting tree. */
  file?: { path: string; content: string; before: string | null; original: string | null };
  /** Runs passed out of the runs asked for (filter 2). */
  runs?: { passed: number; of: number };
  /** The whole report after the candidate (filter 3 onward). */
  coverage?: Map<string, FileCoverage>;
  /** Every command run, as shown to a reader. */
  commands: string[];
  /** What the sandbox really isolated in the runs. */
  isolation?: SandboxResult["isolation"];
}

const VERDICT_NAMES = ["builds", "passes", "raises-coverage", "test-files-only"] as const;
const STAGE_INDEX: Record<Stage, number> = { build: 0, pass: 1, coverage: 2, "test-files": 3, kept: 4 };

/** The filters' outcome as the router's verdicts: every filter passed so far, then the failing one. */
export function verdictsOf(e: Evaluation): Verdict[] {
  const reached = STAGE_INDEX[e.stage];
  const out: Verdict[] = VERDICT_NAMES.slice(0, reached).map((name) => ({ name, pass: true }));
  // The detail reaches the decision log: the reason only, never the run's output.
  if (reached < VERDICT_NAMES.length) out.push({ name: VERDICT_NAMES[reached]!, pass: false, detail: e.reason.slice(0, 300) });
  return out;
}

function output(r: SandboxResult): string {
  return [r.stdout, r.stderr].filter((s) => s.trim()).join("\n");
}

function failure(r: SandboxResult, what: string): string {
  if (r.timedOut || r.killed === "timeout") return `${what} timed out`;
  if (r.killed === "memory") return `${what} ran out of memory`;
  if (r.killed === "output") return `${what} printed more output than allowed`;
  return `${what} exited with ${r.exitCode ?? r.signal ?? "no status"}`;
}

const passed = (r: SandboxResult) => r.exitCode === 0 && !r.timedOut && !r.killed;

/**
 * An import or include line. Adding cases often means importing one more name, so such lines
 * of an existing test file may change; any other line of it must stay as it was.
 */
const IMPORT_LINE = /^\s*(import\b|from\s+\S+\s+import\b|(const|let|var)\s+.*=\s*require\(|require\b|use\s|using\s|#include\b|package\s)/;

/** Lines of `before` that `after` no longer has (changed or removed). */
function removedLines(before: string, after: string): string[] {
  return diffLines(before, after)
    .filter((part) => part.removed)
    .flatMap((part) => part.value.split("\n").filter((line, i, all) => i < all.length - 1 || line !== ""));
}

/** Puts the workspace back to the starting tree plus the kept files. */
export async function restoreKept(ws: Workspace, kept: ReadonlyMap<string, string>): Promise<void> {
  await ws.reset();
  for (const [path, content] of kept) await ws.writeFile(path, content);
}

/** Lines the proposal changes with `extra` added to the kept files. */
function proposalLines(ctx: FilterContext, extra: FileChange): number {
  const changes: FileChange[] = [];
  for (const [path, after] of ctx.kept) if (path !== extra.path) changes.push({ path, before: ctx.keptOriginals.get(path) ?? null, after });
  changes.push(extra);
  return changedLines(unifiedDiff(changes));
}

/**
 * Runs the filters on one parsed answer. The workspace is restored first, so each candidate
 * is judged on the same tree whatever the last one (or its tests) did to it.
 */
export async function evaluateCandidate(ctx: FilterContext, parsed: unknown): Promise<Evaluation> {
  const commands: string[] = [];
  let isolation: SandboxResult["isolation"] | undefined;
  const run = async (argv: string[]) => {
    ctx.signal?.throwIfAborted();
    commands.push(showCommand(argv));
    const r = await ctx.ws.run({ argv });
    isolation = r.isolation;
    return r;
  };
  const stop = (stage: Stage, reason: string, extra: Partial<Evaluation> = {}): Evaluation => ({ stage, reason, repairable: false, commands, ...(isolation ? { isolation } : {}), ...extra });

  const file = readCandidate(parsed);
  if (!file.ok) return stop("build", file.reason, { unusable: true });
  const { path, content } = file;

  await restoreKept(ctx.ws, ctx.kept);
  const before = await ctx.ws.readFile(path);
  const original = ctx.keptOriginals.has(path) ? (ctx.keptOriginals.get(path) ?? null) : before;
  try {
    await ctx.ws.writeFile(path, content);
  } catch (error) {
    // The workspace refuses paths through symlinks, into .git or out of the tree (FAULTS 16, 17).
    return stop("build", `the file cannot be written: ${error instanceof Error ? error.message : String(error)}`, { unusable: true });
  }
  const written = { path, content, before, original };

  // 1. It parses, and the repo still builds with it.
  const check = syntaxCheckCommand(path);
  if (check) {
    const r = await run(check);
    if (!passed(r)) return stop("build", `${path} does not parse (${failure(r, "the syntax check")})`, { repairable: true, output: output(r), file: written });
  }
  if (ctx.commands.build) {
    const r = await run(ctx.commands.build);
    if (!passed(r)) return stop("build", `the build fails with ${path} (${failure(r, "the build")})`, { repairable: true, output: output(r), file: written });
  }

  // 2. It passes every run, and the suite passes with it.
  const focused = isTestFile(path) ? focusedTestCommand(ctx.commands, path) : ctx.commands.test;
  for (let i = 0; i < ctx.reruns; i++) {
    const r = await run(focused);
    if (passed(r)) continue;
    const runs = { passed: i, of: ctx.reruns };
    if (i === 0) return stop("pass", `it fails (${failure(r, "the first run")})`, { repairable: !r.timedOut && r.killed === undefined, output: output(r), file: written, runs });
    return stop("pass", `flaky: passed ${i} run${i === 1 ? "" : "s"}, then failed (${failure(r, `run ${i + 1} of ${ctx.reruns}`)})`, { flaky: true, file: written, runs });
  }
  const runs = { passed: ctx.reruns, of: ctx.reruns };
  if (showCommand(focused) !== showCommand(ctx.commands.test)) {
    const r = await run(ctx.commands.test);
    if (!passed(r)) return stop("pass", `the whole suite fails with it (${failure(r, "the test command")})`, { repairable: true, output: output(r), file: written, runs });
  }

  // 3. It raises the target's coverage.
  commands.push(showCommand(ctx.commands.coverage.argv));
  const measured = await measureCoverage(ctx.ws, ctx.commands.coverage, new Set([...ctx.tracked, path]));
  if (measured.result) isolation = measured.result.isolation;
  if (!measured.ok) return stop("coverage", measured.reason, { file: written, runs });
  const after = measured.files.get(ctx.targetPath);
  if (!raisesCoverage(ctx.current, after)) {
    return stop("coverage", `it does not raise the coverage of ${ctx.targetPath} (${describeCoverage(ctx.current)} before, ${describeCoverage(after)} after)`, { file: written, runs, coverage: measured.files });
  }

  // 4. It touches test files only.
  const at = { file: written, runs, coverage: measured.files };
  if (!isTestFile(path)) return stop("test-files", `it writes ${path}, which is not a test file`, at);
  if (before !== null) {
    const lost = removedLines(before, content).find((line) => !IMPORT_LINE.test(line));
    if (lost !== undefined) return stop("test-files", `it changes or removes lines of the existing test file ${path} (tests may only be added)`, at);
  }
  const report = ctx.commands.coverage.report;
  for (const changed of patchPaths(await ctx.ws.diff())) {
    if (changed === path || changed === report || ctx.kept.has(changed) || ctx.noise.has(changed)) continue;
    if (ctx.tracked.has(changed) && !isTestFile(changed)) return stop("test-files", `running it changed ${changed}, a file that is not a test`, at);
  }
  const lines = proposalLines(ctx, { path, before: original, after: content });
  if (lines > ctx.maxChangedLines) return stop("test-files", `the proposal would change ${lines} lines, over the limit of ${ctx.maxChangedLines}`, at);
  return { stage: "kept", reason: `kept: ${describeCoverage(ctx.current)} → ${describeCoverage(after)}`, repairable: false, commands, ...(isolation ? { isolation } : {}), ...at };
}
