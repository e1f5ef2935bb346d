import type { Context } from "probot";
import { runCycle } from "../../cycle/index.js";
import { createJob } from "../../job.js";
import { analyzeListing, listTreeFiles } from "../../analysis/index.js";
import { checkRunPublisher, publishFailedCheck } from "../../publish/index.js";
import { OnceGuard } from "../once.js";
import { readRepoConfig } from "../repo-config.js";

/** Modules cheap enough to run inside the webhook's time: no model, no repo code. */
export const QUICK_MODULES = ["facts"];

const ZERO_SHA = /^0+$/;

/** What a quick check needs to know, from a push or a pull request. */
export interface QuickCheck {
  kind: "push" | "pull_request";
  owner: string;
  repo: string;
  defaultBranch: string | undefined;
  sha: string;
  requestedBy: string;
}

/**
 * A completed check run on `sha` from a quick, model-free cycle over the commit's file listing
 * (through the API: nothing of the commit is run). The config comes from the default branch
 * only (Probot's `context.config`); an invalid config gives a failed check run that quotes
 * the problem, and nothing else runs. Once per commit and repository (FAULTS 7).
 */
export async function quickCheck(context: Context<"push" | "pull_request">, check: QuickCheck, commits: OnceGuard): Promise<void> {
  const where = { owner: check.owner, repo: check.repo };
  const ran = await commits.run(`${check.owner}/${check.repo}@${check.sha}`, async () => {
    const config = await readRepoConfig(context);
    if (!config.ok) {
      await publishFailedCheck(context.octokit, where, check.sha, config.title, config.summary, config.conclusion);
      return;
    }
    const job = createJob({
      kind: check.kind,
      repo: { owner: check.owner, name: check.repo, ...(check.defaultBranch ? { defaultBranch: check.defaultBranch } : {}) },
      ref: check.sha,
      requestedBy: { login: check.requestedBy, via: "webhook" },
      config: config.config,
      deliveryId: context.id,
      modules: QUICK_MODULES,
      trusted: true,
    });
    await runCycle(job, {
      analyze: async () => analyzeListing(await listTreeFiles(context.octokit, where, check.sha)),
      publishers: [checkRunPublisher(context.octokit, where, check.sha)],
      decisionSinks: [(record) => context.log.info({ decision: record }, `${record.stage}: ${record.decision}`)],
    });
  });
  if (!ran) context.log.info({ event: context.name, id: context.id, sha: check.sha }, "commit already checked: no second check run");
}

/**
 * A branch push gets a quick check of its head commit. `commits` remembers the commits this
 * app instance checked (shared with the pull request handler).
 */
export async function onPush(context: Context<"push">, commits: OnceGuard = new OnceGuard()): Promise<void> {
  const { payload } = context;
  if (!payload.repository?.owner || typeof payload.after !== "string") {
    context.log.info({ event: context.name, id: context.id }, "push without repository or head: ignored");
    return;
  }
  // Tags point at commits a branch push already checked; deletions have nothing to check.
  if (payload.deleted || ZERO_SHA.test(payload.after) || !payload.ref?.startsWith("refs/heads/")) return;
  await quickCheck(context, {
    kind: "push",
    owner: payload.repository.owner.login ?? payload.repository.owner.name ?? "",
    repo: payload.repository.name,
    defaultBranch: payload.repository.default_branch,
    sha: payload.after,
    requestedBy: payload.sender?.login ?? "unknown",
  }, commits);
}
