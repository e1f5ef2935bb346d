/**
 * What the action writes to GitHub after a cycle: review-only pull requests for the verified
 * proposals, and the daily summary issue (with the runner's spend for `/lodestar status`).
 */
import type { LodestarConfig } from "../config/index.js";
import type { CycleReport, Publisher } from "../cycle/index.js";
import type { GitHubClient, RepoCoordinates } from "../github/client.js";
import { BudgetGuard } from "../llm/index.js";
import { pullRequestPublisher, type FingerprintStore, type PrOutcome } from "../publish/github/pull-requests.js";
import { findSummaryIssue, readPause, renderSummaryIssue, upsertSummaryIssue, type DecisionNeeded, type PauseState, type SummaryPullRequest, type UpsertSummaryResult } from "../publish/github/summary-issue.js";
import { withUsageMarker } from "../publish/github/usage-marker.js";
import type { PrFingerprint, State } from "../state/index.js";

/** PR fingerprints kept in the state file, so a proposal a user closed is never made again. */
export function stateFingerprintStore(state: State): FingerprintStore {
  return {
    get: (repo, fingerprint) => state.data.fingerprints.find((f) => f.repo === repo && f.fingerprint === fingerprint) as PrFingerprint | undefined,
    put: (record) =>
      state.update((draft) => {
        const at = draft.fingerprints.findIndex((f) => f.repo === record.repo && f.fingerprint === record.fingerprint);
        if (at === -1) draft.fingerprints.push({ ...record });
        else draft.fingerprints[at] = { ...draft.fingerprints[at], ...record };
      }),
  };
}

/** The pull request publisher for a cycle, collecting outcomes for the summary. */
export function actionPullRequests(github: GitHubClient, where: RepoCoordinates, config: LodestarConfig, state: State, baseBranch: string): { publisher: Publisher; outcomes: PrOutcome[] } {
  const outcomes: PrOutcome[] = [];
  const limits = config["pull-requests"];
  const publisher = pullRequestPublisher(github, where, {
    baseBranch,
    defaultBranch: baseBranch,
    limits: { perHour: limits["per-hour"], maxOpen: limits["max-open"], maxChangedLines: limits["max-changed-lines"] },
    store: stateFingerprintStore(state),
    onOutcomes: (list) => outcomes.push(...list),
  });
  return { publisher, outcomes };
}

const DECISION_MODULES = new Set(["tests", "refactor"]);

/** Held proposals become decisions: ticking one asks for the job again with room under the limits. */
export function decisionsFrom(outcomes: readonly PrOutcome[]): DecisionNeeded[] {
  return outcomes
    .filter((o) => o.outcome === "held" && DECISION_MODULES.has(o.proposal.module))
    .map((o) => ({
      id: o.fingerprint.slice(0, 16),
      title: `Open the held proposal "${o.proposal.title}" (${o.reason ?? "over the pull request limits"})`,
      command: o.proposal.module as "tests" | "refactor",
      ...(o.proposal.files[0] ? { args: o.proposal.files[0] } : {}),
    }));
}

/** Open PRs looked up again per summary: enough for a repository under its `max-open` limit. */
const REFRESH_LIMIT = 50;

/**
 * Brings the state file's open PRs up to date (merged, or closed by a person: then that change
 * is never proposed again). A PR that cannot be read keeps its last known state.
 */
export async function refreshPullRequests(github: GitHubClient, where: RepoCoordinates, state: State): Promise<void> {
  const repo = `${where.owner}/${where.repo}`;
  const open = state.data.fingerprints.filter((f) => f.repo === repo && f.state === "open" && f.pr).slice(-REFRESH_LIMIT);
  const store = stateFingerprintStore(state);
  for (const record of open) {
    try {
      const { data } = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...where, pull_number: record.pr! });
      const pr = data as { state: string; merged_at: string | null };
      if (pr.state === "open") continue;
      await store.put({ ...(record as PrFingerprint), state: pr.merged_at ? "merged" : "closed", ...(pr.merged_at ? {} : { closedByUser: true }) });
    } catch {
      // Unknown now: the summary shows the last known state.
    }
  }
}

/** The PRs the summary lists: this cycle's, then the ones remembered in the state file. */
function pullRequestsFor(repo: string, outcomes: readonly PrOutcome[], state: State): SummaryPullRequest[] {
  const seen = new Set<number>();
  const list: SummaryPullRequest[] = [];
  for (const o of outcomes) {
    if (!o.number || seen.has(o.number)) continue;
    seen.add(o.number);
    list.push({ number: o.number, title: o.proposal.title, state: "open", module: o.proposal.module });
  }
  for (const f of state.data.fingerprints) {
    if (f.repo !== repo || !f.pr || seen.has(f.pr)) continue;
    seen.add(f.pr);
    list.push({ number: f.pr, title: f.branch, state: f.state, module: f.branch.split("/")[1] ?? "" });
  }
  return list;
}

export interface SummaryPublishInput {
  github: GitHubClient;
  where: RepoCoordinates;
  config: LodestarConfig;
  state: State;
  report: CycleReport | null;
  outcomes?: readonly PrOutcome[];
  failures?: readonly string[];
  /** `/lodestar summary`: reopen it even if a person closed it. */
  force?: boolean;
  now?: Date;
}

/** Writes the summary issue (created, updated, or left as it is when nothing changed). */
export async function publishSummaryIssue(input: SummaryPublishInput): Promise<UpsertSummaryResult> {
  const repo = `${input.where.owner}/${input.where.repo}`;
  await refreshPullRequests(input.github, input.where, input.state);
  const now = input.now ?? new Date();
  const status = new BudgetGuard({ caps: input.config.budgets, repo, ledger: input.state.data.ledger as never, now: () => now }).status();
  return upsertSummaryIssue(input.github, input.where, {
    ...(input.force ? { force: true } : {}),
    render: (previous) =>
      withUsageMarker(
        renderSummaryIssue({
          repo,
          now,
          report: input.report,
          ledger: input.state.data.ledger as never,
          pullRequests: pullRequestsFor(repo, input.outcomes ?? [], input.state),
          decisions: decisionsFrom(input.outcomes ?? []),
          failures: input.failures ?? [],
          ...(previous ? { previousBody: previous.body, paused: previous.paused } : {}),
        }),
        {
          at: now.toISOString().slice(0, 10) + "T00:00:00.000Z",
          day: { usd: round(status.day.usd), tokens: status.day.tokens },
          month: { usd: round(status.month.usd), tokens: status.month.tokens },
          ...(status.exhausted ? { exhausted: status.exhausted } : {}),
        },
      ),
  });
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Whether scheduled work is paused: `/lodestar pause` (recorded in the summary issue) or
 * `schedule.paused` in the config. An unreadable summary issue does not stop the cycle.
 */
export async function pausedBy(github: GitHubClient | null, where: RepoCoordinates, config: LodestarConfig): Promise<PauseState | "config" | null> {
  if (config.schedule.paused) return "config";
  if (!github) return null;
  const issue = await findSummaryIssue(github, where).catch(() => null);
  return issue ? readPause(issue.body) : null;
}
