import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { createTestProbot, exampleEvent, githubApi, mockCommentReaction, mockInstallationToken } from "../harness/index.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

/** A branch push (the example's own ref may be a tag, which the handler skips); a new branch, as in the example. */
function pushEvent() {
  return exampleEvent("push", {
    pick: (p) => !p.deleted && /^[0-9a-f]{40}$/.test(p.after) && !/^0+$/.test(p.after),
    patch: (p) => void (p.ref = "refs/heads/main"),
  });
}


/**
 * Mocks a push's requests up to the check run: the token, the config read (a status and body,
 * or 404 twice for "absent here and in the org's .github repo"), and, when the check runs, the
 * tree, the changed files (the example pushes a new branch: compared with the default branch)
 * and their blobs. Returns what the check run request carried.
 */
function mockPush(
  event: ReturnType<typeof pushEvent>,
  config: [number, string | object] | "absent",
  tree?: object,
  changed: { filename: string; sha: string; patch: string; text: string }[] = [],
) {
  const { owner, name, default_branch } = event.payload.repository;
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
  if (tree) {
    scope.get(`${repo}/git/trees/${event.payload.after}`).query({ recursive: "1" }).reply(200, tree);
    const files = changed.map((f) => ({ sha: f.sha, filename: f.filename, status: "added", additions: 1, deletions: 0, changes: 1, blob_url: "", raw_url: "", contents_url: "", patch: f.patch }));
    scope.get(`${repo}/compare/${default_branch}...${event.payload.after}`).reply(200, { status: "ahead", files });
    for (const f of changed) {
      scope.get(`${repo}/git/blobs/${f.sha}`).reply(200, { sha: f.sha, node_id: "B", size: f.text.length, url: "", content: Buffer.from(f.text).toString("base64"), encoding: "base64" });
    }
  }
  scope.post(`${repo}/check-runs`, (body) => ((sent.checkRun = body), true)).reply(201, { id: 42 });
  return sent;
}

describe("push", () => {
  it("creates one completed check run from the cycle's result on the pushed commit", async () => {
    const event = pushEvent();
    const sent = mockPush(
      event,
      "absent",
      {
        sha: event.payload.after,
        truncated: false,
        tree: [
          { path: "src", mode: "040000", type: "tree", sha: "a" },
          { path: "src/index.ts", mode: "100644", type: "blob", sha: "b", size: 120 },
          { path: "README.md", mode: "100644", type: "blob", sha: "c", size: 40 },
          { path: "link", mode: "120000", type: "blob", sha: "d", size: 4 },
          { path: "vendor/lib", mode: "160000", type: "commit", sha: "e" },
        ],
      },
      [{ filename: "src/index.ts", sha: "b", patch: "@@ -0,0 +1 @@\n+export const answer = 42;", text: "export const answer = 42;\n" }],
    );

    await probot.receive(event);

    const checkRun = sent.checkRun;
    expect(checkRun).toMatchObject({
      name: "Lodestar",
      head_sha: event.payload.after,
      status: "completed",
      conclusion: "success",
      output: { title: "2 findings — 2 modules ran; no problems found" },
    });
    expect(checkRun.output.summary).toContain("2 files — Markdown 1, TypeScript 1; 2 entries skipped");
    expect(checkRun.output.summary).toContain("1 changed file of 1 scanned for secrets and code patterns (1 line, 1 changed line)");
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

  /**
   * The token (once per test: Probot keeps it), the 👀 reaction, an optional permission answer,
   * and the one comment; returns what was posted.
   */
  function mockCommand(event: ReturnType<typeof comment>, permission?: [number, object], token = true) {
    const { repository, issue, comment: c, sender } = event.payload;
    const repo = `/repos/${repository.owner.login}/${repository.name}`;
    const sent: { body?: string; reactions: unknown[] } = { reactions: [] };
    const scope = mockCommentReaction(token ? mockInstallationToken(githubApi()) : githubApi(), repository, c.id, sent.reactions);
    if (permission) scope.get(`${repo}/collaborators/${sender.login}/permission`).reply(permission[0], permission[1]);
    scope.post(`${repo}/issues/${issue.number}/comments`, (b) => ((sent.body = (b as { body: string }).body), true)).reply(201, { id: 2 });
    return { sent, scope };
  }
  const role = (role_name: string, permission: string) => [200, { permission, role_name, user: null }] as [number, object];

  it("never echoes a command name that could mention people", async () => {
    const event = comment("/lodestar a`@acme/admins`b");
    const { sent } = mockCommand(event);
    await probot.receive(event);
    expect(sent.body).toContain("That is not a Lodestar command.");
    expect(sent.body).not.toContain("acme");
  });

  it.each([
    ["/lodestar frobnicate", "`frobnicate` is not a Lodestar command."],
    ["/LODESTAR", "### Lodestar commands"],
  ])("answers %j with the help, for anyone, with a 👀 reaction first", async (body, expected) => {
    const event = comment(body);
    const { sent } = mockCommand(event);
    await probot.receive(event);
    expect(sent.reactions).toEqual([{ content: "eyes" }]);
    expect(sent.body).toContain(expected);
    expect(sent.body).toContain("### Lodestar commands");
  });

  it("checks the commenter's role at command time: a read-only user is refused, a maintainer gets past the check", async () => {
    const reader = comment("/lodestar scan src/", "User", "reader");
    const refused = mockCommand(reader, role("read", "read"));
    await probot.receive(reader);
    expect(refused.sent.body).toBe("@reader `/lodestar scan` needs the write role on this repository; you have the read role.");

    const maintainer = comment("/lodestar review", "User", "maintainer");
    const allowed = mockCommand(maintainer, role("maintain", "write"), false);
    await probot.receive(maintainer);
    expect(allowed.sent.body).toBe("@maintainer `/lodestar review` works in a pull request's comments.");

    // pause needs maintain: a writer is refused.
    const writer = comment("/lodestar pause", "User", "writer");
    const paused = mockCommand(writer, role("write", "write"), false);
    await probot.receive(writer);
    expect(paused.sent.body).toBe("@writer `/lodestar pause` needs the maintain role on this repository; you have the write role.");
  });

  it("refuses when the permission check itself fails, or names a role it cannot rank", async () => {
    const failing = comment("/lodestar config", "User", "someone");
    const failed = mockCommand(failing, [502, { message: "Bad Gateway" }]);
    await probot.receive(failing);
    expect(failed.sent.body).toBe("@someone your permission could not be checked (HTTP 502), so the command is refused.");

    const odd = comment("/lodestar config", "User", "custom");
    const unranked = mockCommand(odd, [200, { permission: "mystery", role_name: "mystery", user: null }], false);
    await probot.receive(odd);
    expect(unranked.sent.body).toBe("@custom your permission could not be read, so the command is refused.");
  });

  it("`config` validates the default branch's file and shows the settings that count", async () => {
    const event = comment("/lodestar config", "User", "admin");
    const { repository } = event.payload;
    const { sent, scope } = mockCommand(event, role("admin", "admin"));
    scope
      .get(`/repos/${repository.owner.login}/${repository.name}/contents/.github%2Flodestar.yml`)
      .reply(200, "modules:\n  refactor:\n    enabled: false\nbudgets:\n  daily-usd: 3\nmodels:\n  local: \"@acme/admins`x\"\n");
    await probot.receive(event);
    expect(sent.body).toContain("@admin ✅ `.github/lodestar.yml` on the default branch is valid.");
    expect(sent.body).toContain("| Modules | facts, security, tests, fix on; refactor off |");
    expect(sent.body).toContain("| Budgets | $3 a day, $20 a month, $0.5 a cycle; 2,000,000 tokens a day, 40,000,000 a month |");
    // Values from the file are code spans: no mention, no broken table.
    expect(sent.body).toContain("| Models | local `@acme/admins?x` (context 32,768 tokens), cloud anthropic `claude-sonnet-5-5` |");
  });

  it("`config` quotes the problem when the file is invalid", async () => {
    const event = comment("/lodestar config", "User", "admin");
    const { repository } = event.payload;
    const { sent, scope } = mockCommand(event, role("admin", "admin"));
    scope.get(`/repos/${repository.owner.login}/${repository.name}/contents/.github%2Flodestar.yml`).reply(200, "budgets:\n  daily-usd: 5000\n");
    await probot.receive(event);
    expect(sent.body).toMatch(/^@admin ❌ \*\*Invalid Lodestar config\*\*/);
    expect(sent.body).toContain("budgets.daily-usd");
  });
});
