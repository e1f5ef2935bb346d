/**
 * Acting once (FAULTS 6 and 7), through the app with real example payloads: a redelivered
 * delivery does nothing the second time unless the first attempt failed, and a push and a
 * pull request's synchronize for the same head commit give one check run.
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { createTestProbot, exampleEvent, githubApi, mockInstallationToken } from "../harness/index.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

const pushEvent = () =>
  exampleEvent("push", {
    pick: (p) => !p.deleted && /^[0-9a-f]{40}$/.test(p.after) && !/^0+$/.test(p.after),
    patch: (p) => void (p.ref = "refs/heads/main"),
  });

/** A synchronize of a pull request whose head is `sha` (the example's own head otherwise). */
const synchronizeEvent = (sha?: string) =>
  exampleEvent("pull_request", {
    action: "synchronize",
    patch: (p) => {
      if (sha) p.pull_request.head.sha = sha;
    },
  });

/**
 * The config read (absent), the commit's tree and its changed files (none: the example push
 * makes a new branch, compared with the default branch; a pull request lists its files) for
 * `owner/repo@sha`; then the check run, answered with `status`.
 */
function mockCheck(scope: ReturnType<typeof githubApi>, repoPath: string, sha: string, status = 201, changes: string = `compare/master...${sha}`) {
  const sent: unknown[] = [];
  scope
    .get(`${repoPath}/contents/.github%2Flodestar.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${repoPath.split("/")[2]}/.github/contents/.github%2Flodestar.yml`)
    .reply(404, { message: "Not Found" })
    .get(`${repoPath}/git/trees/${sha}`)
    .query({ recursive: "1" })
    .reply(200, { sha, truncated: false, tree: [{ path: "README.md", mode: "100644", type: "blob", sha: "c", size: 40 }] });
  // The example pull request changes one file: here one removed, so there is nothing to read.
  const removed = { sha: "c", filename: "OLD.md", status: "removed", additions: 0, deletions: 1, changes: 1, blob_url: "", raw_url: "", contents_url: "" };
  if (changes.startsWith("pulls/")) scope.get(`${repoPath}/${changes}`).query({ per_page: "100", page: "1" }).reply(200, [removed]);
  else scope.get(`${repoPath}/${changes}`).reply(200, { status: "identical", files: [] });
  scope
    .post(`${repoPath}/check-runs`, (body) => (sent.push(body), true))
    .reply(status, status < 300 ? { id: 7 } : { message: "Server Error" });
  return sent;
}

describe("acting once", () => {
  it("handles a redelivered push once", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const sent = mockCheck(mockInstallationToken(githubApi()), `/repos/${owner!.login}/${name}`, event.payload.after);
    await probot.receive(event);
    // The same X-GitHub-Delivery again: no request at all (the nock guard fails on any).
    await probot.receive(event);
    expect(sent).toHaveLength(1);
  });

  it("handles a redelivery again when the first attempt failed", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repoPath = `/repos/${owner!.login}/${name}`;
    const failed = mockCheck(mockInstallationToken(githubApi()), repoPath, event.payload.after, 500);
    await expect(probot.receive(event)).rejects.toThrow();
    expect(failed).toHaveLength(1);
    const retried = mockCheck(githubApi(), repoPath, event.payload.after);
    await probot.receive(event);
    expect(retried).toHaveLength(1);
  });

  it("gives a push and a pull request synchronize for the same head commit one check run", async () => {
    const push = pushEvent();
    const { owner, name } = push.payload.repository;
    const sent = mockCheck(mockInstallationToken(githubApi()), `/repos/${owner!.login}/${name}`, push.payload.after);
    await probot.receive(push);
    await probot.receive(synchronizeEvent(push.payload.after));
    expect(sent).toHaveLength(1);
  });

  it("checks a pull request's head commit when nothing checked it yet", async () => {
    const event = synchronizeEvent();
    const { repository, pull_request } = event.payload;
    const sent = mockCheck(mockInstallationToken(githubApi()), `/repos/${repository.owner.login}/${repository.name}`, pull_request.head.sha, 201, `pulls/${pull_request.number}/files`);
    await probot.receive(event);
    expect(sent).toEqual([expect.objectContaining({ name: "Lodestar", head_sha: pull_request.head.sha, status: "completed", conclusion: "success" })]);
  });
});
