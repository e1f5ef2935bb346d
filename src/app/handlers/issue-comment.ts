import type { Context } from "probot";
import { CONFIG_PATH } from "../../config/index.js";
import { postComment } from "../../publish/index.js";
import { parseCommand, renderHelp, type CommandSpec } from "../commands.js";
import { checkCommandPermission } from "../permissions.js";
import { describeConfig, readRepoConfig } from "../repo-config.js";

/** True for comments we must never act on: bots (including Lodestar itself). */
export function isBotComment(payload: Context<"issue_comment.created">["payload"]): boolean {
  return payload.comment.user?.type === "Bot" || payload.sender.type === "Bot" || /\[bot\]$/.test(payload.sender.login);
}

/**
 * `/lodestar <command>` in an issue or PR comment. The comment gets a 👀 reaction on receipt.
 * `help` (and an unknown command, answered with the help) is for anyone; every other command
 * first checks the commenter's role on the repository at command time, and a failed check
 * refuses. Commands whose capability has not landed say so.
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

  let body: string;
  if (parsed.kind === "unknown") {
    // Echo the name only when it is plainly a word: anything else could break out of the code
    // span and make the bot mention people or teams.
    const shown = /^[a-z0-9-]{1,40}$/.test(parsed.name) ? `\`${parsed.name}\`` : "That";
    body = renderHelp(`@${user} ${shown} is not a Lodestar command.`);
  } else if (parsed.spec.name === "help") {
    body = renderHelp();
  } else {
    const permission = await checkCommandPermission(context.octokit, where, user, parsed.spec);
    if (!permission.allowed) {
      context.log.info({ event: context.name, id: context.id, user, command: parsed.spec.name, role: permission.role }, "command refused");
      body = `@${user} ${permission.reason}.`;
    } else if (!parsed.spec.available) {
      body = renderHelp(`@${user} \`/lodestar ${parsed.spec.name}\` is not available in this release yet.`);
    } else {
      body = await runCommand(context, parsed.spec, user);
    }
  }
  await postComment(context.octokit, where, payload.issue.number, body);
}

/** The 👀 reaction that says the command was seen; a failure to react does not stop the command. */
async function acknowledge(context: Context<"issue_comment.created">, where: { owner: string; repo: string }, commentId: number): Promise<void> {
  try {
    await context.octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...where, comment_id: commentId, content: "eyes" });
  } catch (error) {
    context.log.warn({ event: context.name, id: context.id, status: (error as { status?: number }).status }, "could not add the 👀 reaction");
  }
}

/** The commands that answer inside the webhook (quick, no model, no runner). */
async function runCommand(context: Context<"issue_comment.created">, spec: CommandSpec, user: string): Promise<string> {
  switch (spec.name) {
    case "config": {
      const read = await readRepoConfig(context);
      if (!read.ok) return `@${user} ${read.conclusion === "failure" ? "❌" : "⚠️"} **${read.title}**\n\n${read.summary}`;
      const head = read.absent
        ? `@${user} There is no \`${CONFIG_PATH}\` on the default branch: the defaults apply.`
        : `@${user} ✅ \`${CONFIG_PATH}\` on the default branch is valid.`;
      const warnings = read.warnings.map((w) => `- ⚠️ ${w}`);
      return [head, "", describeConfig(read.config), ...(warnings.length ? ["", ...warnings] : []), "", "Only the default branch's file counts: a branch cannot switch scans off or raise budgets."].join("\n");
    }
    default:
      return renderHelp(`@${user} \`/lodestar ${spec.name}\` is not available in this release yet.`);
  }
}
