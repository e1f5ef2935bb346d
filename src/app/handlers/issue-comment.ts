import type { Context } from "probot";
import { postComment } from "../../publish/index.js";
import { parseCommand, renderHelp } from "../commands.js";

/** True for comments we must never act on: bots (including Lodestar itself). */
export function isBotComment(payload: Context<"issue_comment.created">["payload"]): boolean {
  return payload.comment.user?.type === "Bot" || payload.sender.type === "Bot" || /\[bot\]$/.test(payload.sender.login);
}

/**
 * `/lodestar <command>` in an issue or PR comment. `help` answers anyone; an unknown
 * command gets the help with a one-line explanation. Commands that start work arrive with
 * their capability, and with the permission check at command time.
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
  let body: string;
  if (parsed.kind === "unknown") {
    // Echo the name only when it is plainly a word: anything else could break out of the code
    // span and make the bot mention people or teams.
    const shown = /^[a-z0-9-]{1,40}$/.test(parsed.name) ? `\`${parsed.name}\`` : "That";
    body = renderHelp(`@${payload.sender.login} ${shown} is not a Lodestar command.`);
  } else if (parsed.spec.name === "help" || !parsed.spec.available) {
    body = renderHelp(
      parsed.spec.available ? undefined : `@${payload.sender.login} \`/lodestar ${parsed.spec.name}\` is not available in this release yet.`,
    );
  } else {
    return;
  }
  await postComment(context.octokit, where, payload.issue.number, body);
}
