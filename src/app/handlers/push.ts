import type { Context } from "probot";
import { runCycle } from "../../cycle/index.js";
import { createJob } from "../../job.js";
import { analyzeListing, listTreeFiles } from "../../analysis/index.js";
import { checkRunPublisher, publishFailedCheck } from "../../publish/index.js";
import { readRepoConfig } from "../repo-config.js";


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
  // Tags point at commits a branch push already checked; deletions have nothing to check.
  if (payload.deleted || ZERO_SHA.test(payload.after) || !payload.ref?.startsWith("refs/heads/")) return;
  const where = { owner: payload.repository.owner.login ?? payload.repository.owner.name ?? "", repo: payload.repository.name };

  const config = await readRepoConfig(context);
  if (!config.ok) {
    await publishFailedCheck(context.octokit, where, payload.after, config.title, config.summary, config.conclusion);
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
    analyze: async () => analyzeListing(await listTreeFiles(context.octokit, where, payload.after)),
    publishers: [checkRunPublisher(context.octokit, where, payload.after)],
    decisionSinks: [(record) => context.log.info({ decision: record }, `${record.stage}: ${record.decision}`)],
  });
}
