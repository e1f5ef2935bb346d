import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { createTestProbot, exampleEvent, githubApi, mockInstallationToken } from "../harness/index.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

function pushEvent() {
  return exampleEvent("push", { pick: (p) => !p.deleted && /^[0-9a-f]{40}$/.test(p.after) && !/^0+$/.test(p.after) });
}

describe("push", () => {
  it("creates one completed check run from the cycle's result on the pushed commit", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repo = `/repos/${owner!.login}/${name}`;
    let checkRun: any;
    mockInstallationToken(githubApi())
      .get(`${repo}/contents/.github%2Flodestar.yml`)
      .reply(404, { message: "Not Found" })
      .get(`/repos/${owner!.login}/.github/contents/.github%2Flodestar.yml`)
      .reply(404, { message: "Not Found" })
      .get(`${repo}/git/trees/${event.payload.after}`)
      .query({ recursive: "1" })
      .reply(200, {
        sha: event.payload.after,
        truncated: false,
        tree: [
          { path: "src", mode: "040000", type: "tree", sha: "a" },
          { path: "src/index.ts", mode: "100644", type: "blob", sha: "b", size: 120 },
          { path: "README.md", mode: "100644", type: "blob", sha: "c", size: 40 },
          { path: "link", mode: "120000", type: "blob", sha: "d", size: 4 },
          { path: "vendor/lib", mode: "160000", type: "commit", sha: "e" },
        ],
      })
      .post(`${repo}/check-runs`, (body) => ((checkRun = body), true))
      .reply(201, { id: 42 });

    await probot.receive(event);

    expect(checkRun).toMatchObject({
      name: "Lodestar",
      head_sha: event.payload.after,
      status: "completed",
      conclusion: "success",
      output: { title: "1 finding — 1 module ran; no problems found" },
    });
    expect(checkRun.output.summary).toContain("2 files — Markdown 1, TypeScript 1; 2 entries skipped");
    expect(checkRun.output.annotations).toEqual([]);
  });

  it("gives a failed check run quoting the problem when the config is invalid, and runs nothing else", async () => {
    const event = pushEvent();
    const { owner, name } = event.payload.repository;
    const repo = `/repos/${owner!.login}/${name}`;
    let checkRun: any;
    mockInstallationToken(githubApi())
      .get(`${repo}/contents/.github%2Flodestar.yml`)
      .reply(200, "budgets:\n  daily-usd: 5000\nmodlues: {}\n")
      .post(`${repo}/check-runs`, (body) => ((checkRun = body), true))
      .reply(201, { id: 43 });

    await probot.receive(event);

    expect(checkRun).toMatchObject({ name: "Lodestar", conclusion: "failure", output: { title: "Invalid Lodestar config" } });
    expect(checkRun.output.summary).toContain(".github/lodestar.yml: budgets.daily-usd: Too big");
    expect(checkRun.output.summary).toContain(".github/lodestar.yml: modlues: unknown key");
  });

  it("ignores a branch deletion", async () => {
    const event = exampleEvent("push", {
      patch: (p) => {
        p.deleted = true;
        p.after = "0000000000000000000000000000000000000000";
      },
    });
    await probot.receive(event); // no mock: any request would fail the test
  });
});

describe("issue_comment", () => {
  const comment = (body: string, userType: "User" | "Bot" = "User", login = "octocat") =>
    exampleEvent("issue_comment", {
      action: "created",
      patch: (p) => {
        p.comment.body = body;
        p.comment.user!.type = userType;
        p.sender.type = userType;
        p.sender.login = login;
      },
    });

  it("ignores comments from bots, Lodestar included", async () => {
    await probot.receive(comment("/lodestar help", "Bot", "lodestar[bot]"));
    await probot.receive(comment("/lodestar help", "User", "renovate[bot]"));
  });

  it("ignores comments that are not commands", async () => {
    await probot.receive(comment("LGTM, but see /lodestar help in the docs"));
  });

  it.each([
    ["/lodestar frobnicate", "`frobnicate` is not a Lodestar command."],
    ["/lodestar scan src/", "`/lodestar scan` is not available in this release yet."],
    ["/LODESTAR", "### Lodestar commands"],
  ])("answers %j with the help", async (body, expected) => {
    const event = comment(body);
    const { repository, issue } = event.payload;
    let posted: any;
    mockInstallationToken(githubApi())
      .post(`/repos/${repository.owner.login}/${repository.name}/issues/${issue.number}/comments`, (b) => ((posted = b), true))
      .reply(201, { id: 2 });
    await probot.receive(event);
    expect(posted.body).toContain(expected);
    expect(posted.body).toContain("### Lodestar commands");
  });
});
