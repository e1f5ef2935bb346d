/**
 * End to end (issue 5): the real server, started as `lodestar serve` in its own process, with
 * GHE_HOST/GHE_PROTOCOL pointing at a stateful fake GitHub. Signed real payloads go over HTTP —
 * installation, push, pull_request, issues, and issue_comment with every command by an admin
 * and by a read-only user — and the test asserts what the fake received, all of it valid
 * against GitHub's OpenAPI description. Then every delivery is replayed, same delivery ids: no
 * new issue, pull request or comment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sign } from "@octokit/webhooks-methods";
import { COMMANDS } from "../../src/app/commands.js";
import { parseJobPayload } from "../../src/job-payload.js";
import { examplePayload, TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "../harness/index.js";
import { BIN, tempDir } from "../helpers/cli.js";
import { freePort, serverIdle } from "../helpers/net.js";
import { startFakeGitHub, type FakeGitHub } from "../fakes/fake-github.js";

const OWNER = "Codertocat";
const NAME = "Hello-World";
const REPO = `${OWNER}/${NAME}`;

let github: FakeGitHub;
let server: ChildProcess;
let base: string;
let cleanup: () => Promise<void>;
let stderr = "";
let stateDir: string;

/** `lodestar serve` in its own process, its state in `stateDir`; resolves once /healthz answers. */
async function startServer(): Promise<void> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH,
      APP_ID: String(TEST_APP_ID),
      PRIVATE_KEY: TEST_PRIVATE_KEY,
      WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      LODESTAR_STATE_DIR: stateDir,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  server.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const until = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (up) return;
    if (Date.now() > until || server.exitCode !== null) throw new Error(`lodestar serve did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every delivery sent, to replay them. */
const sent: { event: string; id: string; body: string }[] = [];

async function deliver(event: string, payload: unknown, id: string = randomUUID()): Promise<number> {
  const body = JSON.stringify(payload);
  sent.push({ event, id, body });
  return send(event, id, body);
}

async function send(event: string, id: string, body: string): Promise<number> {
  const response = await fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": await sign(TEST_WEBHOOK_SECRET, body) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  github = await startFakeGitHub({
    permissions: { "admin-user": "admin", reader: "read", maint: "maintain" },
    files: { "README.md": "# Hello\n", "src/index.js": "console.log('hi');\n" },
    defaultBranch: "main",
  });
  ({ dir: stateDir, cleanup } = await tempDir("lodestar-e2e-"));
  await startServer();
}, 30_000);

afterAll(async () => {
  server?.kill("SIGKILL");
  await github?.close();
  await cleanup?.();
});

const comment = (body: string, login: string, issueNumber: number, pullRequest = false) =>
  examplePayload("issue_comment", "created", {
    patch: (p) => {
      p.comment.body = body;
      p.comment.id = Math.floor(Math.random() * 1e9);
      p.comment.user!.type = "User";
      p.comment.user!.login = login;
      p.sender.type = "User";
      p.sender.login = login;
      p.issue.number = issueNumber;
      if (pullRequest) (p.issue as { pull_request?: object }).pull_request = { url: `https://api.github.com/repos/${REPO}/pulls/${issueNumber}` };
      else delete (p.issue as { pull_request?: object }).pull_request;
    },
  });

const commentsOn = (issue: number) => github.state.comments(REPO).filter((c) => String(c.issue_url ?? "").endsWith(`/issues/${issue}`));

describe("lodestar serve against a fake GitHub", () => {
  it("acts on installation, push, pull_request, issues and every command, with only valid requests", async () => {
    // Installation: the onboarding issue.
    expect(await deliver("installation", examplePayload("installation", "created", { patch: (p) => void (p.repositories = [{ id: 1, node_id: "R_1", name: NAME, full_name: REPO, private: false }]) }))).toBe(200);
    await serverIdle(base);
    const onboarding = github.state.issues(REPO).find((i) => String(i.body).includes("<!-- lodestar:onboarding -->"));
    expect(onboarding).toBeDefined();

    // A push to the default branch and a pull request: one check run each, on their head commits.
    const pushSha = "1".repeat(40);
    const prSha = "2".repeat(40);
    const push = examplePayload("push", undefined, {
      pick: (p) => !p.deleted,
      patch: (p) => {
        p.ref = "refs/heads/main";
        p.before = "0".repeat(40);
        p.after = pushSha;
        p.repository.default_branch = "main";
      },
    });
    expect(await deliver("push", push)).toBe(200);
    const pr = examplePayload("pull_request", "opened", { patch: (p) => void ((p.pull_request.head.sha = prSha), (p.number = 7), (p.pull_request.number = 7)) });
    expect(await deliver("pull_request", pr)).toBe(200);
    await serverIdle(base);
    const checks = github.state.checkRuns(REPO);
    expect(checks.map((c) => c.head_sha).sort()).toEqual([pushSha, prSha]);
    for (const check of checks) expect(check).toMatchObject({ name: "Lodestar", status: "completed" });

    // Every command by an admin, in an issue (review in the pull request).
    const issueNumber = 1;
    const commands = COMMANDS.map((c) => c.name);
    const args: Record<string, string> = { scan: " src", tests: " src", refactor: " src", ask: " Where is the entry point?" };
    for (const name of commands) {
      const onPr = name === "review";
      expect(await deliver("issue_comment", comment(`/lodestar ${name}${args[name] ?? ""}`, "admin-user", onPr ? 7 : issueNumber, onPr))).toBe(200);
      await serverIdle(base);
    }
    // …and by a read-only user.
    for (const name of commands) {
      const onPr = name === "review";
      expect(await deliver("issue_comment", comment(`/lodestar ${name}${args[name] ?? ""}`, "reader", onPr ? 7 : issueNumber, onPr))).toBe(200);
      await serverIdle(base);
    }

    const answers = [...commentsOn(issueNumber), ...commentsOn(7)].map((c) => String(c.body));
    // One answer per command per user (pause creates the summary issue; its answer is still here).
    expect(answers).toHaveLength(commands.length * 2);
    expect(github.state.reactions(REPO).filter((r) => r.content === "eyes")).toHaveLength(commands.length * 2);
    // The read-only user gets the help, and a refusal for everything else.
    const refusals = answers.filter((a) => a.startsWith("@reader") && a.includes("needs the"));
    expect(refusals).toHaveLength(commands.length - 1);
    // The admin's runner commands went to the runner as jobs it accepts, each with its status comment.
    const dispatched = github.state.dispatches(REPO).map((d) => parseJobPayload(d.client_payload));
    expect(dispatched.map((j) => j.command!.name).sort()).toEqual(["ask", "fix", "refactor", "scan", "summary", "tests", "usage"]);
    for (const job of dispatched) {
      expect(job).toMatchObject({ kind: "command", trusted: true, requestedBy: "admin-user" });
      expect(answers.some((a) => a.includes("⏳ **Queued**") && a.includes(`/lodestar ${job.command!.name}`))).toBe(true);
    }
    // pause then resume went through the summary issue.
    const summary = github.state.issues(REPO).find((i) => String(i.body).includes("<!-- lodestar:summary -->"));
    expect(summary).toBeDefined();
    expect(String(summary!.body)).not.toContain("lodestar:paused");

    // A `lodestar` label on an issue by the admin asks for a fix: a status comment and a fix job.
    const labelled = examplePayload("issues", "labeled", {
      patch: (p) => {
        (p as { label?: { name: string } }).label = { name: "lodestar" } as never;
        p.issue.number = 3;
        p.issue.body = "It crashes";
        p.issue.user!.type = "User";
        p.sender.type = "User";
        p.sender.login = "admin-user";
      },
    });
    expect(await deliver("issues", labelled)).toBe(200);
    await serverIdle(base);
    expect(commentsOn(3).map((c) => String(c.body))).toEqual([expect.stringContaining("`/lodestar fix` — asked by @admin-user")]);
    expect(github.state.dispatches(REPO).map((d) => parseJobPayload(d.client_payload)).at(-1)).toMatchObject({ modules: ["fix"], command: { name: "fix", issue: 3 } });

    // Nothing the app sent broke GitHub's description or the bot's rules, nobody was @-mentioned
    // but the people who asked, and nothing the fake does not know was asked.
    expect(github.violations).toEqual([]);
    expect(github.unhandled).toEqual([]);
    expect(new Set(github.state.mentions(REPO).map((m) => m.login))).toEqual(new Set(["admin-user", "reader"]));
    expect(server.exitCode).toBeNull();
  }, 120_000);

  it("creates no new issue, pull request or comment when every delivery is replayed, even after a restart", async () => {
    expect(sent).toHaveLength(4 + COMMANDS.length * 2);
    const before = github.state.counts();
    const requestsBefore = github.requests.length;
    for (const delivery of [...sent]) expect(await send(delivery.event, delivery.id, delivery.body)).toBe(200);
    await serverIdle(base);
    expect(github.state.counts()).toEqual(before);
    // Not even a read: a redelivery is recognised before any work.
    expect(github.requests.length).toBe(requestsBefore);

    // A container stop (SIGTERM) and a new process on the same state folder: still once.
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
    await startServer();
    for (const delivery of [...sent]) expect(await send(delivery.event, delivery.id, delivery.body)).toBe(200);
    await serverIdle(base);
    expect(github.state.counts()).toEqual(before);
    expect(github.requests.length).toBe(requestsBefore);
  }, 60_000);
});
