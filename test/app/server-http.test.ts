import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sign } from "@octokit/webhooks-methods";
import type { Server } from "probot";
import { serve } from "../../src/app/serve.js";
import { freePort, serverIdle } from "../helpers/net.js";
import { tempDir } from "../helpers/cli.js";
import { examplePayload, githubApi, mockCommentReaction, mockInstallationToken, TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../harness/index.js";

let server: Server;
let base: string;
let cleanup: () => Promise<void>;
let stateDir: string;

beforeAll(async () => {
  ({ dir: stateDir, cleanup } = await tempDir("lodestar-serve-"));
  const port = await freePort();
  // The same path `lodestar serve` and `npm start` take: Probot's run() with our app.
  server = await serve({
    APP_ID: String(TEST_APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "fatal",
    NODE_ENV: "production",
    LODESTAR_STATE_DIR: stateDir,
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server.stop();
  await cleanup();
});

async function deliver(event: string, payload: unknown, signature?: string) {
  const body = JSON.stringify(payload);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": signature ?? (await sign(TEST_WEBHOOK_SECRET, body)),
    },
    body,
  });
}

describe("the webhook server over HTTP", () => {
  it("answers a signed `/lodestar help` comment with exactly one comment listing the commands", async () => {
    const payload = examplePayload("issue_comment", "created", {
      patch: (p) => {
        p.comment.body = "Could you help?\n/lodestar help";
        p.comment.user!.type = "User";
        p.sender.type = "User";
      },
    });
    const posted: { body: string }[] = [];
    const scope = mockCommentReaction(mockInstallationToken(githubApi()), payload.repository, payload.comment.id)
      .post(`/repos/${payload.repository.owner.login}/${payload.repository.name}/issues/${payload.issue.number}/comments`, (body) => {
        posted.push(body as { body: string });
        return true;
      })
      .reply(201, { id: 1 });
    const response = await deliver("issue_comment", payload);
    expect(response.status).toBe(200);
    // The answer comes once the delivery is verified; the GitHub work follows it.
    await serverIdle(base);
    expect(scope.isDone()).toBe(true);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toContain("### Lodestar commands");
    expect(posted[0]!.body).toContain("`/lodestar help`");
    expect(posted[0]!.body).toContain("`/lodestar scan [path]`");
  });

  it("refuses a wrong, missing or sha1-only signature with 4xx and runs no handler", async () => {
    const payload = examplePayload("issue_comment", "created", { patch: (p) => void (p.comment.body = "/lodestar help") });
    const wrong = await deliver("issue_comment", payload, await sign("another secret", JSON.stringify(payload)));
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    const sha1 = await fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": "d1", "x-hub-signature": "sha1=0000" },
      body: JSON.stringify(payload),
    });
    expect(sha1.status).toBeGreaterThanOrEqual(400);
    expect(sha1.status).toBeLessThan(500);
    // No GitHub mock exists: had a handler run, its request would fail the test (unmatched request).
  });

  it("serves /healthz", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", version: expect.any(String), pending: 0, failed: 0 });
  });
});

describe("GitHub Enterprise (GHE_HOST, GHE_PROTOCOL)", () => {
  it("sends every API request to the enterprise host's /api/v3", async () => {
    const port = await freePort();
    const ghe = await serve({
      APP_ID: String(TEST_APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      GHE_HOST: "ghe.example.com",
      GHE_PROTOCOL: "https",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "fatal",
      LODESTAR_STATE_DIR: stateDir,
    });
    try {
      const payload = examplePayload("issue_comment", "created", {
        patch: (p) => {
          p.comment.body = "/lodestar help";
          p.comment.user!.type = "User";
          p.sender.type = "User";
        },
      });
      const scope = mockCommentReaction(mockInstallationToken(githubApi({ baseUrl: "https://ghe.example.com/api/v3" })), payload.repository, payload.comment.id)
        .post(`/repos/${payload.repository.owner.login}/${payload.repository.name}/issues/${payload.issue.number}/comments`)
        .reply(201, { id: 1 });
      const body = JSON.stringify(payload);
      const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": crypto.randomUUID(), "x-hub-signature-256": await sign(TEST_WEBHOOK_SECRET, body) },
        body,
      });
      expect(response.status).toBe(200);
      await serverIdle(`http://127.0.0.1:${port}`);
      expect(scope.isDone()).toBe(true);
    } finally {
      await ghe.stop();
    }
  });
});
