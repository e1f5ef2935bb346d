#!/usr/bin/env node
// One webhook server for bench/webhooks, in its own process so its memory and CPU are its own.
//   node bench/webhooks/server.mjs lodestar|bare
// "lodestar": Lodestar's real server, started as `lodestar serve` starts it (`serve()` from the
// built dist/app/serve.js). "bare": a bare Probot app with one no-op handler for every event,
// started through Probot's own `run`. Both read the same environment (APP_ID, PRIVATE_KEY,
// WEBHOOK_SECRET, PORT, HOST, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, NODE_ENV) from the runner.
// Prints `ready <port>` when listening; on `stats` from stdin prints `stats <peak RSS bytes> <CPU ms>`;
// on `stop` closes the server and exits.
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const kind = process.argv[2];
let server;
if (kind === "lodestar") {
  const { serve } = await import(pathToFileURL(path.join(here, "../../dist/app/serve.js")).href);
  server = await serve(process.env);
} else if (kind === "bare") {
  const { run } = await import("probot");
  server = await run((app) => app.onAny(async () => {}), { env: process.env });
} else {
  console.error("usage: node bench/webhooks/server.mjs lodestar|bare");
  process.exit(2);
}
console.log(`ready ${server.port}`);
createInterface({ input: process.stdin }).on("line", async (line) => {
  if (line === "stats") {
    const usage = process.resourceUsage();
    console.log(`stats ${usage.maxRSS * 1024} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
  }
  if (line === "stop") {
    await server.stop();
    process.exit(0);
  }
});
