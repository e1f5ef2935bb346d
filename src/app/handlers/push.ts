import type { Context } from "probot";
import { runCycle } from "../../cycle/index.js";
import { createJob } from "../../job.js";
import { analyzeListing, listTreeFiles } from "../../analysis/index.js";
import { fetchChangedContents, listChangedFiles, type ChangeSource } from "../../github/changed-files.js";
import { enabledModuleNames, factsModule, type LodestarModule } from "../../modules/index.js";
import { changedFilesSecurityModule } from "../../modules/security/changed-files.js";
import { checkRunPublisher, publishFailedCheck } from "../../publish/index.js";
import { OnceGuard } from "../once.js";
import { readRepoConfig } from "../repo-config.js";

/**
 * Modules cheap enough to run inside the webhook's time: no model, no repo code. The security
 * module here is its quick form: secrets and code patterns on the changed lines only.
 */
export const QUICK_MODULES = ["facts", "security"];

const ZERO_SHA = /^0+$/;

/** What a quick check needs to know, from a push or a pull request. */
export interface QuickCheck {
  kind: "push" | "pull_request";
  owner: string;
  repo: string;
  defaultBranch: string | undefined;
  sha: string;
  requestedBy: string;
  /** Where the changed files come from: the push's compare, or the pull request's files. */
  changes: ChangeSource;
}

/**
 * A completed check run on `sha` from a quick, model-free cycle: repository facts from the
 * commit's file listing, and secrets and code patterns on the lines the change added, in the
 * changed files' contents. Everything is read through the API; nothing of the commit is run.
 * The config comes from the default branch only (Probot's `context.config`); an invalid config
 * gives a failed check run that quotes the problem, and nothing else runs. Once per commit and
 * repository (FAULTS 7).
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
    const scanChanges = enabledModuleNames(config.config, QUICK_MODULES).includes("security");
    // The listing and the list of changed files in parallel; the listing's sizes then spare
    // downloading files over the caps. Listing the changes never throws: a failure is a reason.
    const changed = scanChanges ? listChangedFiles(context.octokit, where, check.changes) : null;
    const listing = await listTreeFiles(context.octokit, where, check.sha);
    const modules: LodestarModule[] = [factsModule];
    if (changed) {
      const sizes = new Map(listing.files.map((f) => [f.path, f.size]));
      modules.push(changedFilesSecurityModule(await fetchChangedContents(context.octokit, where, await changed, { sizes })));
    }
    await runCycle(job, {
      analyze: async () => analyzeListing(listing),
      modules,
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
    changes: {
      kind: "push",
      before: typeof payload.before === "string" ? payload.before : "",
      after: payload.after,
      ref: payload.ref,
      defaultBranch: payload.repository.default_branch,
    },
  }, commits);
}
