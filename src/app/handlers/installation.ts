import type { Context } from "probot";
import { ensureOnboardingIssue, onboardingBody } from "../../publish/github/onboarding.js";
import { renderHelp } from "../commands.js";

/** Repositories handled per event: the onboarding issues are written one after the other, within GitHub's content-creation limits. */
export const MAX_ONBOARDED_PER_EVENT = 50;

/**
 * The app installed (or given more repositories): each repository gets the onboarding issue
 * once. A repository with issues switched off (410) or one the app cannot write to is
 * skipped with a log line; the others still get theirs.
 */
export async function onInstallation(context: Context<"installation.created" | "installation_repositories.added">): Promise<void> {
  const { payload } = context;
  const repositories = "repositories_added" in payload ? payload.repositories_added : payload.repositories;
  if (!Array.isArray(repositories)) {
    context.log.info({ event: context.name, id: context.id }, "installation event without repositories: nothing to onboard");
    return;
  }
  const body = onboardingBody(renderHelp());
  for (const repository of repositories.slice(0, MAX_ONBOARDED_PER_EVENT)) {
    const [owner, repo] = repository.full_name.split("/");
    if (!owner || !repo) continue;
    try {
      const opened = await ensureOnboardingIssue(context.octokit, { owner, repo }, body);
      context.log.info({ repo: repository.full_name, issue: opened }, opened === null ? "onboarding issue already there" : "onboarding issue opened");
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === undefined || status >= 500) throw error;
      context.log.warn({ repo: repository.full_name, status }, "onboarding issue not opened");
    }
  }
  if (repositories.length > MAX_ONBOARDED_PER_EVENT) {
    context.log.warn({ id: context.id, repositories: repositories.length }, `only the first ${MAX_ONBOARDED_PER_EVENT} repositories were onboarded`);
  }
}
