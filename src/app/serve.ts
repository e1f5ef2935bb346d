import type { IncomingMessage, ServerResponse } from "node:http";
import { run, type ApplicationFunction, type Server } from "probot";
import { VERSION } from "../version.js";
import lodestarApp from "./index.js";
import { assertSafeWebhookSecret } from "./secret-guard.js";

/** `GET /healthz` for container health checks. */
export function healthz(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || req.url?.split("?")[0] !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", version: VERSION }));
  return true;
}

const withRoutes: ApplicationFunction = async (app, options) => {
  await lodestarApp(app, options);
  options.addHandler(healthz);
};

/**
 * Starts the webhook server through Probot's own `run`, so Probot's behaviour holds:
 * the manifest setup flow when APP_ID is not set yet, smee when WEBHOOK_PROXY_URL is set,
 * GHE_HOST/GHE_PROTOCOL for GitHub Enterprise (and for tests pointing at a fake).
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  assertSafeWebhookSecret(env);
  return run(withRoutes, { env });
}
