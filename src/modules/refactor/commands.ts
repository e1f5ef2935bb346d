/**
 * Running the repository's own commands in the sandbox, reduced to what the refactor engine
 * needs to know: passed or not, how long, and the end of the output when it failed.
 */
import type { SandboxResult, Workspace } from "../../sandbox/index.js";
import type { CommandOutcome } from "./search.js";

const TAIL_LINES = 20;
const TAIL_CHARS = 2000;

/** The last lines of what a failed command printed (stderr after stdout), cut to a couple of KB. */
export function outputTail(result: Pick<SandboxResult, "stdout" | "stderr">): string {
  const text = [result.stdout, result.stderr].filter((s) => s.trim() !== "").join("\n");
  const lines = text.replace(/\s+$/, "").split("\n");
  const tail = lines.slice(-TAIL_LINES).join("\n");
  return tail.length > TAIL_CHARS ? tail.slice(-TAIL_CHARS) : tail;
}

/** A sandbox result as evidence: passed means exit 0, not killed, not timed out. */
export function toOutcome(argv: readonly string[], result: SandboxResult): CommandOutcome {
  const passed = result.exitCode === 0 && !result.timedOut && !result.killed;
  return {
    argv: [...argv],
    passed,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    durationMs: Math.round(result.durationMs),
    ...(passed ? {} : { tail: outputTail(result) }),
  };
}

/** Runs one command in the workspace (no network: only install steps get it). */
export async function runCommand(workspace: Workspace, argv: readonly string[], network = false): Promise<CommandOutcome> {
  const result = await workspace.run({ argv: [...argv], network });
  return toOutcome(argv, result);
}

/** Why a command failed, in one line: exit code, signal or time limit. */
export function failureOf(outcome: CommandOutcome): string {
  if (outcome.timedOut) return `timed out after ${Math.round(outcome.durationMs / 1000)} s`;
  if (outcome.signal) return `killed by ${outcome.signal}`;
  return `exit code ${outcome.exitCode ?? "none"}`;
}

/** `npm test` as a code span's content. */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

/** A name, path or command from the repository as a code span: no backtick, newline or pipe can break out. */
export function codeSpan(text: string): string {
  return `\`${text.replace(/[`\r\n|]/g, " ").slice(0, 200)}\``;
}
