import { LlmUnavailableError, type CandidateAnswer, type LlmAnswer, type Verdict } from "../../llm/index.js";
import { createWorkspace, detectCommands, sandboxLimits, type RepoCommands, type Workspace } from "../../sandbox/index.js";
import type { LodestarModule, ModuleContext, ModuleResult } from "../types.js";
import { FIX_ANSWER_SCHEMA, issueLooksLikeBug, type FixAnswer } from "./fix-answer.js";
import { fixContext } from "./fix-context.js";
import { fixMessages, issueText } from "./fix-prompt.js";
import { fixProposal, noFixFinding, type FixAttempt } from "./fix-report.js";
import { commandText, endText, runStep, runSuite, verifyFix, type FixVerification } from "./verify-fix.js";

export { FIX_ANSWER_SCHEMA, answerPathProblem, issueLooksLikeBug, onlyAdds, type FixAnswer, type FileChange } from "./fix-answer.js";
export { fixContext, nearbyTests } from "./fix-context.js";
export { FIX_SYSTEM_PROMPT, FEEDBACK_HEADER, ISSUE_DATA_HEADER, fixMessages, issueText } from "./fix-prompt.js";
export { fixProposal, inert, noFixFinding, type FixAttempt } from "./fix-report.js";
export { runSuite, verifyFix, type FixVerification, type SuiteOutcome } from "./verify-fix.js";

/** Model tasks per issue; each may bring a local and, escalated, a cloud answer to verify. */
export const FIX_ATTEMPTS = 3;
/** Output tokens for an answer: full contents of a few files. */
const ANSWER_TOKENS = 8192;

type Issue = { number: number; title: string; body: string };

/** The issue a job is about, when it is a usable one. */
function jobIssue(ctx: ModuleContext): Issue | undefined {
  const issue = ctx.job.issue;
  if (!issue || !Number.isInteger(issue.number) || issue.number < 1 || typeof issue.title !== "string") return undefined;
  return { number: issue.number, title: issue.title, body: typeof issue.body === "string" ? issue.body : "" };
}

const routeOf = (a: LlmAnswer): string => (a.decision.route === "escalated" ? "escalated to the cloud" : "local");

/** What went wrong with a candidate, for the next prompt: the reason and the end of the output. */
function feedbackOf(attempt: FixAttempt, v: FixVerification | undefined): string {
  const run = v && !v.ok ? v.run : undefined;
  return [`Attempt ${attempt.attempt}: ${attempt.reason}`, ...(run?.tail ? [`Output of ${commandText(run.argv)}:`, run.tail] : [])].join("\n");
}

/**
 * Issue to PR: the model proposes a change for the job's issue (its text given as data, never as
 * instructions); the change is verified in a sandboxed copy of the repo — for a bug, a new test
 * must fail before and pass after, and the whole suite must pass — and only then proposed.
 * Otherwise a note says what was tried. Never runs on untrusted refs (it executes repo code).
 */
export const fixModule: LodestarModule = {
  name: "fix",
  description: "Issue to PR: a change for an issue, proven by the repository's own tests",
  executesRepoCode: true,
  async run(ctx): Promise<ModuleResult> {
    const issue = jobIssue(ctx);
    if (!issue) return { findings: [], proposals: [] };
    const attempts: FixAttempt[] = [];
    const stop = (why: string): ModuleResult => ({ findings: [noFixFinding(issue, attempts, `No change for #${issue.number} was proposed: ${why}.`)], proposals: [], incomplete: [`fix #${issue.number}: ${why}`] });

    if (!ctx.llm.available) return stop(`no model can be used (${ctx.llm.unavailableReason ?? "unavailable"})`);
    const root = ctx.analysis.root;
    if (ctx.analysis.depth !== "content" || !root) return stop("there is no checkout of the repository to run its tests in");
    const commands = await detectCommands(root, ctx.config);
    if (!commands) return stop("no test command was found (set `commands.test` in .github/lodestar.yml)");

    let ws: Workspace;
    try {
      ws = await createWorkspace(root, { trusted: ctx.job.trusted, scratchRoot: ctx.scratchDir, limits: sandboxLimits(ctx.config) });
    } catch (error) {
      return stop(`the sandbox could not be prepared (${error instanceof Error ? error.message : String(error)})`);
    }
    try {
      return await fixInWorkspace(ctx, issue, root, commands, ws, attempts, stop);
    } finally {
      await ws.dispose();
    }
  },
};

async function fixInWorkspace(ctx: ModuleContext, issue: Issue, root: string, commands: RepoCommands, ws: Workspace, attempts: FixAttempt[], stop: (why: string) => ModuleResult): Promise<ModuleResult> {
  if (commands.install?.length) {
    const install = await runStep(ws, "install", commands.install);
    if (!install.passed) return stop(`installing dependencies failed (${commandText(install.argv)}: ${endText(install)})`);
  }
  // A suite that fails already cannot tell a fix from a breakage, nor a reproduction from noise.
  const baseline = await runSuite(ws, commands);
  if (!baseline.passed) return stop(`the test suite does not pass before any change (${commandText(baseline.argv)}: ${endText(baseline)})`);

  const context = await fixContext(root, issue, ctx.analysis.tests.files);
  const looksLikeBug = issueLooksLikeBug(issue);
  const maxChangedLines = ctx.config["pull-requests"]["max-changed-lines"];
  const feedback: string[] = [];
  const proven = new Map<string, { answer: FixAnswer; verification: Extract<FixVerification, { ok: true }> }>();

  for (let attempt = 1; attempt <= FIX_ATTEMPTS; attempt++) {
    if (ctx.signal.aborted) return stop("the run was stopped");
    const seen = new Set<string>();
    const verify = async (candidate: CandidateAnswer): Promise<Verdict[]> => {
      seen.add(candidate.text);
      const answer = candidate.parsed as FixAnswer;
      const by = `${candidate.provider} ${candidate.model}`;
      if (ctx.signal.aborted) return [{ name: "sandbox", pass: false, detail: "the run was stopped" }];
      const v = await verifyFix(ws, commands, answer, { requireTest: answer.bug || looksLikeBug, maxChangedLines });
      if (v.ok) {
        proven.set(candidate.text, { answer, verification: v });
        return [
          { name: "paths", pass: true },
          ...(v.before ? [{ name: "reproduces", pass: true }] : []),
          { name: "tests", pass: true },
          { name: "size", pass: true },
        ];
      }
      const tried: FixAttempt = { attempt, by, reason: v.reason };
      attempts.push(tried);
      feedback.push(feedbackOf(tried, v));
      return [{ name: v.stage, pass: false, detail: v.reason }];
    };
    let answer: LlmAnswer;
    try {
      answer = await ctx.llm.complete({
        kind: "fix",
        messages: fixMessages(issue, feedback),
        context,
        schema: FIX_ANSWER_SCHEMA,
        verify,
        samples: 1,
        maxOutputTokens: ANSWER_TOKENS,
        // The issue, not the feedback: memory matches the same issue across attempts and runs.
        problem: issueText(issue),
        signal: ctx.signal,
      });
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      attempts.push({ attempt, by: "", reason: `no model answered: ${error.message}` });
      return stop(`no model answered (${error.message})`);
    }
    const found = answer.verified ? proven.get(answer.text) : undefined;
    if (found) {
      const proposal = fixProposal({ issue, answer: found.answer, verification: found.verification, by: `${answer.provider} ${answer.model}`, route: routeOf(answer), attempt, attempts });
      return { findings: [], proposals: [proposal] };
    }
    if (!seen.has(answer.text)) {
      // Turned down by the router's own gates (not JSON, wrong shape, cut short): the sandbox never saw it.
      const failed = answer.verdicts.filter((v) => !v.pass).map((v) => (v.detail ? `${v.name}: ${v.detail}` : v.name));
      const tried: FixAttempt = { attempt, by: `${answer.provider} ${answer.model}`, reason: `the answer is unusable (${failed.join("; ") || "no verdict"})` };
      attempts.push(tried);
      feedback.push(feedbackOf(tried, undefined));
    }
  }
  return { findings: [noFixFinding(issue, attempts)], proposals: [] };
}
