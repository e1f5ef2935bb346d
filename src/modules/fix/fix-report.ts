/**
 * What the fix module hands back: a proposal with what was proven, or a note that says what was
 * tried and why each attempt was turned down. Model and issue text is echoed inert: no
 * @-mention, no closing keyword (the bot never decides that merging closes an issue). Pure.
 */
import type { Evidence, Finding, Proposal } from "../types.js";
import type { FixAnswer } from "./fix-answer.js";
import { commandText, endText, type FixVerification } from "./verify-fix.js";

type Issue = { number: number; title: string; body: string };

/** One candidate answer and what became of it. */
export interface FixAttempt {
  /** The model task it came from (1-based). */
  attempt: number;
  /** "ollama qwen2.5-coder:7b", or "" when no answer came. */
  by: string;
  /** Why it was turned down, in a sentence. */
  reason: string;
}

/** Ends of closing keywords before an issue reference, as GitHub reads them. */
const CLOSING = /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=:?\s+(?:[\w.-]+\/[\w.-]+)?#\d)/gi;

/** Text from a user or a model, safe to echo: no @-mention, no closing keyword, no HTML comment. */
export function inert(text: string): string {
  return text
    .replace(/@/g, "@\u200d")
    .replace(CLOSING, (word) => `${word[0]}\u200d${word.slice(1)}`)
    .replace(/<!--/g, "&lt;!--");
}

/** The issue title on one line, cut for a PR title. */
export function shortTitle(title: string, max = 60): string {
  const one = title.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one;
}

const quote = (text: string): string =>
  inert(text.trim())
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");

type Verified = Extract<FixVerification, { ok: true }>;

/** The proposal for a verified fix (the cycle's policy re-checks its paths and size). */
export function fixProposal(input: { issue: Issue; answer: FixAnswer; verification: Verified; by: string; route: string; attempt: number; attempts: readonly FixAttempt[] }): Proposal {
  const { issue, answer, verification: v } = input;
  const proven: string[] = [];
  if (v.before && answer.test) {
    proven.push(`- The new test \`${answer.test.path}\` fails on the current code: \`${commandText(v.before.argv)}\` ended with ${endText(v.before)}.`);
  }
  proven.push(`- With the change, the repository's suite passes: \`${commandText(v.after.argv)}\` ended with ${endText(v.after)}.`);
  if (answer.test && !v.before) proven.push(`- The change comes with a test, \`${answer.test.path}\`, which passes with it.`);
  proven.push(`- ${v.changedLines} changed lines in ${v.files.map((f) => `\`${f}\``).join(", ")}.`);
  const history = input.attempts.length
    ? [`Answers turned down before this one:`, ...input.attempts.map((a) => `- attempt ${a.attempt}${a.by ? ` (${a.by})` : ""}: ${inert(a.reason)}`)]
    : [];
  const body = [
    `Proposed fix for #${issue.number}: ${inert(shortTitle(issue.title, 200))}.`,
    `### The change, as the model explains it`,
    quote(answer.explanation),
    `### What was verified`,
    proven.join("\n"),
    `Answered by ${inert(input.by)} (${input.route}), attempt ${input.attempt}.`,
    ...(history.length ? [history.join("\n")] : []),
  ].join("\n\n");
  const evidence: Evidence[] = [];
  if (v.before) {
    evidence.push({
      kind: "command",
      description: `before the change, with only the new test: \`${commandText(v.before.argv)}\` fails (${endText(v.before)})`,
      data: { argv: v.before.argv, step: v.before.step, exitCode: v.before.exitCode, durationMs: v.before.durationMs },
    });
  }
  evidence.push({
    kind: "command",
    description: `after the change: \`${commandText(v.after.argv)}\` passes (${endText(v.after)})`,
    data: { argv: v.after.argv, step: v.after.step, exitCode: v.after.exitCode, durationMs: v.after.durationMs },
  });
  evidence.push({ kind: "model", description: `change proposed by ${input.by} (${input.route}), attempt ${input.attempt}`, data: { answersTried: input.attempts.length + 1 } });
  return {
    module: "fix",
    slug: `issue-${issue.number}`,
    title: `Fix #${issue.number}: ${shortTitle(issue.title)}`,
    body,
    patch: v.patch,
    files: v.files,
    evidence,
    verified: true,
  };
}

/** The note the lead turns into the issue comment when no change could be proven. */
export function noFixFinding(issue: Issue, attempts: readonly FixAttempt[], why?: string): Finding {
  const lines = attempts.map((a) => `- Attempt ${a.attempt}${a.by ? ` (${inert(a.by)})` : ""}: ${inert(a.reason)}`);
  const message = [
    why ? inert(why) : `No change for #${issue.number} passed verification, so no pull request is opened.`,
    ...(lines.length ? ["", "What was tried:", ...lines] : []),
  ].join("\n");
  return {
    module: "fix",
    ruleId: "fix/no-verified-change",
    level: "note",
    title: `Fix for #${issue.number}: no verified change`,
    message,
    evidence: [{ kind: "model", description: `${attempts.length} answer${attempts.length === 1 ? "" : "s"} tried`, data: { attempts: attempts.map((a) => ({ ...a })) } }],
  };
}
