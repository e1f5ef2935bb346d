import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { createTestProbot, exampleEvent, githubApi, mockInstallationToken } from "../harness/index.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

/** A branch push (the example's own ref may be a tag, which the handler skips). */
function pushEvent() {
  return exampleEvent("push", {
    pick: (p) => !p.deleted && /^[0-9a-f]{40}$/.test(p.after) && !/^0+$/.test(p.after),
    patch: (p) => void (p.ref = "refs/heads/main"),
  });
}


/**
 * Mocks a push's requests up to the check run: the token, the config read (a status and body,
 * or 404 twice for "absent here and in the org's .github repo"), and the tree when given.
 * Returns what the check run request carried.
 */
function mockPush(event: ReturnType<typeof pushEvent>, config: [number, string | object] | "absent", tree?: object) {
  const { owner, name } = event.payload.repository;
  const repo = `/repos/${owner!.login}/${name}`;
  const sent: { checkRun?: any } = {};
  const scope = mockInstallationToken(githubApi());
  if (config === "absent") {
    scope
      .get(`${repo}/contents/.github%2Flodestar.yml`)
      .reply(404, { message: "Not Found" })
      .get(`/repos/${owner!.login}/.github/contents/.github%2Flodestar.yml`)
      .reply(404, { message: "Not Found" });
  } else {
    scope.get(`${repo}/contents/.github%2Flodestar.yml`).reply(config[0], config[1]);
  }
  if (tree) scope.get(`${repo}/git/trees/${event.payload.after}`).query({ recursive: "1" }).reply(200, tree);
  scope.post(`${repo}/check-runs`, (body) => ((sent.checkRun = body), true)).reply(201, { id: 42 });
  return sent;
}

describe("push", () => {
  it("creates one completed check run from the cycle's result on the pushed commit", async () => {
    const event = pushEvent();
    const sent = mockPush(event, "absent", {
      sha: event.payload.after,
      truncated: false,
      tree: [
        { path: "src", mode: "040000", type: "tree", sha: "a" },
        { path: "src/index.ts", mode: "100644", type: "blob", sha: "b", size: 120 },
        { path: "README.md", mode: "100644", type: "blob", sha: "c", size: 40 },
        { path: "link", mode: "120000", type: "blob", sha: "d", size: 4 },
        { path: "vendor/lib", mode: "160000", type: "commit", sha: "e" },
      ],
    });

    await probot.receive(event);

    const checkRun = sent.checkRun;
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
    const sent = mockPush(event, [200, "budgets:\n  daily-usd: 5000\nmodlues: {}\n"]);

    await probot.receive(event);
    const checkRun = sent.checkRun;

    expect(checkRun).toMatchObject({ name: "Lodestar", conclusion: "failure", output: { title: "Invalid Lodestar config" } });
    expect(checkRun.output.summary).toContain(".github/lodestar.yml: budgets.daily-usd: Too big");
    expect(checkRun.output.summary).toContain(".github/lodestar.yml: modlues: unknown key");
  });

  it("ends neutral, not green and not 'invalid', when the config cannot be read", async () => {
    const event = pushEvent();
    const sent = mockPush(event, [500, { message: "Server Error" }]);
    await probot.receive(event);
    const checkRun = sent.checkRun;
    expect(checkRun).toMatchObject({ conclusion: "neutral", output: { title: "Could not read the Lodestar config" } });
    expect(checkRun.output.summary).toContain("HTTP 500");
  });

  it("quotes the YAML parser's problem for a config that is not YAML", async () => {
    const event = pushEvent();
    const sent = mockPush(event, [200, "modules: [unclosed\n"]);
    await probot.receive(event);
    const checkRun = sent.checkRun;
    expect(checkRun).toMatchObject({ conclusion: "failure", output: { title: "Invalid Lodestar config" } });
    expect(checkRun.output.summary).toMatch(/invalid YAML\)\n.*line 2/);
  });

  it("ignores tag pushes: the branch push already checked that commit", async () => {
    await probot.receive(exampleEvent("push", { patch: (p) => void (p.ref = "refs/tags/v1.0.0") }));
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

  it("ignores a payload without a sender", async () => {
    const event = comment("/lodestar help");
    delete (event.payload as { sender?: unknown }).sender;
    await probot.receive(event);
  });

  it("never echoes a command name that could mention people", async () => {
    const event = comment("/lodestar a`@acme/admins`b");
    const { repository, issue } = event.payload;
    let posted: any;
    mockInstallationToken(githubApi())
      .post(`/repos/${repository.owner.login}/${repository.name}/issues/${issue.number}/comments`, (b) => ((posted = b), true))
      .reply(201, { id: 3 });
    await probot.receive(event);
    expect(posted.body).toContain("That is not a Lodestar command.");
    expect(posted.body).not.toContain("acme");
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
