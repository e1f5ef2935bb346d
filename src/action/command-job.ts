/**
 * A `/lodestar` command carried out on the runner (sent by the app with repository_dispatch).
 * The command's status comment is edited as the job moves: running (with the Actions run's
 * link) when it starts, then done with the results or failed with the reason.
 */
import { askCommand, formatAskText } from "../cli/commands/ask.js";
import type { LodestarConfig } from "../config/index.js";
import type { CycleResult } from "../cycle/index.js";
import type { GitHubClient, RepoCoordinates } from "../github/client.js";
import type { CommandPayload } from "../job-payload.js";
import { buildUsageReport, formatUsageText } from "../llm/usage-report.js";
import type { Finding } from "../modules/index.js";
import type { PrOutcome } from "../publish/github/pull-requests.js";
import { inertText, updateStatusComment, type StatusCommentState } from "../publish/github/status-comment.js";
import type { State } from "../state/index.js";

export interface CommandJobInput {
  command: CommandPayload;
  requestedBy: string;
  where: RepoCoordinates;
  github: GitHubClient | null;
  /** The Actions run, linked from the status comment. */
  runUrl?: string;
  workspace: string;
  config: LodestarConfig;
  state: State;
  /** The environment models are reached with (Ollama host, cloud keys). */
  modelEnv: NodeJS.ProcessEnv;
  /** Runs a cycle with the command's modules; with pull requests for the verified proposals (tests, refactor). */
  runCycle: (withPullRequests: boolean) => Promise<{ result: CycleResult; outcomes: readonly PrOutcome[] }>;
  /** Re-renders the summary issue now, reopening it if a user closed it (`/lodestar summary`). */
  refreshSummary: () => Promise<string>;
  now?: () => Date;
}

export interface CommandJobResult {
  phase: "done" | "failed";
  /** Markdown: the results, or the reason. */
  detail: string;
  /** The cycle, when the command ran one. */
  cycle?: CycleResult;
}

const LIST = 20;

/** Findings under `prefix` (a folder or a file), or all of them. */
export function findingsUnder(findings: readonly Finding[], prefix: string): Finding[] {
  if (!prefix) return [...findings];
  return findings.filter((f) => f.location && (f.location.path === prefix || f.location.path.startsWith(`${prefix}/`)));
}

function scanDetail(result: CycleResult, path: string): string {
  const shown = findingsUnder(result.findings, path);
  const byLevel = (level: Finding["level"]) => shown.filter((f) => f.level === level).length;
  const lines = [
    `**${result.conclusion}**: ${inertText(result.conclusionReason)}`,
    "",
    `${shown.length} finding${shown.length === 1 ? "" : "s"}${path ? ` under \`${path}\`` : ""}: ${byLevel("error")} errors, ${byLevel("warning")} warnings, ${byLevel("note")} notes.`,
  ];
  if (shown.length) {
    lines.push("", ...shown.slice(0, LIST).map((f) => `- ${f.location ? `\`${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ""}\` ` : ""}${inertText(f.title)}`));
    if (shown.length > LIST) lines.push(`- … and ${shown.length - LIST} more in the run's job summary and SARIF file.`);
  }
  return lines.join("\n");
}

const PR_WORDS: Record<PrOutcome["outcome"], string> = {
  opened: "opened",
  updated: "updated",
  unchanged: "already open, unchanged",
  held: "held by the pull request limits",
  skipped: "not opened",
  failed: "could not be opened",
};

/** What a tests/refactor job produced: the pull requests, or why there are none. */
export function proposalDetail(result: CycleResult, outcomes: readonly PrOutcome[]): string {
  const lines = [`**${result.conclusion}**: ${inertText(result.conclusionReason)}`, ""];
  if (outcomes.length === 0) {
    lines.push(result.proposals.length ? "Verified proposals were made but no pull request could be written (no GitHub credentials on the runner)." : "No verified improvement this time: nothing is proposed.");
    for (const r of result.rejected.slice(0, LIST)) lines.push(`- not proposed: ${inertText(r.proposal.title)} — ${inertText(r.reason)}`);
    for (const f of result.findings.filter((f) => f.module === "tests" || f.module === "refactor" || f.module === "fix").slice(0, LIST)) lines.push(`- ${inertText(f.title)}: ${inertText(f.message.split("\n")[0] ?? "")}`);
    return lines.join("\n");
  }
  for (const o of outcomes) {
    const link = o.number ? (o.url ? `[#${o.number}](${o.url})` : `#${o.number}`) : `\`${o.branch}\``;
    lines.push(`- ${link} ${inertText(o.proposal.title)}: ${PR_WORDS[o.outcome]}${o.reason ? ` (${inertText(o.reason)})` : ""}`);
  }
  return lines.join("\n");
}

/** Runs the command; the status comment follows it. Never throws for the command's own failure. */
export async function runCommandJob(input: CommandJobInput): Promise<CommandJobResult> {
  const { command } = input;
  const shown = `${command.name}${command.args ? ` ${command.args}` : ""}`;
  const status = async (state: Omit<StatusCommentState, "command" | "requestedBy" | "runUrl">) => {
    if (!input.github || !command.comment) return;
    await updateStatusComment(input.github, input.where, command.comment, { ...state, command: shown, requestedBy: input.requestedBy, ...(input.runUrl ? { runUrl: input.runUrl } : {}) });
  };
  await status({ phase: "running" });
  let result: CommandJobResult;
  try {
    result = await carryOut(input);
  } catch (error) {
    result = { phase: "failed", detail: inertText(error instanceof Error ? error.message : String(error)) };
  }
  await status({ phase: result.phase, detail: result.detail });
  return result;
}

async function carryOut(input: CommandJobInput): Promise<CommandJobResult> {
  const { command } = input;
  switch (command.name) {
    case "scan": {
      const { result: cycle } = await input.runCycle(false);
      return { phase: cycle.conclusion === "failure" && !cycle.findings.length ? "failed" : "done", detail: scanDetail(cycle, command.args), cycle };
    }
    case "tests":
    case "refactor":
    case "fix": {
      const { result: cycle, outcomes } = await input.runCycle(true);
      return { phase: outcomes.some((o) => o.outcome === "opened" || o.outcome === "updated" || o.outcome === "unchanged") || cycle.conclusion !== "failure" ? "done" : "failed", detail: proposalDetail(cycle, outcomes), cycle };
    }
    case "usage": {
      const report = buildUsageReport({
        ledger: input.state.data.ledger,
        decisions: input.state.data.decisions,
        repo: `${input.where.owner}/${input.where.repo}`,
        caps: input.config.budgets,
        capsSource: "the default branch's .github/lodestar.yml (or the defaults)",
        ...(input.now ? { now: input.now() } : {}),
      });
      return { phase: "done", detail: ["```text", formatUsageText(report).trimEnd(), "```"].join("\n") };
    }
    case "ask": {
      const answer = await askCommand({ repo: input.workspace, question: command.args, env: input.modelEnv });
      const [text, ...figures] = formatAskText(answer).trimEnd().split("\n\n");
      return { phase: "done", detail: [inertText(text ?? ""), "", "<sub>", inertText(figures.join("\n")).replace(/\n/g, "<br>"), "</sub>"].join("\n") };
    }
    case "summary":
      return { phase: "done", detail: await input.refreshSummary() };
    default:
      return { phase: "failed", detail: `\`/lodestar ${command.name}\` cannot run on the runner in this release yet.` };
  }
}
