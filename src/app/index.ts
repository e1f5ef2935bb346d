import type { ApplicationFunction } from "probot";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onPush } from "./handlers/push.js";
import { assertSafeWebhookSecret } from "./secret-guard.js";

/**
 * The Lodestar GitHub App. Handlers only translate events into jobs; the work is in the core.
 * HTTP routes beyond the webhook (such as `/healthz`) are added by `serve`, so the app also
 * loads where there is no server (tests, serverless middleware).
 */
const lodestarApp: ApplicationFunction = (app) => {
  // Also checked here so `probot run` with this file cannot start with a forgeable secret.
  assertSafeWebhookSecret();
  app.on("issue_comment.created", onIssueComment);
  app.on("push", onPush);
};

export default lodestarApp;
