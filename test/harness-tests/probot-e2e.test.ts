/**
 * The harness end to end with a real Probot app: real example payload in, installation token
 * exchange + API calls out through nock, contract-checked in afterEach.
 */
import { describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import { githubApi, mockInstallationToken } from "../harness/github.js";
import { exampleEvent } from "../harness/payloads.js";
import { createTestProbot } from "../harness/probot.js";
import { recordedRequests } from "../harness/recorder.js";

function app(probot: Probot): void {
  probot.on("pull_request.opened", async (context) => {
    await context.octokit.rest.checks.create(
      context.repo({ name: "lodestar", head_sha: context.payload.pull_request.head.sha, status: "in_progress" as const }),
    );
  });
}

describe("Probot app through the harness", () => {
  it("authenticates as the installation and creates a check run", async () => {
    const probot = createTestProbot();
    await probot.load(app);
    const event = exampleEvent("pull_request.opened");
    const { owner, name } = { owner: event.payload.repository.owner.login, name: event.payload.repository.name };

    const api = githubApi();
    mockInstallationToken(api);
    api
      .post(`/repos/${owner}/${name}/check-runs`, (body: { head_sha?: string }) => body.head_sha === event.payload.pull_request.head.sha)
      .matchHeader("authorization", "token ghs_test")
      .reply(201, { id: 1 });

    await probot.receive(event);

    expect(recordedRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /app/installations/12345/access_tokens",
      `POST /repos/${owner}/${name}/check-runs`,
    ]);
  });

  it("GHE: same app against https://ghe.example.com/api/v3", async () => {
    const baseUrl = "https://ghe.example.com/api/v3";
    const probot = createTestProbot({ baseUrl });
    await probot.load(app);
    const event = exampleEvent("pull_request.opened");
    const api = githubApi({ baseUrl });
    mockInstallationToken(api);
    api.post(/\/repos\/[^/]+\/[^/]+\/check-runs$/).reply(201, { id: 1 });
    await probot.receive(event);
    expect(recordedRequests().map((r) => r.path)).toEqual([
      "/api/v3/app/installations/12345/access_tokens",
      `/api/v3/repos/${event.payload.repository.full_name}/check-runs`,
    ]);
  });
});
