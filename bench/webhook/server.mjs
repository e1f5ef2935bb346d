// One webhook server for the bench, in its own process so its memory is its own.
// argv[2]: "lodestar" (Lodestar's serve(), the production path) or "bare" (a bare Probot app
// that subscribes to the same event and does nothing). Prints "ready <port>", and on
// "stats" from stdin prints its peak RSS.
import { createInterface } from "node:readline";

const kind = process.argv[2];
const env = { ...process.env, LOG_LEVEL: "fatal", HOST: "127.0.0.1" };
let server;
if (kind === "lodestar") {
  const { serve } = await import("../../dist/app/serve.js");
  server = await serve(env);
} else {
  const { run } = await import("probot");
  server = await run((app) => app.on("issue_comment.created", async () => {}), { env });
}
console.log(`ready ${server.port}`);
createInterface({ input: process.stdin }).on("line", async (line) => {
  if (line === "stats") console.log(`stats ${process.resourceUsage().maxRSS * 1024}`);
  if (line === "stop") {
    await server.stop();
    process.exit(0);
  }
});
