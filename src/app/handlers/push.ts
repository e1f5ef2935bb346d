import type { Context } from "probot";
import { validateConfig, CONFIG_PATH } from "../../config/index.js";
import { runCycle } from "../../cycle/index.js";
import { createJob } from "../../job.js";
import { analyzeListing, listTreeFiles } from "../../analysis/index.js";
import { checkRunPublisher, publishFailedCheck } from "../../publish/index.js";

/** Modules cheap enough to run inside the webhook's time: no model, no repo code. */
export const QUICK_MODULES = ["facts"];

const ZERO_SHA = /^0+$/;

/**
 * What went wrong reading the config. The config plugin wraps a YAML error with its cause (line
 * and problem); an HTTP error (403, 5xx, rate limit) means we could not read it, which is not
 * the user's config being wrong: that check ends neutral, never green.
 */
export function describeConfigError(error: unknown): { conclusion: "failure" | "neutral"; title: string; summary: string } {
  const err = error as { message?: string; status?: number; cause?: { message?: string } };
  if (typeof err?.status === "number") {
    return {
      conclusion: "neutral",
      title: "Could not read the Lodestar config",
      summary: `Lodestar did not run: reading ${CONFIG_PATH} failed with HTTP ${err.status}. It will try again on the next push.`,
    };
  }
  const message = (err?.message ?? String(error)).replace(/^\[@probot\/octokit-plugin-config\] /, "");
  const cause = err?.cause?.message?.split("\n")[0];
  return {
    conclusion: "failure",
    title: "Invalid Lodestar config",
    summary: `Lodestar did not run because its config on the default branch is invalid:\n\n\`\`\`\n${CONFIG_PATH}: ${message}${cause ? `\n${cause}` : ""}\n\`\`\``,
  };
}

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

  let raw: unknown;
  try {
    raw = await context.config(CONFIG_PATH.replace(/^\.github\//, ""));
  } catch (error) {
    const { conclusion, title, summary } = describeConfigError(error);
    await publishFailedCheck(context.octokit, where, payload.after, title, summary, conclusion);
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
    analyze: async () => analyzeListing(await listTreeFiles(context.octokit, where, payload.after)),
    publishers: [checkRunPublisher(context.octokit, where, payload.after)],
    decisionSinks: [(record) => context.log.info({ decision: record }, `${record.stage}: ${record.decision}`)],
  });
}
