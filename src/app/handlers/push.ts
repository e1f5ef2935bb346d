import type { Context } from "probot";
import { validateConfig, CONFIG_PATH } from "../../config/index.js";
import { runCycle } from "../../cycle/index.js";
import { createJob } from "../../job.js";
import { checkRunPublisher, listTreeFiles, publishFailedCheck } from "../../publish/index.js";

/** Modules cheap enough to run inside the webhook's time: no model, no repo code. */
export const QUICK_MODULES = ["facts"];

const ZERO_SHA = /^0+$/;

/**
 * A push gets a completed check run from a quick, model-free cycle over the pushed commit.
 * The config comes from the default branch only (Probot's `context.config`); an invalid
 * config gives a failed check run that quotes the problem, and nothing else runs.
 */
export async function onPush(context: Context<"push">): Promise<void> {
  const { payload } = context;
  if (!payload.repository?.owner || typeof payload.after !== "string") {
    context.log.info({ event: context.name, id: context.id }, "push without repository or head: ignored");
    return;
  }
  if (payload.deleted || ZERO_SHA.test(payload.after)) return;
  const where = { owner: payload.repository.owner.login ?? payload.repository.owner.name ?? "", repo: payload.repository.name };

  let raw: unknown;
  try {
    raw = await context.config(CONFIG_PATH.replace(/^\.github\//, ""));
  } catch (error) {
    const problem = error instanceof Error ? error.message.split("\n")[0] : String(error);
    await publishFailedCheck(context.octokit, where, payload.after, "Invalid Lodestar config", `${CONFIG_PATH}: ${problem}`);
    return;
  }
  const config = validateConfig(raw);
  if (!config.ok) {
    await publishFailedCheck(
      context.octokit,
      where,
      payload.after,
      "Invalid Lodestar config",
      `Lodestar did not run because its config on the default branch is invalid:\n\n\`\`\`\n${config.message}\n\`\`\``,
    );
    return;
  }

  const job = createJob({
    kind: "push",
    repo: { owner: where.owner, name: where.repo, defaultBranch: payload.repository.default_branch },
    ref: payload.after,
    requestedBy: { login: payload.sender?.login ?? "unknown", via: "webhook" },
    config: config.config,
    deliveryId: context.id,
    modules: QUICK_MODULES,
    trusted: true,
  });
  await runCycle(job, {
    listFiles: () => listTreeFiles(context.octokit, where, payload.after),
    publishers: [checkRunPublisher(context.octokit, where, payload.after)],
    decisionSinks: [(record) => context.log.info({ decision: record }, `${record.stage}: ${record.decision}`)],
  });
}
