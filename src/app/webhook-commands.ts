/**
 * The commands answered inside the webhook: `status`, `pause`/`resume` and `review`. Each reads
 * GitHub through the installation's token and returns the Markdown of its answer.
 */
import type { CommandContext } from "./run-command.js";
import type { GitHubClient, RepoCoordinates } from "../github/client.js";
import { findSummaryIssue, readPause, setPaused } from "../publish/github/summary-issue.js";
import { inertText } from "../publish/github/status-comment.js";
import { readUsageMarker } from "../publish/github/usage-marker.js";
import { readRepoConfig } from "./repo-config.js";
import { runCycle } from "../cycle/index.js";
import { createJob } from "../job.js";
import { analyzeListing } from "../analysis/index.js";
import { fetchChangedContents, listChangedFiles } from "../github/changed-files.js";
import { changedFilesSecurityModule } from "../modules/security/changed-files.js";
import type { Finding } from "../modules/index.js";

/** The workflow file the README and the onboarding issue tell users to add. */
export const WORKFLOW_FILE = "lodestar.yml";

interface WorkflowRun {
  status: string | null;
  conclusion: string | null;
  html_url: string;
  event: string;
  updated_at: string;
  run_started_at?: string;
}

const WAITING = new Set(["queued", "in_progress", "waiting", "requested", "pending"]);

/** The runner's queue and last run, from the Actions API (needs `actions: read`). */
export async function runnerActivity(github: GitHubClient, where: RepoCoordinates): Promise<string[]> {
  let runs: WorkflowRun[];
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", { ...where, workflow_id: WORKFLOW_FILE, per_page: 30 });
    runs = (data as { workflow_runs?: WorkflowRun[] }).workflow_runs ?? [];
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return [`| Runner | no \`.github/workflows/${WORKFLOW_FILE}\` on the default branch: heavy work has nowhere to run (the onboarding issue shows the file) |`];
    if (status === 403) return ["| Runner | the app cannot read Actions runs here (it needs the `actions: read` permission) |"];
    return [`| Runner | Actions runs could not be read (${status ? `HTTP ${status}` : "no answer"}) |`];
  }
  const waiting = runs.filter((r) => r.status && WAITING.has(r.status));
  const running = waiting.filter((r) => r.status === "in_progress").length;
  const last = runs.find((r) => r.status === "completed");
  const lastCycle = runs.find((r) => r.status === "completed" && r.event === "schedule");
  const describe = (r: WorkflowRun) => `[${r.conclusion ?? "unknown"}](${r.html_url}) on ${r.updated_at.slice(0, 16).replace("T", " ")} UTC (${r.event})`;
  return [
    `| Queue | ${running} running, ${waiting.length - running} waiting |`,
    `| Last run | ${last ? describe(last) : "none yet"} |`,
    `| Last nightly cycle | ${lastCycle ? describe(lastCycle) : "none in the last 30 runs"} |`,
  ];
}


const usd = (n: number) => `$${n.toFixed(2)}`;
const tokens = (n: number) => n.toLocaleString("en-US");

/**
 * `/lodestar status`: budget (caps from the default branch's config, spend as the runner last
 * wrote it into the summary issue), whether scheduled work is paused, and the runner's queue and
 * last runs from the Actions API.
 */
export async function statusReport(context: CommandContext, where: RepoCoordinates): Promise<string> {
  const config = await readRepoConfig(context);
  let summaryBody: string | null = null;
  let summaryProblem: string | null = null;
  try {
    summaryBody = (await findSummaryIssue(context.octokit, where))?.body ?? null;
  } catch (error) {
    const status = (error as { status?: number }).status;
    summaryProblem = `the summary issue could not be read (${status ? `HTTP ${status}` : "no answer"})`;
  }
  const rows = ["| | |", "| --- | --- |"];
  if (config.ok) {
    const b = config.config.budgets;
    const usage = summaryBody ? readUsageMarker(summaryBody) : null;
    const spent = usage
      ? `the runner last reported ${usd(usage.day.usd)} (${tokens(usage.day.tokens)} tokens) spent on ${usage.at.slice(0, 10)} and ${usd(usage.month.usd)} (${tokens(usage.month.tokens)} tokens) in that month${usage.exhausted ? `; local-only: ${inertText(usage.exhausted)}` : ""}`
      : "no spend reported by the runner yet";
    rows.push(`| Budget | caps ${usd(b["daily-usd"])} a day, ${usd(b["monthly-usd"])} a month, ${usd(b["cycle-usd"])} a cycle; ${spent} |`);
  } else {
    rows.push(`| Config | ${config.title}: run \`/lodestar config\` for the details |`);
  }
  const paused = summaryBody ? readPause(summaryBody) : null;
  const configPaused = config.ok && config.config.schedule.paused;
  rows.push(
    `| Scheduled work | ${
      paused ? `paused since ${paused.at.slice(0, 10)} by ${inertText(paused.by)}` : configPaused ? "paused by `schedule.paused` in the config" : summaryProblem ? `unknown: ${summaryProblem}` : "running nightly"
    } |`,
  );
  rows.push(...(await runnerActivity(context.octokit, where)));
  return ["Lodestar status for this repository:", "", ...rows].join("\n");
}

/**
 * `/lodestar pause` (with the user) and `/lodestar resume` (with null): recorded in the summary
 * issue, which the runner reads before a scheduled cycle. Commands still run while paused.
 */
export async function pauseScheduledWork(context: CommandContext, where: RepoCoordinates, by: string | null): Promise<string> {
  const { number, changed } = await setPaused(context.octokit, where, by ? { by, at: new Date().toISOString() } : null);
  if (by) return changed ? `Scheduled work is paused (recorded in #${number}). Commands still work; \`/lodestar resume\` restarts it.` : `Scheduled work was already paused (see #${number}).`;
  return changed ? `Scheduled work resumes with the next nightly run (recorded in #${number}).` : "Scheduled work was not paused.";
}

/** Findings listed in a review answer; the rest are counted. */
const REVIEW_LIST = 30;

/**
 * `/lodestar review` on a pull request: the security module over the lines its diff adds,
 * with contents read through the API (nothing of the pull request runs, so forks are reviewed
 * the same way). The answer lists the findings with their lines; a review that could not read
 * everything says what it left out.
 */
export async function reviewPullRequest(context: CommandContext, where: RepoCoordinates, pullNumber: number): Promise<string> {
  const config = await readRepoConfig(context);
  if (!config.ok) return `${config.conclusion === "failure" ? "❌" : "⚠️"} **${config.title}**\n\n${config.summary}`;
  if (!config.config.modules.security.enabled) return "The security module is switched off in the config (`modules.security.enabled: false`): there is nothing to review with.";
  const list = await listChangedFiles(context.octokit, where, { kind: "pull_request", number: pullNumber });
  const input = await fetchChangedContents(context.octokit, where, list);
  const job = createJob({
    kind: "pull_request",
    repo: { owner: where.owner, name: where.repo },
    ref: null,
    requestedBy: { login: "review", via: "command" },
    config: config.config,
    deliveryId: context.id,
    modules: ["security"],
    trusted: true,
  });
  const result = await runCycle(job, {
    analyze: async () =>
      analyzeListing({ source: "github-tree", files: input.files.map((f) => ({ path: f.path, size: Buffer.byteLength(f.text) })), skipped: {}, truncated: false }),
    modules: [changedFilesSecurityModule(input)],
  });
  const findings = result.findings.filter((f: Finding) => f.location);
  const lines = [
    `Review of this pull request's changed lines (${list.source}): **${result.conclusion}**, ${inertText(result.conclusionReason)}`,
    "",
  ];
  if (findings.length === 0) lines.push("No finding on the lines this pull request adds.");
  else {
    lines.push("| Where | Level | Finding |", "| --- | --- | --- |");
    for (const f of findings.slice(0, REVIEW_LIST)) {
      const at = `${f.location!.path}${f.location!.startLine ? `:${f.location!.startLine}` : ""}`;
      lines.push(`| \`${at.replace(/[`|]/g, "?")}\` | ${f.level} | ${inertText(f.title).replace(/\|/g, "\\|")} |`);
    }
    if (findings.length > REVIEW_LIST) lines.push("", `…and ${findings.length - REVIEW_LIST} more: the pull request's \`Lodestar\` check run annotates every one.`);
  }
  return lines.join("\n");
}
