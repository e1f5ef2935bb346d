import type { ApplicationFunction, Context } from "probot";
import { onInstallation } from "./handlers/installation.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onPush } from "./handlers/push.js";
import { OnceGuard } from "./once.js";
import { assertSafeWebhookSecret } from "./secret-guard.js";

/**
 * The Lodestar GitHub App. Handlers only translate events into jobs; the work is in the core.
 * HTTP routes beyond the webhook (such as `/healthz`) are added by `serve`, so the app also
 * loads where there is no server (tests, serverless middleware).
 */
const lodestarApp: ApplicationFunction = (app) => {
  // Also checked here so `probot run` with this file cannot start with a forgeable secret.
  assertSafeWebhookSecret();
  // A redelivery (same X-GitHub-Delivery) acts once; again only if the first attempt failed.
  const deliveries = new OnceGuard();
  // Head commits checked: a push and a pull request's synchronize for one commit share a run.
  const commits = new OnceGuard();
  const once =
    <C extends { id: string }>(handler: (context: C) => Promise<void>) =>
    async (context: C) => {
      const acted = await deliveries.run(context.id, () => handler(context));
      if (!acted) (context as unknown as { log: { info(o: object, m: string): void } }).log.info({ id: context.id }, "delivery already handled: ignored");
    };
  app.on("issue_comment.created", once(onIssueComment));
  app.on("push", once((context: Context<"push">) => onPush(context, commits)));
  app.on(["installation.created", "installation_repositories.added"], once(onInstallation));
  app.on(
    ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
    once((context: Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">) => onPullRequest(context, commits)),
  );
};

export default lodestarApp;
