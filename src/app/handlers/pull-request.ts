import type { Context } from "probot";
import type { OnceGuard } from "../once.js";
import { quickCheck } from "./push.js";

/**
 * A pull request opened, synchronized or reopened gets the quick check of its head commit in
 * the base repository, fork or not: the check lists the commit's files and reads the pull
 * request's changed files (pulls files API, then the blobs) through the API, and runs nothing
 * of the pull request. The same commit pushed to a branch of this repository is checked once.
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
    // A fork's pull request too: its files are only read through the API and scanned as text,
    // never checked out or run (FAULTS 15), so the quick check needs no trust in its code.
    changes: {
      kind: "pull_request",
      number: payload.pull_request.number,
      changedFiles: typeof payload.pull_request.changed_files === "number" ? payload.pull_request.changed_files : undefined,
    },
  }, commits);
}
