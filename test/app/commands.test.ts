/**
 * `/lodestar` commands through the app with real payloads (issue 5): the grammar and its
 * refusals (FAULTS 12), the hand-off of heavy commands to the runner (status comment, then
 * repository_dispatch with a job the runner accepts), status, pause/resume, review on a pull
 * request, and the issues events that start jobs (a `lodestar` label, a ticked summary box).
 */
import { beforeEach, describe, expect, it } from "@jest/globals";
import type nock from "nock";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { parseCommand, pathArgumentProblem } from "../../src/app/commands.js";
import { parseJobPayload } from "../../src/job-payload.js";
import { renderSummaryIssue, SUMMARY_MARKER, withPause } from "../../src/publish/github/summary-issue.js";
import { usageMarker } from "../../src/publish/github/usage-marker.js";
import { githubToken } from "../modules/security/secrets/tokens.js";
import { createTestProbot, exampleEvent, githubApi, mockCommentReaction, mockInstallationToken } from "../harness/index.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

const comment = (body: string, login = "octocat", onPullRequest = false) =>
  exampleEvent("issue_comment", {
    action: "created",
    patch: (p) => {
      p.comment.body = body;
      p.comment.user!.type = "User";
      p.sender.type = "User";
      p.sender.login = login;
      if (onPullRequest) (p.issue as { pull_request?: object }).pull_request = { url: "https://api.github.com/repos/x/y/pulls/1" };
      else delete (p.issue as { pull_request?: object }).pull_request;
    },
  });
type CommentEvent = ReturnType<typeof comment>;

const repoPath = (event: CommentEvent) => `/repos/${event.payload.repository.owner.login}/${event.payload.repository.name}`;
const role = (name: string) => ({ permission: name === "maintain" ? "write" : name, role_name: name, user: null });

/** The token, the 👀 reaction and the permission answer: what every checked command starts with. */
function start(event: CommentEvent, roleName?: string): nock.Scope {
  const scope = mockCommentReaction(mockInstallationToken(githubApi()), event.payload.repository, event.payload.comment.id);
  if (roleName) scope.get(`${repoPath(event)}/collaborators/${event.payload.sender.login}/permission`).reply(200, role(roleName));
  return scope;
}

/** The config read from the default branch: absent here and in the org's `.github`, or a file. */
function config(scope: nock.Scope, event: CommentEvent, yaml?: string): nock.Scope {
  const { owner } = event.payload.repository;
  if (yaml === undefined) {
    return scope
      .get(`${repoPath(event)}/contents/.github%2Flodestar.yml`)
      .reply(404, { message: "Not Found" })
      .get(`/repos/${owner.login}/.github/contents/.github%2Flodestar.yml`)
      .reply(404, { message: "Not Found" });
  }
  return scope.get(`${repoPath(event)}/contents/.github%2Flodestar.yml`).reply(200, yaml);
}

/** Captures the one comment the command answers with. */
function answer(scope: nock.Scope, event: CommentEvent, id = 900): { body?: string } {
  const sent: { body?: string } = {};
  scope.post(`${repoPath(event)}/issues/${event.payload.issue.number}/comments`, (b) => ((sent.body = (b as { body: string }).body), true)).reply(201, { id });
  return sent;
}

describe("the command grammar", () => {
  it.each([
    ["/lodestar scan --model gpt-5", "cannot set options"],
    ["/lodestar tests budget=100", "cannot set options"],
    ["/lodestar scan ../../etc/passwd", "leaves the repository"],
    ["/lodestar scan /etc/passwd", "relative to the repository's root"],
    ["/lodestar scan ~/.ssh", "relative to the repository's root"],
    ["/lodestar refactor https://evil.example/x", "not a URL"],
    ["/lodestar scan src lib", "at most one path"],
    ["/lodestar scan .git/config", "inside .git"],
    ["/lodestar scan src/$(id)", "characters Lodestar does not accept"],
    ["/lodestar status now", "takes no arguments"],
    ["/lodestar ask", "needs a question"],
    [`/lodestar ask ${"why ".repeat(200)}`, "longer than 500"],
  ])("refuses %j with the reason", (body, reason) => {
    const parsed = parseCommand(body);
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" && parsed.reason).toContain(reason);
  });

  it("accepts a repository path and a question, normalised", () => {
    expect(parseCommand("/lodestar scan ./src/app/")).toMatchObject({ kind: "command", args: "src/app" });
    expect(parseCommand("/lodestar tests packages/@scope/lib")).toMatchObject({ kind: "command", args: "packages/@scope/lib" });
    expect(parseCommand("Please:\n/lodestar ask Where is the config loaded?")).toMatchObject({ kind: "command", args: "Where is the config loaded?" });
    expect(pathArgumentProblem("src/index.ts")).toBeNull();
  });

  it("answers a bad argument with one comment: the reason and the help, before any permission check", async () => {
    const event = comment("/lodestar scan ../secrets");
    const scope = start(event);
    const sent = answer(scope, event);
    await probot.receive(event);
    expect(sent.body).toMatch(/^@octocat `\/lodestar scan` the path leaves the repository\./);
    expect(sent.body).toContain("### Lodestar commands");
  });
});

describe("commands sent to the runner", () => {
  it("writes a queued status comment, then dispatches a job the runner accepts", async () => {
    const event = comment("/lodestar scan src", "admin-user");
    const scope = config(start(event, "admin"), event);
    const status = answer(scope, event, 4242);
    let dispatched: any;
    scope.post(`${repoPath(event)}/dispatches`, (b) => ((dispatched = b), true)).reply(204);
    await probot.receive(event);

    expect(status.body).toContain("`/lodestar scan src` — asked by @admin-user");
    expect(status.body).toContain("⏳ **Queued**");
    expect(dispatched.event_type).toBe("lodestar");
    expect(Object.keys(dispatched.client_payload).length).toBeLessThanOrEqual(10);
    const job = parseJobPayload(dispatched.client_payload);
    expect(job).toMatchObject({
      kind: "command",
      trusted: true,
      requestedBy: "admin-user",
      deliveryId: event.id,
      modules: ["security"],
      command: { name: "scan", args: "src", issue: event.payload.issue.number, comment: 4242, pullRequest: false },
    });
  });

  it("sends a question with `ask`", async () => {
    const event = comment("/lodestar ask How are budgets enforced?", "writer");
    const scope = config(start(event, "write"), event);
    answer(scope, event, 77);
    let dispatched: any;
    scope.post(`${repoPath(event)}/dispatches`, (b) => ((dispatched = b), true)).reply(204);
    await probot.receive(event);
    expect(parseJobPayload(dispatched.client_payload).command).toEqual({ name: "ask", args: "How are budgets enforced?", issue: event.payload.issue.number, comment: 77, pullRequest: false });
  });

  it("turns the status comment into the reason when the dispatch fails", async () => {
    const event = comment("/lodestar usage", "admin-user");
    const scope = config(start(event, "admin"), event);
    answer(scope, event, 55);
    let edited: any;
    scope
      .post(`${repoPath(event)}/dispatches`)
      .reply(422, { message: "Validation Failed" })
      .patch(`${repoPath(event)}/issues/comments/55`, (b) => ((edited = b), true))
      .reply(200, { id: 55 });
    await probot.receive(event);
    expect(edited.body).toContain("❌ **Failed**.");
    expect(edited.body).toContain("could not be sent to the runner (HTTP 422). Nothing ran");
  });

  it("refuses a read-only user before any config read or dispatch (FAULTS 10)", async () => {
    const event = comment("/lodestar ask what is this?", "reader");
    const sent = answer(start(event, "read"), event);
    await probot.receive(event);
    expect(sent.body).toBe("@reader `/lodestar ask` needs the write role on this repository; you have the read role.");
  });

  it("says so when the command's module is switched off, and dispatches nothing", async () => {
    const event = comment("/lodestar scan", "admin-user");
    const sent = answer(config(start(event, "admin"), event, "modules:\n  security:\n    enabled: false\n"), event);
    await probot.receive(event);
    expect(sent.body).toContain("The security module is switched off");
  });
});

describe("commands answered in the webhook", () => {
  const summaryIssue = (body: string, number = 31) => ({ number, state: "open", body, user: { login: "lodestar[bot]", type: "Bot" }, labels: [{ name: "lodestar" }] });

  it("`status`: budget and spend, pause, the runner's queue and last runs", async () => {
    const event = comment("/lodestar status", "admin-user");
    const scope = config(start(event, "admin"), event);
    const body = `${withPause(`${SUMMARY_MARKER}\nSummary`, { by: "maint", at: "2026-11-19T10:00:00.000Z" })}\n${usageMarker({ at: "2026-11-20T00:00:00.000Z", day: { usd: 0.125, tokens: 20_000 }, month: { usd: 3.5, tokens: 900_000 } })}\n`;
    scope
      .get(`${repoPath(event)}/issues`)
      .query({ state: "all", labels: "lodestar", per_page: "100", page: "1" })
      .reply(200, [summaryIssue(body)])
      .get(`${repoPath(event)}/actions/workflows/lodestar.yml/runs`)
      .query({ per_page: "30" })
      .reply(200, {
        total_count: 3,
        workflow_runs: [
          { status: "queued", conclusion: null, event: "repository_dispatch", html_url: "https://github.com/o/r/actions/runs/3", updated_at: "2026-11-20T04:00:00Z" },
          { status: "completed", conclusion: "success", event: "repository_dispatch", html_url: "https://github.com/o/r/actions/runs/2", updated_at: "2026-11-20T03:30:00Z" },
          { status: "completed", conclusion: "failure", event: "schedule", html_url: "https://github.com/o/r/actions/runs/1", updated_at: "2026-11-20T03:10:00Z" },
        ],
      });
    const sent = answer(scope, event);
    await probot.receive(event);
    expect(sent.body).toContain("| Budget | caps $1.00 a day, $20.00 a month, $0.50 a cycle; the runner last reported $0.13 (20,000 tokens) spent on 2026-11-20 and $3.50 (900,000 tokens) in that month |");
    expect(sent.body).toContain("| Scheduled work | paused since 2026-11-19 by maint |");
    expect(sent.body).toContain("| Queue | 0 running, 1 waiting |");
    expect(sent.body).toContain("| Last run | [success](https://github.com/o/r/actions/runs/2) on 2026-11-20 03:30 UTC (repository_dispatch) |");
    expect(sent.body).toContain("| Last nightly cycle | [failure](https://github.com/o/r/actions/runs/1)");
  });

  it("`status` says when there is no workflow for heavy work", async () => {
    const event = comment("/lodestar status", "admin-user");
    const scope = config(start(event, "admin"), event);
    scope
      .get(`${repoPath(event)}/issues`)
      .query(true)
      .reply(200, [])
      .get(`${repoPath(event)}/actions/workflows/lodestar.yml/runs`)
      .query(true)
      .reply(404, { message: "Not Found" });
    const sent = answer(scope, event);
    await probot.receive(event);
    expect(sent.body).toContain("no spend reported by the runner yet");
    expect(sent.body).toContain("| Scheduled work | running nightly |");
    expect(sent.body).toContain("no `.github/workflows/lodestar.yml` on the default branch");
  });

  it("`pause` records who paused in the summary issue (creating it), `resume` removes it", async () => {
    const pause = comment("/lodestar pause", "maint");
    const scope = start(pause, "maintain");
    let created: any;
    scope
      .get(`${repoPath(pause)}/issues`)
      .query(true)
      .reply(200, [])
      .post(`${repoPath(pause)}/issues`, (b) => ((created = b), true))
      .reply(201, { number: 31 });
    const paused = answer(scope, pause);
    await probot.receive(pause);
    expect(created.labels).toEqual(["lodestar"]);
    expect(created.body).toMatch(/<!-- lodestar:paused by=maint at=\S+ -->/);
    expect(paused.body).toBe("@maint Scheduled work is paused (recorded in #31). Commands still work; `/lodestar resume` restarts it.");

    const resume = comment("/lodestar resume", "maint");
    const again = githubApi();
    again.get(`${repoPath(resume)}/collaborators/maint/permission`).reply(200, role("maintain"));
    mockCommentReaction(again, resume.payload.repository, resume.payload.comment.id);
    let patched: any;
    again
      .get(`${repoPath(resume)}/issues`)
      .query(true)
      .reply(200, [summaryIssue(created.body)])
      .patch(`${repoPath(resume)}/issues/31`, (b) => ((patched = b), true))
      .reply(200, { number: 31 });
    const resumed = answer(again, resume);
    await probot.receive(resume);
    expect(patched.body).not.toContain("lodestar:paused");
    expect(resumed.body).toBe("@maint Scheduled work resumes with the next nightly run (recorded in #31).");
  });

  it("`review` on a pull request lists findings on its added lines; on an issue it says where it works", async () => {
    const event = comment("/lodestar review", "admin-user", true);
    const scope = config(start(event, "admin"), event);
    const token = githubToken();
    const text = `const ok = 1;\nconst token = "${token}";\n`;
    scope
      .get(`${repoPath(event)}/pulls/${event.payload.issue.number}/files`)
      .query(true)
      .reply(200, [{ sha: "b".repeat(40), filename: "src/config.js", status: "added", additions: 2, deletions: 0, changes: 2, patch: "@@ -0,0 +1,2 @@\n+const ok = 1;\n+const token = \"x\";" }])
      .get(`${repoPath(event)}/git/blobs/${"b".repeat(40)}`)
      .reply(200, { sha: "b".repeat(40), encoding: "base64", content: Buffer.from(text).toString("base64"), size: text.length });
    const sent = answer(scope, event);
    await probot.receive(event);
    expect(sent.body).toContain("Review of this pull request's changed lines");
    expect(sent.body).toMatch(/\| `src\/config\.js:2` \| error \|/);
    expect(sent.body).not.toContain(token);

    const onIssue = comment("/lodestar review", "admin-user");
    const plain = githubApi();
    mockCommentReaction(plain, onIssue.payload.repository, onIssue.payload.comment.id);
    plain.get(`${repoPath(onIssue)}/collaborators/admin-user/permission`).reply(200, role("admin"));
    const told = answer(plain, onIssue);
    await probot.receive(onIssue);
    expect(told.body).toBe("@admin-user `/lodestar review` works in a pull request's comments.");
  });
});

/**
 * An issues event by `writer` that becomes a runner job: the token, the role check (write), the
 * config read (absent here and in the org's `.github`), the status comment and the dispatch.
 */
function mockIssueJob(event: { payload: { repository: { owner: { login: string }; name: string }; issue: { number: number } } }, commentId: number) {
  const { owner, name } = event.payload.repository;
  const repo = `/repos/${owner.login}/${name}`;
  const sent: { comment?: { body: string }; dispatch?: { client_payload: unknown } } = {};
  mockInstallationToken(githubApi())
    .get(`${repo}/collaborators/writer/permission`)
    .reply(200, role("write"))
    .get(`${repo}/contents/.github%2Flodestar.yml`)
    .reply(404, { message: "Not Found" })
    .get(`/repos/${owner.login}/.github/contents/.github%2Flodestar.yml`)
    .reply(404, { message: "Not Found" })
    .post(`${repo}/issues/${event.payload.issue.number}/comments`, (b) => ((sent.comment = b as { body: string }), true))
    .reply(201, { id: commentId })
    .post(`${repo}/dispatches`, (b) => ((sent.dispatch = b as { client_payload: unknown }), true))
    .reply(204);
  return sent;
}

describe("issues events", () => {
  const labelled = (label: string, senderType: "User" | "Bot" = "User") =>
    exampleEvent("issues", {
      action: "labeled",
      patch: (p) => {
        (p as { label?: { name: string } }).label = { ...(p as { label?: object }).label, name: label } as { name: string };
        p.sender.type = senderType;
        p.sender.login = senderType === "Bot" ? "lodestar[bot]" : "writer";
        p.issue.body = "The parser crashes on empty input.";
        p.issue.user!.type = "User";
      },
    });

  it("a `lodestar` label by a writer asks for a fix, with the same role check as the command", async () => {
    const event = labelled("lodestar");
    const sent = mockIssueJob(event, 8);
    await probot.receive(event);
    expect(sent.comment!.body).toContain("`/lodestar fix` — asked by @writer");
    expect(parseJobPayload(sent.dispatch!.client_payload)).toMatchObject({ modules: ["fix"], command: { name: "fix", issue: event.payload.issue.number, comment: 8, pullRequest: false } });
  });

  it("a `lodestar` label by someone with triage only is refused", async () => {
    const event = labelled("lodestar");
    const repo = `/repos/${event.payload.repository.owner.login}/${event.payload.repository.name}`;
    let sent: any;
    mockInstallationToken(githubApi())
      .get(`${repo}/collaborators/writer/permission`)
      .reply(200, role("triage"))
      .post(`${repo}/issues/${event.payload.issue.number}/comments`, (b) => ((sent = b), true))
      .reply(201, { id: 1 });
    await probot.receive(event);
    expect(sent.body).toBe("@writer `/lodestar fix` needs the write role on this repository; you have the triage role.");
  });

  it("ignores other labels, and labels added by bots (Lodestar labels its own issues)", async () => {
    await probot.receive(labelled("bug"));
    await probot.receive(labelled("lodestar", "Bot"));
  });

  it("a box ticked in the summary issue starts its job; boxes ticked before, or forged, do not", async () => {
    const render = (ticked: boolean) => {
      const body = renderSummaryIssue({
        repo: "o/r",
        now: new Date("2026-11-20T03:00:00Z"),
        report: null,
        ledger: [],
        pullRequests: [],
        decisions: [{ id: "scan-src", title: "Scan src again", command: "scan", args: "src" }],
        failures: [],
      });
      return ticked ? body.replace(/- \[ \] (Scan src again)/, "- [x] $1") : body;
    };
    expect(render(true)).not.toBe(render(false));
    const event = exampleEvent("issues", {
      action: "edited",
      patch: (p) => {
        p.issue.body = render(true);
        p.issue.user!.type = "Bot";
        p.issue.user!.login = "lodestar[bot]";
        p.sender.type = "User";
        p.sender.login = "writer";
        (p as { changes: object }).changes = { body: { from: render(false) } };
      },
    });
    const sent = mockIssueJob(event, 5);
    await probot.receive(event);
    expect(sent.comment!.body).toContain("`/lodestar scan src` — asked by @writer");
    expect(parseJobPayload(sent.dispatch!.client_payload).command).toMatchObject({ name: "scan", args: "src", comment: 5 });

    // The same edit again (nothing went from unticked to ticked), and an edit by a bot: nothing.
    const unchanged = exampleEvent("issues", {
      action: "edited",
      id: "second",
      patch: (p) => {
        p.issue.body = render(true);
        p.issue.user!.type = "Bot";
        p.sender.type = "User";
        (p as { changes: object }).changes = { body: { from: render(true) } };
      },
    });
    await probot.receive(unchanged);
  });
});
