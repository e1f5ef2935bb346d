/**
 * Proving a fix in the sandbox: the new test alone must fail on the current code (it reproduces
 * the issue), the change with it must pass the whole suite, and the diff must be only the files
 * the answer named, within the review size. Each failure says what was run and what it showed.
 */
import { changedLines, patchPaths, unsafePathReason } from "../../cycle/proposal-policy.js";
import type { RepoCommands, SandboxResult, Workspace } from "../../sandbox/index.js";
import { answerPathProblem, normalizePath, onlyAdds, type FixAnswer } from "./fix-answer.js";

/** Characters of test output kept to tell the model (and the issue comment) what went wrong. */
export const OUTPUT_TAIL_CHARS = 1500;

/** One run of the repo's suite (build, then tests). */
export interface SuiteOutcome {
  passed: boolean;
  /** The command that decided: the failing one, or the test command when all passed. */
  argv: string[];
  step: "install" | "build" | "test";
  exitCode: number | null;
  timedOut: boolean;
  /** Why the sandbox stopped it, when it did (time, memory, output cap). */
  killed?: string;
  durationMs: number;
  /** The end of its output (stdout then stderr). */
  tail: string;
}

/** Where a candidate failed. */
export type FixStage = "paths" | "test-required" | "reproduces" | "tests" | "size";

export type FixVerification =
  | { ok: true; patch: string; files: string[]; changedLines: number; before?: SuiteOutcome; after: SuiteOutcome; bug: boolean }
  | { ok: false; stage: FixStage; reason: string; run?: SuiteOutcome };

const tail = (r: SandboxResult): string => {
  const text = [r.stdout, r.stderr].filter((s) => s.trim()).join("\n");
  return text.length > OUTPUT_TAIL_CHARS ? `…${text.slice(-OUTPUT_TAIL_CHARS)}` : text;
};

function outcome(step: SuiteOutcome["step"], argv: string[], r: SandboxResult): SuiteOutcome {
  return {
    passed: r.exitCode === 0 && !r.timedOut && !r.killed,
    argv,
    step,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    ...(r.killed ? { killed: r.killed } : {}),
    durationMs: r.durationMs,
    tail: tail(r),
  };
}

/** Runs one command of the repo's (install steps may use the network; nothing else does). */
export async function runStep(ws: Workspace, step: SuiteOutcome["step"], argv: string[]): Promise<SuiteOutcome> {
  return outcome(step, argv, await ws.run({ argv, network: step === "install" }));
}

/** The suite as the repo runs it: its build (when it has one), then its tests. */
export async function runSuite(ws: Workspace, commands: RepoCommands): Promise<SuiteOutcome> {
  if (commands.build?.length) {
    const build = await runStep(ws, "build", commands.build);
    if (!build.passed) return build;
  }
  return runStep(ws, "test", commands.test);
}

/** A command as people read it, in a code span's worth of text. */
export const commandText = (argv: readonly string[]): string => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");

/** "exit 1", "timed out", "killed (memory)". */
export function endText(run: SuiteOutcome): string {
  if (run.timedOut || run.killed === "timeout") return "timed out";
  if (run.killed) return `killed (${run.killed})`;
  return `exit ${run.exitCode ?? "none"}`;
}

export interface VerifyFixOptions {
  /** A reproducing test is required (the issue describes a bug, by the model or by its words). */
  requireTest: boolean;
  maxChangedLines: number;
}

async function writeAll(ws: Workspace, files: readonly { path: string; content: string }[]): Promise<void> {
  for (const f of files) await ws.writeFile(normalizePath(f.path), f.content);
}

/**
 * Verifies one answer in the workspace (reset first, so earlier candidates leave nothing): the
 * paths, the diff (only the named files, within the review size: checked before anything runs),
 * the test alone fails (when required), test + change pass the whole suite.
 */
export async function verifyFix(ws: Workspace, commands: RepoCommands, answer: FixAnswer, options: VerifyFixOptions): Promise<FixVerification> {
  const pathProblem = answerPathProblem(answer);
  if (pathProblem) return { ok: false, stage: "paths", reason: pathProblem };
  const bug = options.requireTest;
  if (bug && !answer.test) return { ok: false, stage: "test-required", reason: "the issue describes a bug, but the answer has no test that reproduces it" };
  const test = answer.test;
  const named = [...answer.changes, ...(test ? [test] : [])];
  let patch: string;
  let before: SuiteOutcome | undefined;
  try {
    await ws.reset();
    if (test) {
      const existing = await ws.readFile(normalizePath(test.path));
      if (existing !== null && !onlyAdds(existing, test.content)) {
        return { ok: false, stage: "paths", reason: `test rejected: it changes or removes existing lines of ${test.path} (only additions are accepted)` };
      }
    }
    let changesSomething = false;
    for (const change of answer.changes) {
      if ((await ws.readFile(normalizePath(change.path))) !== change.content) changesSomething = true;
    }
    if (!changesSomething) return { ok: false, stage: "paths", reason: "the answer changes no source file (every content is the current one)" };
    // The diff is taken before anything runs: it holds only the answer's files, never what a
    // test run writes (caches, snapshots, reports), and an oversized change costs no test run.
    await writeAll(ws, named);
    patch = await ws.diff();
    const expected = new Set(named.map((f) => normalizePath(f.path)));
    const stray = patchPaths(patch).find((p) => !expected.has(p) || unsafePathReason(p) !== null);
    if (stray !== undefined) return { ok: false, stage: "paths", reason: `the diff touches ${stray}, which the answer did not name` };
    const lines = changedLines(patch);
    if (lines > options.maxChangedLines) return { ok: false, stage: "size", reason: `the diff changes ${lines} lines, over the limit of ${options.maxChangedLines} (pull-requests.max-changed-lines)` };
    if (test && bug) {
      await ws.reset();
      await writeAll(ws, [test]);
      before = await runSuite(ws, commands);
      if (before.passed) return { ok: false, stage: "reproduces", reason: `the new test ${test.path} passes on the current code, so it does not reproduce the issue`, run: before };
      if (before.timedOut || before.killed) return { ok: false, stage: "reproduces", reason: `with the new test alone the suite ${endText(before)}: a reproduction must fail, not hang`, run: before };
      await writeAll(ws, answer.changes);
    }
  } catch (error) {
    // The workspace refuses paths that leave it, go through a symlink or into .git (FAULTS 16, 17).
    return { ok: false, stage: "paths", reason: `the workspace refused a file: ${error instanceof Error ? error.message : String(error)}` };
  }
  const after = await runSuite(ws, commands);
  if (!after.passed) {
    const what = after.step === "build" ? "the build fails" : "the test suite fails";
    return { ok: false, stage: "tests", reason: `with the change ${what} (${commandText(after.argv)}: ${endText(after)})`, run: after };
  }
  return { ok: true, patch, files: patchPaths(patch), changedLines: changedLines(patch), ...(before ? { before } : {}), after, bug };
}
