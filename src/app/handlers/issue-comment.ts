import type { Context } from "probot";
import { postComment } from "../../publish/index.js";
import { parseCommand, renderHelp } from "../commands.js";
import { startCommand, type CommandRequest } from "../run-command.js";

/** True for comments we must never act on: bots (including Lodestar itself). */
export function isBotComment(payload: Context<"issue_comment.created">["payload"]): boolean {
  return payload.comment.user?.type === "Bot" || payload.sender.type === "Bot" || /\[bot\]$/.test(payload.sender.login);
}

/**
 * `/lodestar <command>` in an issue or PR comment. The comment gets a 👀 reaction on receipt.
 * `help` (and an unknown command or a bad argument, answered with the help) is for anyone;
 * every other command first checks the commenter's role on the repository at command time,
 * and a failed check refuses (see run-command.ts).
 */
export async function onIssueComment(context: Context<"issue_comment.created">): Promise<void> {
  const { payload } = context;
  if (typeof payload.comment?.body !== "string" || !payload.issue || !payload.repository?.owner || !payload.sender?.login || !payload.installation) {
    context.log.info({ event: context.name, id: context.id }, "issue_comment without body, issue, repository, sender or installation: ignored");
    return;
  }
  if (isBotComment(payload)) return;
  const parsed = parseCommand(payload.comment.body);
  if (parsed.kind === "none") return;
  const where = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const user = payload.sender.login;
  await acknowledge(context, where, payload.comment.id);

  if (parsed.kind === "unknown") {
    // Echo the name only when it is plainly a word: anything else could break out of the code
    // span and make the bot mention people or teams.
    const shown = /^[a-z0-9-]{1,40}$/.test(parsed.name) ? `\`${parsed.name}\`` : "That";
    await postComment(context.octokit, where, payload.issue.number, renderHelp(`@${user} ${shown} is not a Lodestar command.`));
    return;
  }
  if (parsed.kind === "invalid") {
    await postComment(context.octokit, where, payload.issue.number, renderHelp(`@${user} ${parsed.reason}.`));
    return;
  }
  const request: CommandRequest = {
    where,
    user,
    spec: parsed.spec,
    args: parsed.args,
    issue: payload.issue.number,
    isPullRequest: !!payload.issue.pull_request,
    defaultBranch: payload.repository.default_branch,
    deliveryId: context.id,
  };
  await startCommand(context, request);
}

/** The 👀 reaction that says the command was seen; a failure to react does not stop the command. */
async function acknowledge(context: Context<"issue_comment.created">, where: { owner: string; repo: string }, commentId: number): Promise<void> {
  try {
    await context.octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...where, comment_id: commentId, content: "eyes" });
  } catch (error) {
    context.log.warn({ event: context.name, id: context.id, status: (error as { status?: number }).status }, "could not add the 👀 reaction");
  }
}
