import type { Context } from "probot";
import type { OnceGuard } from "../once.js";
import { quickCheck } from "./push.js";

/**
 * A pull request opened, synchronized or reopened gets the quick check of its head commit in
 * the base repository, fork or not: the check lists files through the API and runs nothing of
 * the pull request. The same commit pushed to a branch of this repository is checked once.
 */
export async function onPullRequest(context: Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">, commits: OnceGuard): Promise<void> {
  const { payload } = context;
  const head = payload.pull_request?.head?.sha;
  if (!payload.repository?.owner || typeof head !== "string" || !/^[0-9a-f]{40}$/.test(head)) {
    context.log.info({ event: context.name, id: context.id }, "pull_request without repository or head commit: ignored");
    return;
  }
  await quickCheck(context, {
    kind: "pull_request",
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    defaultBranch: payload.repository.default_branch,
    sha: head,
    requestedBy: payload.sender?.login ?? "unknown",
  }, commits);
}
