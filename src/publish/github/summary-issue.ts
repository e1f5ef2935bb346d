/**
 * The daily summary issue on GitHub (issue 5): one per repository, found again by its hidden
 * marker among the `lodestar`-labelled issues the app wrote, rewritten only when its body
 * changes. Duplicates are closed; one a person closed stays closed until `/lodestar summary`;
 * the pause state written by `/lodestar pause` survives every rewrite. The body itself is
 * rendered by summary-issue-body.ts.
 */
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";
import {
  DUPLICATE_MARKER,
  fitSummaryBody,
  readPause,
  SUMMARY_MARKER,
  withPause,
  type PauseState,
} from "./summary-issue-body.js";

export {
  badDecisionArgs,
  DECISION_COMMANDS,
  echo,
  findingKey,
  fitSummaryBody,
  readPause,
  renderSummaryIssue,
  SUMMARY_MARKER,
  tickedDecisions,
  withPause,
  type DecisionCommand,
  type DecisionNeeded,
  type PauseState,
  type SummaryIssueData,
  type SummaryPullRequest,
} from "./summary-issue-body.js";

export const SUMMARY_TITLE = "Lodestar daily summary";
const DEFAULT_LABEL = "lodestar";
/** Pages of 100 labelled issues looked through; the summary is old, so it may be far back. */
const MAX_PAGES = 5;

/** The summary issue as GitHub lists it. */
export interface SummaryIssue {
  number: number;
  state: "open" | "closed";
  body: string;
}

/** What the previous summary held, for the renderer. */
export interface PreviousSummary {
  body: string;
  paused: PauseState | null;
}

export interface UpsertSummaryOptions {
  /** Renders the new body from the previous one (null when the issue is created). */
  render: (previous: PreviousSummary | null) => string;
  /** The app's bot login (`name[bot]`); when given, only issues it wrote count. */
  botLogin?: string;
  /** `/lodestar summary`: reopen the issue even if a person closed it. */
  force?: boolean;
  label?: string;
}

export interface UpsertSummaryResult {
  action: "created" | "updated" | "unchanged" | "reopened" | "kept-closed";
  number?: number;
  closedDuplicates: number[];
}

interface ListedIssue {
  number: number;
  state: string;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
  pull_request?: unknown;
}

/** Ours: an issue (not a PR) with the marker, written by a bot (ours when known). */
function isSummary(issue: ListedIssue, botLogin: string | undefined): boolean {
  if (issue.pull_request || !issue.body?.includes(SUMMARY_MARKER)) return false;
  if (issue.user?.type !== "Bot") return false;
  return botLogin === undefined || issue.user.login === botLogin;
}

/**
 * Finds the summary issue and closes any duplicates (a race between two runs, a redelivered
 * event). Keeps the lowest-numbered open one, or the most recent when all are closed. A closed
 * duplicate loses its marker, so it can never be picked (or reopened) later.
 */
async function findAndDedupe(
  github: GitHubClient,
  where: RepoCoordinates,
  botLogin: string | undefined,
  label: string,
): Promise<{ issue: SummaryIssue | null; closedDuplicates: number[] }> {
  const found: ListedIssue[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await github.request("GET /repos/{owner}/{repo}/issues", { ...where, state: "all", labels: label, per_page: 100, page });
    const issues = data as ListedIssue[];
    found.push(...issues.filter((i) => isSummary(i, botLogin)));
    if (issues.length < 100) break;
  }
  if (!found.length) return { issue: null, closedDuplicates: [] };
  const open = found.filter((i) => i.state === "open").sort((a, b) => a.number - b.number);
  const kept = open[0] ?? [...found].sort((a, b) => b.number - a.number)[0]!;
  const closedDuplicates: number[] = [];
  // Serially: content-creating requests have a secondary rate limit (DESIGN §5).
  for (const dup of open.slice(1)) {
    await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...where,
      issue_number: dup.number,
      body: `Closed as a duplicate of #${kept.number}, the Lodestar daily summary of this repository.`,
    });
    await github.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...where,
      issue_number: dup.number,
      state: "closed",
      state_reason: "not_planned",
      body: dup.body!.replaceAll(SUMMARY_MARKER, DUPLICATE_MARKER),
    });
    closedDuplicates.push(dup.number);
  }
  // Editing on github.com (ticking a box) turns line ends into CRLF; compare and rewrite in LF.
  const body = (kept.body ?? "").replace(/\r\n/g, "\n");
  return { issue: { number: kept.number, state: kept.state === "open" ? "open" : "closed", body }, closedDuplicates };
}

/**
 * The summary issue of a repository, open or closed, or null when there is none (read-only
 * but for closing duplicates). The Action reads the pause state from it before scheduled work.
 */
export async function findSummaryIssue(github: GitHubClient, where: RepoCoordinates, botLogin?: string, label = DEFAULT_LABEL): Promise<SummaryIssue | null> {
  return (await findAndDedupe(github, where, botLogin, label)).issue;
}

/** True when a person (not a bot, ours or another) closed the issue: then it stays closed. */
async function closedByPerson(github: GitHubClient, where: RepoCoordinates, issueNumber: number): Promise<boolean> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: issueNumber });
  const closedBy = (data as { closed_by?: { type?: string } | null }).closed_by;
  // Unknown closer: assume a person did it on purpose.
  return closedBy?.type !== "Bot";
}

/**
 * Creates or updates the summary issue. The body is `render(previous)`, with the previous pause
 * state kept whatever `render` returns (only `setPaused` changes it), cut under 60,000
 * characters. No request is made to rewrite a body that did not change.
 */
export async function upsertSummaryIssue(github: GitHubClient, where: RepoCoordinates, options: UpsertSummaryOptions): Promise<UpsertSummaryResult> {
  const label = options.label ?? DEFAULT_LABEL;
  const { issue, closedDuplicates } = await findAndDedupe(github, where, options.botLogin, label);
  if (!issue) {
    const body = fitSummaryBody(withPause(options.render(null), null));
    const { data } = await github.request("POST /repos/{owner}/{repo}/issues", { ...where, title: SUMMARY_TITLE, body, labels: [label] });
    return { action: "created", number: (data as { number: number }).number, closedDuplicates };
  }
  const reopen = issue.state === "closed";
  if (reopen && !options.force && (await closedByPerson(github, where, issue.number))) {
    return { action: "kept-closed", number: issue.number, closedDuplicates };
  }
  const paused = readPause(issue.body);
  const body = fitSummaryBody(withPause(options.render({ body: issue.body, paused }), paused));
  if (reopen) {
    await github.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...where,
      issue_number: issue.number,
      state: "open",
      state_reason: "reopened",
      body,
    });
    return { action: "reopened", number: issue.number, closedDuplicates };
  }
  if (body === issue.body) return { action: "unchanged", number: issue.number, closedDuplicates };
  await github.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: issue.number, body });
  return { action: "updated", number: issue.number, closedDuplicates };
}

/** The body of a summary issue opened by `/lodestar pause` before any cycle ran. */
const PLACEHOLDER = `${SUMMARY_MARKER}\n# ${SUMMARY_TITLE}\n\nNo cycle has run yet; the next one fills this issue in.\n`;

/**
 * `/lodestar pause` (with a state) and `/lodestar resume` (with null): writes or removes the
 * pause marker and its visible line in the summary issue, keeping the rest of the body. Creates
 * the issue when there is none; does not reopen a closed one (the state is recorded all the
 * same). Returns the issue number and whether the body changed.
 */
export async function setPaused(
  github: GitHubClient,
  where: RepoCoordinates,
  paused: PauseState | null,
  botLogin?: string,
  label = DEFAULT_LABEL,
): Promise<{ number: number; changed: boolean }> {
  const { issue } = await findAndDedupe(github, where, botLogin, label);
  if (!issue) {
    const { data } = await github.request("POST /repos/{owner}/{repo}/issues", {
      ...where,
      title: SUMMARY_TITLE,
      body: withPause(PLACEHOLDER, paused),
      labels: [label],
    });
    return { number: (data as { number: number }).number, changed: true };
  }
  const body = fitSummaryBody(withPause(issue.body, paused));
  if (body === issue.body) return { number: issue.number, changed: false };
  await github.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: issue.number, body });
  return { number: issue.number, changed: true };
}
