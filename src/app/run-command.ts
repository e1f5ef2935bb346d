/**
 * Carrying out a parsed `/lodestar` command: the permission check at command time, the
 * commands answered inside the webhook, and the hand-off of heavy ones to the runner with a
 * status comment that the runner then edits.
 */
import type { Context } from "probot";
import { CONFIG_PATH, type LodestarConfig } from "../config/index.js";
import type { RepoCoordinates } from "../github/client.js";
import type { RunnerCommand } from "../job-payload.js";
import { postComment } from "../publish/index.js";
import { createStatusComment, updateStatusComment } from "../publish/github/status-comment.js";
import { renderHelp, type CommandSpec } from "./commands.js";
import { dispatchJob } from "../publish/github/dispatch.js";
import { checkCommandPermission } from "./permissions.js";
import { describeConfig, readRepoConfig } from "./repo-config.js";
import { pauseScheduledWork, reviewPullRequest, statusReport } from "./webhook-commands.js";

/** What the app needs from Probot's context to run a command. */
export type CommandContext = Pick<Context, "octokit" | "config" | "log" | "id">;

export interface CommandRequest {
  where: RepoCoordinates;
  user: string;
  spec: CommandSpec;
  args: string;
  /** The issue or pull request the command was given in. */
  issue: number;
  isPullRequest: boolean;
  defaultBranch?: string;
  deliveryId: string;
}

/** The module a runner command needs switched on, if any. */
const MODULE_OF: Partial<Record<RunnerCommand, keyof LodestarConfig["modules"]>> = { scan: "security", tests: "tests", refactor: "refactor", fix: "fix" };

/**
 * Runs one command for `request.user`: `help` for anyone; anything else only after the role
 * check (a failed check refuses), and only where it makes sense (review on a pull request,
 * fix on an issue). Every outcome is one comment.
 */
export async function startCommand(context: CommandContext, request: CommandRequest): Promise<void> {
  const { where, user, spec } = request;
  const reply = (body: string) => postComment(context.octokit, where, request.issue, body);
  if (spec.name === "help") {
    await reply(renderHelp());
    return;
  }
  const permission = await checkCommandPermission(context.octokit, where, user, spec);
  if (!permission.allowed) {
    context.log.info({ id: context.id, user, command: spec.name, role: permission.role }, "command refused");
    await reply(`@${user} ${permission.reason}.`);
    return;
  }
  if (spec.on === "pull_request" && !request.isPullRequest) {
    await reply(`@${user} \`/lodestar ${spec.name}\` works in a pull request's comments.`);
    return;
  }
  if (spec.on === "issue" && request.isPullRequest) {
    await reply(`@${user} \`/lodestar ${spec.name}\` works in an issue's comments: it proposes a pull request for the issue.`);
    return;
  }
  if (!spec.available) {
    await reply(renderHelp(`@${user} \`/lodestar ${spec.name}\` is not available in this release yet.`));
    return;
  }
  if (spec.runner === "runner") {
    await sendToRunner(context, request);
    return;
  }
  await reply(await answerInWebhook(context, request));
}

/** The commands answered inside the webhook: quick, no model, no runner. */
async function answerInWebhook(context: CommandContext, request: CommandRequest): Promise<string> {
  const { user, spec } = request;
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
    case "status":
      return `@${user} ${await statusReport(context, request.where)}`;
    case "pause":
    case "resume":
      return `@${user} ${await pauseScheduledWork(context, request.where, spec.name === "pause" ? user : null)}`;
    case "review":
      return `@${user} ${await reviewPullRequest(context, request.where, request.issue)}`;
    default:
      return renderHelp(`@${user} \`/lodestar ${spec.name}\` is not available in this release yet.`);
  }
}

/**
 * Heavy work goes to the repository's runner. The config is read first (default branch only):
 * an invalid config or a switched-off module is answered at once instead of failing later on
 * the runner. The status comment is written before the dispatch so the runner can edit it;
 * a dispatch that fails turns it into the reason.
 */
async function sendToRunner(context: CommandContext, request: CommandRequest): Promise<void> {
  const { where, user, spec, args } = request;
  const name = spec.name as RunnerCommand;
  const read = await readRepoConfig(context);
  if (!read.ok) {
    await postComment(context.octokit, where, request.issue, `@${user} ${read.conclusion === "failure" ? "❌" : "⚠️"} **${read.title}**\n\n${read.summary}`);
    return;
  }
  const module = MODULE_OF[name];
  if (module && !read.config.modules[module].enabled) {
    await postComment(context.octokit, where, request.issue, `@${user} The ${module} module is switched off in \`${CONFIG_PATH}\` (\`modules.${module}.enabled: false\`), so \`/lodestar ${name}\` has nothing to run.`);
    return;
  }
  const shown = `${name}${args ? ` ${args}` : ""}`;
  const comment = await createStatusComment(context.octokit, where, request.issue, { phase: "queued", command: shown, requestedBy: user });
  try {
    await dispatchJob(context.octokit, where, {
      kind: "command",
      // Commands run on the default branch's code (the workflow checks it out): trusted.
      trusted: true,
      requestedBy: user,
      deliveryId: request.deliveryId,
      ...(module ? { modules: [module] } : {}),
      command: { name, args, issue: request.issue, comment, pullRequest: request.isPullRequest },
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    context.log.warn({ id: context.id, status, command: name }, "repository_dispatch failed");
    await updateStatusComment(context.octokit, where, comment, {
      phase: "failed",
      command: shown,
      requestedBy: user,
      detail: `The job could not be sent to the runner (${status ? `HTTP ${status}` : (error as Error).message}). Nothing ran; try again later.`,
    });
  }
}
