import type { IncomingMessage, ServerResponse } from "node:http";
import { ProbotOctokit, run, type ApplicationFunction, type Server } from "probot";
import { VERSION } from "../version.js";
import { createLodestarApp } from "./index.js";
import { assertSafeWebhookSecret } from "./secret-guard.js";
import { WorkQueue } from "./work-queue.js";
import { DeliveryJournal } from "./delivery-journal.js";
import { openState } from "../state/index.js";

/** `GET /healthz` for container health checks; `pending` is the work accepted and not finished. */
export function healthzHandler(queue?: WorkQueue) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/healthz") return false;
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "ok", version: VERSION, ...(queue ? { pending: queue.pending, failed: queue.failed } : {}) }));
    return true;
  };
}

/** `GET /healthz` without a queue. */
export const healthz = healthzHandler();

/**
 * GitHub's secondary limits are per installation token, and octokit's throttling spaces writes
 * one a second per throttle id. Probot builds an event's octokit without an id, so every
 * installation would share one queue of writes: one busy repository would slow all others.
 * This gives each installation its own.
 */
export function withInstallationThrottle<O extends { auth?: unknown; throttle?: { enabled?: boolean; id?: string } }>(options: O): O {
  const installationId = (options.auth as { installationId?: unknown } | undefined)?.installationId;
  if ((typeof installationId !== "number" && typeof installationId !== "string") || options.throttle?.enabled === false) return options;
  return { ...options, throttle: { ...options.throttle, id: `installation-${installationId}` } };
}

/** Probot's octokit, with writes throttled per installation. */
export const PerInstallationOctokit = ProbotOctokit.defaults((options: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => withInstallationThrottle(options as never));

/** How long a SIGTERM waits for accepted work before the process exits. */
const DRAIN_MS = 30_000;

/**
 * Starts the webhook server through Probot's own `run`, so Probot's behaviour holds:
 * the manifest setup flow when APP_ID is not set yet, smee when WEBHOOK_PROXY_URL is set,
 * GHE_HOST/GHE_PROTOCOL for GitHub Enterprise (and for tests pointing at a fake).
 * Deliveries are answered once verified and parsed; their work runs in a queue, which a
 * SIGTERM (a container stopping) lets finish, up to 30 s, before the process exits. Handled
 * deliveries are kept in the state file, so a redelivery after a restart acts once too.
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  assertSafeWebhookSecret(env);
  let log: { error(o: object, m: string): void; warn(m: string): void } | undefined;
  // Eight installations worked on at once, one delivery each: answering stays quick under a burst.
  const queue = new WorkQueue(8, (error) => log?.error({ err: error }, "background work failed"));
  // Handled deliveries survive a restart in the state file ($LODESTAR_STATE_DIR).
  const state = await openState({ env });
  const journal = new DeliveryJournal(state, (error) => log?.error({ err: error }, "could not record handled deliveries in the state file"));
  const app = createLodestarApp({ queue, journal });
  const withRoutes: ApplicationFunction = async (probotApp, options) => {
    log = probotApp.log;
    for (const warning of state.warnings) probotApp.log.warn(warning);
    await app(probotApp, options);
    options.addHandler(healthzHandler(queue));
  };
  const server = await run(withRoutes, { env, Octokit: PerInstallationOctokit });
  process.once("SIGTERM", () => {
    void (async () => {
      await server.stop().catch(() => undefined);
      await Promise.race([queue.onIdle(), new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
      await journal.flush();
      process.exit(0);
    })();
  });
  return server;
}
