import { createServer } from "node:net";

/** A loopback port that was free a moment ago (Probot's run() takes PORT, and 0 means 3000 there). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/**
 * Waits until a `lodestar serve` server has finished the work it accepted: it answers a
 * delivery before its GitHub work, and reports the work still pending at `/healthz`.
 */
export async function serverIdle(base: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${base}/healthz`)).json()) as { pending?: number };
    if (health.pending === 0) return;
    if (Date.now() > until) throw new Error(`the server still had ${health.pending} deliveries pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
