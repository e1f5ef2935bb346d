import type { Context } from "probot";
import { commandSpec, pathArgumentProblem } from "../commands.js";
import { startCommand } from "../run-command.js";
import { LODESTAR_LABEL } from "../../publish/github/onboarding.js";
import { SUMMARY_MARKER, tickedDecisions } from "../../publish/github/summary-issue.js";

/** At most this many ticked boxes are acted on per edit: one edit cannot start a flood of jobs. */
export const MAX_TICKED_PER_EDIT = 5;

type IssuesContext = Context<"issues.opened" | "issues.labeled" | "issues.edited">;

/** The parts of an `issues` payload every handler needs, or null (logged) when they are missing. */
function basics(context: IssuesContext) {
  const { payload } = context;
  if (!payload.issue || typeof payload.issue.number !== "number" || !payload.repository?.owner || !payload.sender?.login || !payload.installation) {
    context.log.info({ event: context.name, id: context.id }, "issues event without issue, repository, sender or installation: ignored");
    return null;
  }
  // Bots (Lodestar included: it labels its own summary and onboarding issues) are never acted on.
  if (payload.sender.type === "Bot" || /\[bot\]$/.test(payload.sender.login)) return null;
  return {
    where: { owner: payload.repository.owner.login, repo: payload.repository.name },
    user: payload.sender.login,
    issue: payload.issue,
    defaultBranch: payload.repository.default_branch,
  };
}

/**
 * An issue opened with the `lodestar` label, or given it later, asks Lodestar to try a fix:
 * the same job as `/lodestar fix` in its comments, with the same role check on whoever
 * opened or labelled it. Lodestar's own issues (summary, onboarding) carry the label too and
 * are never treated as requests.
 */
export async function onIssueLabelled(context: Context<"issues.opened" | "issues.labeled">): Promise<void> {
  const found = basics(context);
  if (!found) return;
  const { payload } = context;
  const labelled =
    payload.action === "labeled"
      ? payload.label?.name === LODESTAR_LABEL
      : (payload.issue.labels ?? []).some((l) => (typeof l === "string" ? l : l?.name) === LODESTAR_LABEL);
  if (!labelled) return;
  if ((found.issue.body ?? "").includes("<!-- lodestar:") || found.issue.user?.type === "Bot") return;
  await startCommand(context, {
    where: found.where,
    user: found.user,
    spec: commandSpec("fix"),
    args: "",
    issue: found.issue.number,
    isPullRequest: false,
    ...(found.defaultBranch ? { defaultBranch: found.defaultBranch } : {}),
    deliveryId: context.id,
  });
}

/**
 * A user ticked boxes under "Decisions needed" in the summary issue: each newly ticked one
 * starts its job, as if its command had been written in the issue (same role check). Only the
 * boxes Lodestar wrote count, only on the issue a bot wrote, and only those that went from
 * unticked to ticked in this very edit.
 */
export async function onIssueEdited(context: Context<"issues.edited">): Promise<void> {
  const found = basics(context);
  if (!found) return;
  const body = found.issue.body ?? "";
  if (!body.includes(SUMMARY_MARKER) || found.issue.user?.type !== "Bot") return;
  const before = context.payload.changes?.body?.from;
  if (typeof before !== "string") return;
  const ticked = tickedDecisions(before, body).slice(0, MAX_TICKED_PER_EDIT);
  for (const decision of ticked) {
    const spec = commandSpec(decision.command);
    const args = decision.args ?? "";
    if (args && pathArgumentProblem(args)) continue;
    await startCommand(context, {
      where: found.where,
      user: found.user,
      spec,
      args,
      issue: found.issue.number,
      isPullRequest: false,
      ...(found.defaultBranch ? { defaultBranch: found.defaultBranch } : {}),
      deliveryId: context.id,
    });
  }
}
