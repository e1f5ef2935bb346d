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
