import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sign } from "@octokit/webhooks-methods";
import type { Server } from "probot";
import { serve } from "../../src/app/serve.js";
import { examplePayload, githubApi, mockCommentReaction, mockInstallationToken, TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../harness/index.js";
import { freePort } from "../helpers/net.js";

/** A stand-in for a smee.io channel: an SSE stream the app connects to, and a way to push events down it. */
let channel: http.Server;
let streams: http.ServerResponse[] = [];
let connected: Promise<void>;
let server: Server;

beforeAll(async () => {
  let onConnect!: () => void;
  connected = new Promise((resolve) => (onConnect = resolve));
  channel = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write("event: ready\ndata: {}\n\n");
    streams.push(res);
    onConnect();
  });
  await new Promise<void>((resolve) => channel.listen(0, "127.0.0.1", resolve));
  const channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/channel`;
  server = await serve({
    APP_ID: String(TEST_APP_ID),
    PRIVATE_KEY: TEST_PRIVATE_KEY,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    WEBHOOK_PROXY_URL: channelUrl,
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
    LOG_LEVEL: "fatal",
  });
});
afterAll(async () => {
  await server.stop();
  for (const s of streams) s.end();
  channel.closeAllConnections();
  await new Promise((resolve) => channel.close(resolve));
});

describe("WEBHOOK_PROXY_URL", () => {
  it("connects to the smee channel and handles the webhooks it relays", async () => {
    await connected;
    const payload = examplePayload("issue_comment", "created", {
      patch: (p) => {
        p.comment.body = "/lodestar help";
        p.comment.user!.type = "User";
        p.sender.type = "User";
      },
    });
    const body = JSON.stringify(payload);
    let posted = false;
    const scope = mockCommentReaction(mockInstallationToken(githubApi()), payload.repository, payload.comment.id)
      .post(`/repos/${payload.repository.owner.login}/${payload.repository.name}/issues/${payload.issue.number}/comments`)
      .reply(201, () => ((posted = true), { id: 1 }));
    const relayed = {
      body: payload,
      "x-github-event": "issue_comment",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": await sign(TEST_WEBHOOK_SECRET, body),
      timestamp: Date.now(),
    };
    for (const s of streams) s.write(`data: ${JSON.stringify(relayed)}\n\n`);
    for (let i = 0; i < 100 && !posted; i++) await new Promise((r) => setTimeout(r, 50));
    expect(posted).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});
