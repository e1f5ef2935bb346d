import type { ApplicationFunction, Context } from "probot";
import { onInstallation } from "./handlers/installation.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onIssueEdited, onIssueLabelled } from "./handlers/issues.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onPush } from "./handlers/push.js";
import { OnceGuard } from "./once.js";
import { assertSafeWebhookSecret } from "./secret-guard.js";
import type { WorkQueue } from "./work-queue.js";
import type { DeliveryJournal } from "./delivery-journal.js";

export interface LodestarAppOptions {
  /**
   * When given, a delivery is answered as soon as it is verified and parsed, and its handler's
   * work runs in this queue (the server's mode: GitHub gets its answer in milliseconds). Without
   * it, handlers run before the answer (tests and `probot run`, where the caller awaits them).
   */
  queue?: WorkQueue;
  /** Deliveries handled by earlier processes, and where to record new ones (the server's state file). */
  journal?: DeliveryJournal;
}

/**
 * The Lodestar GitHub App. Handlers only translate events into jobs; the work is in the core.
 * HTTP routes beyond the webhook (such as `/healthz`) are added by `serve`, so the app also
 * loads where there is no server (tests, serverless middleware).
 */
export function createLodestarApp(options: LodestarAppOptions = {}): ApplicationFunction {
  return (app) => {
    // Also checked here so `probot run` with this file cannot start with a forgeable secret.
    assertSafeWebhookSecret();
    // A redelivery (same X-GitHub-Delivery) acts once; again only if the first attempt failed.
    const { journal } = options;
    const deliveries = new OnceGuard(20_000, journal ? (id) => journal.record(id, "done") : undefined);
    if (journal) deliveries.remember(journal.handled());
    // Head commits checked: a push and a pull request's synchronize for one commit share a run.
    const commits = new OnceGuard();
    const { queue } = options;
    const once =
      <C extends { id: string; name: string; log: Context["log"] }>(handler: (context: C) => Promise<void>) =>
      async (context: C) => {
        const work = async () => {
          const acted = await deliveries.run(context.id, () => handler(context));
          if (!acted) context.log.info({ id: context.id }, "delivery already handled: ignored");
        };
        if (!queue) return work();
        // One installation's deliveries in order, one at a time (its writes are spaced by GitHub anyway).
        const installation = (context as unknown as { payload?: { installation?: { id?: unknown } } }).payload?.installation?.id;
        queue.add(
          () =>
            work().catch((error: unknown) => {
              context.log.error({ err: error, event: context.name, id: context.id }, "handling the delivery failed");
            }),
          installation === undefined ? undefined : String(installation),
        );
      };
    app.on("issue_comment.created", once(onIssueComment));
    app.on(["issues.opened", "issues.labeled"], once(onIssueLabelled));
    app.on("issues.edited", once(onIssueEdited));
    app.on("push", once((context: Context<"push">) => onPush(context, commits)));
    app.on(["installation.created", "installation_repositories.added"], once(onInstallation));
    app.on(
      ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"],
      once((context: Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">) => onPullRequest(context, commits)),
    );
  };
}

/** The app as Probot loads it (`probot run`, tests): handlers run before the delivery is answered. */
const lodestarApp: ApplicationFunction = createLodestarApp();

export default lodestarApp;
