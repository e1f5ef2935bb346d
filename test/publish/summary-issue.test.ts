/**
 * The daily summary issue (issue 5): its body (sections, Mermaid charts, the 60,000 cap,
 * findings new/fixed/open from the previous body, decision checkboxes, pause marker) and the
 * GitHub writer (create, update, unchanged, duplicates, closed by a person or a bot, pause),
 * against nock mocks checked with GitHub's OpenAPI description.
 */
import { describe, expect, it } from "@jest/globals";
import { analyzeListing } from "../../src/analysis/index.js";
import { defaultConfig } from "../../src/config/index.js";
import { runCycle, type CycleReport } from "../../src/cycle/index.js";
import { createJob } from "../../src/job.js";
import type { Finding, LodestarModule } from "../../src/modules/index.js";
import type { LedgerEntry } from "../../src/state/index.js";
import {
  readPause,
  renderSummaryIssue,
  setPaused,
  SUMMARY_MARKER,
  SUMMARY_TITLE,
  tickedDecisions,
  upsertSummaryIssue,
  withPause,
  type DecisionNeeded,
  type SummaryIssueData,
} from "../../src/publish/github/summary-issue.js";
import { examplePayload, githubApi, TestOctokit } from "../harness/index.js";

const REPO = "octo/widgets";
const where = { owner: "octo", repo: "widgets" };
const NOW = new Date("2024-05-30T04:00:00Z");
const BOT = "lodestar[bot]";

const finding = (title: string, over: Partial<Finding> = {}): Finding => ({
  module: "security",
  ruleId: "sast/eval",
  level: "warning",
  title,
  message: title,
  location: { path: `src/${title.replace(/\W+/g, "-")}.ts`, startLine: 3 },
  evidence: [],
  ...over,
});

/** A real cycle: `security` reports the findings given (or throws), `tests` fails. */
async function cycle(findings: Finding[] | Error, warnings: string[] = []): Promise<CycleReport> {
  const security: LodestarModule = {
    name: "security",
    description: "fake security",
    executesRepoCode: false,
    run: async () => {
      if (findings instanceof Error) throw findings;
      return { findings, proposals: [] };
    },
  };
  const tests: LodestarModule = { name: "tests", description: "fake tests", executesRepoCode: false, run: async () => Promise.reject(new Error("jest exited with 137")) };
  const job = createJob({
    kind: "cycle",
    repo: { owner: "octo", name: "widgets" },
    ref: null,
    requestedBy: { login: "schedule", via: "schedule" },
    config: defaultConfig(),
    deliveryId: null,
    trusted: true,
    modules: ["security", "tests"],
    id: "job-1",
  });
  return runCycle(job, {
    analyze: async () => analyzeListing({ source: "walk", files: [{ path: "src/a.ts", size: 10 }], skipped: {}, truncated: false }),
    modules: [security, tests],
    warnings,
    now: () => NOW,
  });
}

const row = (day: string, provider: string, costUsd = 0, over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  time: `2024-05-${day}T03:10:00Z`,
  repo: REPO,
  job: "job-1",
  taskKind: "fix",
  provider,
  model: provider === "ollama" ? "qwen2.5-coder" : "claude",
  inputTokens: 100,
  outputTokens: 50,
  costUsd,
  latencyMs: 900,
  outcome: "ok",
  ...over,
});

function data(over: Partial<SummaryIssueData> = {}): SummaryIssueData {
  return { repo: REPO, now: NOW, report: null, ledger: [], pullRequests: [], decisions: [], failures: [], ...over };
}

const decision: DecisionNeeded = { id: "tests-a", title: "Write tests for src/a.ts", command: "tests", args: "src/a.ts" };

describe("renderSummaryIssue", () => {
  it("renders every section, with the cost and local-share charts over the last 30 days", async () => {
    const report = await cycle([finding("eval of input", { level: "error" }), finding("new Function")], ["state file restored from the last good copy"]);
    const ledger = [
      // First half of the window: 3 of 4 answered calls went to the cloud; second half: 1 of 4.
      row("02", "anthropic", 0.5),
      row("02", "anthropic", 0.25),
      row("02", "openai", 0.25),
      row("03", "ollama"),
      row("20", "ollama"),
      row("20", "ollama"),
      row("21", "ollama"),
      row("21", "anthropic", 1),
      row("21", "anthropic", 0.4, { outcome: "error" }), // costs, but answered nothing
      row("21", "anthropic", 9, { repo: "octo/other" }), // another repository
      row("21", "anthropic", 9, { time: "2024-04-20T00:00:00Z" }), // older than 30 days
    ];
    const body = renderSummaryIssue(
      data({
        report,
        ledger,
        pullRequests: [
          { number: 12, title: "Add tests for parser", state: "open", module: "tests" },
          { number: 9, title: "Extract function", state: "merged", module: "refactor" },
        ],
        decisions: [decision],
        failures: ["pull request for refactor/x not opened: 5 open already"],
      }),
    );
    expect(body.startsWith(`${SUMMARY_MARKER}\n# Lodestar daily summary — octo/widgets`)).toBe(true);
    expect(body).toContain("Updated 2024-05-30.");
    expect(body).toContain("**2 open** (first summary, so every finding counts as new).");
    expect(body).toContain("- **error** security: eval of input — src/eval-of-input.ts:3");
    expect(body).toContain("| #12 Add tests for parser | tests | 🟢 open |");
    expect(body).toContain("| #9 Extract function | refactor | 🟣 merged |");
    expect(body).toContain("- [ ] Write tests for src/a.ts <!-- lodestar:decision:tests-a:tests:src%2Fa.ts -->");

    const cost = body.slice(body.indexOf("## Cost"), body.indexOf("## Learning"));
    expect(cost).toContain("Cloud cost $2.40; 8 model calls answered, 50 % locally and 50 % by a cloud model.");
    const charts = [...cost.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(2);
    const bars = Array(30).fill(0);
    bars[1] = 1; // 05-02
    bars[20] = 1.4; // 05-21 (the failed call's cost counts)
    expect(charts[0]).toContain("xychart-beta\n");
    expect(charts[0]).toContain('x-axis ["05-01", "05-02", "05-03"');
    expect(charts[0]).toContain(`bar [${bars.join(", ")}]`);
    expect(charts[0]).toContain('y-axis "USD" 0 --> 2');
    expect(charts[1]).toContain('x-axis ["05-02", "05-03", "05-20", "05-21"]');
    expect(charts[1]).toContain("line [0, 100, 100, 50]");

    expect(body).toMatch(/## Learning\n\nEscalation rate [^\n]*: falling, from 75 % to 25 %: the local model answers more on its own\./);

    const failed = body.slice(body.indexOf("## What failed and why"));
    expect(failed).toContain("- ❌ **tests** failed: jest exited with 137");
    expect(failed).toContain("- ⚠️ state file restored from the last good copy");
    expect(failed).toContain("- ❌ pull request for refactor/x not opened: 5 open already");

    // Deterministic: the same data renders the same body.
    expect(renderSummaryIssue(data({ report, ledger, decisions: [decision] }))).toBe(renderSummaryIssue(data({ report, ledger, decisions: [decision] })));
  });

  it("says when the escalation rate rises or stays flat, and when there are no calls", () => {
    const rising = renderSummaryIssue(data({ ledger: [row("02", "ollama"), row("02", "ollama"), row("25", "anthropic"), row("25", "ollama")] }));
    expect(rising).toMatch(/rising, from 0 % to 50 %: more tasks need a cloud model\./);
    const flat = renderSummaryIssue(data({ ledger: [row("02", "ollama"), row("02", "anthropic"), row("25", "anthropic"), row("25", "ollama")] }));
    expect(flat).toMatch(/flat at about 50 %\./);
    const none = renderSummaryIssue(data());
    expect(none).toContain("No model calls in the last 30 days.");
    expect(none).not.toContain("```mermaid");
  });

  it("tells new, fixed and still open findings apart through the previous body", async () => {
    const first = renderSummaryIssue(data({ report: await cycle([finding("A"), finding("B")]) }));
    const second = renderSummaryIssue(data({ report: await cycle([finding("B"), finding("C")]), previousBody: first }));
    expect(second).toContain("**2 open**: 1 new, 1 still open; **1 fixed** since the last summary.");
    expect(second.slice(second.indexOf("### New"), second.indexOf("### Still open"))).toContain(": C —");
    expect(second.slice(second.indexOf("### Still open"))).toContain(": B —");

    // Without a fingerprint a finding is its rule, path and title: moved to another line, it is not new.
    const moved = renderSummaryIssue(data({ report: await cycle([finding("B", { location: { path: "src/B.ts", startLine: 40 } }), finding("C")]), previousBody: second }));
    expect(moved).toContain("**2 open**: 0 new, 2 still open; **0 fixed**");
    // With one, the fingerprint alone is its identity, even when the file moved.
    const withPrint = (path: string) => finding("D", { fingerprint: "ab".repeat(32), location: { path, startLine: 1 } });
    const d1 = renderSummaryIssue(data({ report: await cycle([withPrint("src/d.ts")]) }));
    const d2 = renderSummaryIssue(data({ report: await cycle([withPrint("lib/d.ts")]), previousBody: d1 }));
    expect(d2).toContain("**1 open**: 0 new, 1 still open; **0 fixed**");

    // A module that failed says nothing about its old findings: they stay open, none is "fixed".
    const crashed = renderSummaryIssue(data({ report: await cycle(new Error("scanner crashed")), previousBody: second }));
    expect(crashed).toContain("**0 fixed**");
    expect(crashed).toContain("2 earlier findings of modules that did not finish this cycle are kept as open.");
    const after = renderSummaryIssue(data({ report: await cycle([finding("C")]), previousBody: crashed }));
    expect(after).toContain("**1 open**: 0 new, 1 still open; **1 fixed**");

    // No cycle since: the open findings are carried, not forgotten.
    const idle = renderSummaryIssue(data({ previousBody: second }));
    expect(idle).toContain("No new cycle since the last summary; 2 findings were open then.");
    const later = renderSummaryIssue(data({ report: await cycle([finding("B"), finding("C")]), previousBody: idle }));
    expect(later).toContain("0 new, 2 still open; **0 fixed**");
  });

  it("stays under 60,000 characters with huge inputs, cutting lists and never the markers", async () => {
    const long = "x".repeat(5_000);
    const findings = Array.from({ length: 3_000 }, (_, i) => finding(`finding ${i} ${long}`, { location: { path: `src/f${i}.ts`, startLine: i + 1 } }));
    const report = await cycle(findings, Array.from({ length: 500 }, (_, i) => `warning ${i} ${long}`));
    const body = renderSummaryIssue(
      data({
        report,
        paused: { by: "octocat", at: "2024-05-29T10:00:00.000Z" },
        pullRequests: Array.from({ length: 3_000 }, (_, i) => ({ number: i + 1, title: `PR ${i} ${long}`, state: "open" as const, module: "refactor" })),
        decisions: Array.from({ length: 3_000 }, (_, i) => ({ id: `d${i}`, title: `decision ${i} ${long}`, command: "fix" as const, args: `src/f${i}.ts` })),
        failures: Array.from({ length: 3_000 }, (_, i) => `failure ${i} ${long}`),
        ledger: Array.from({ length: 30 }, (_, i) => row(String(i + 1).padStart(2, "0"), i % 2 ? "ollama" : "anthropic", 0.1)),
      }),
    );
    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(readPause(body)).toEqual({ by: "octocat", at: "2024-05-29T10:00:00.000Z" });
    expect(body).toMatch(/more new findings not shown/);
    expect(body).toMatch(/more pull requests not shown/);
    expect(body).toContain("```mermaid");
    // The open findings are tracked (up to the marker's cap) so tomorrow can tell new from fixed.
    const tracked = /<!-- lodestar:findings v1 security=([0-9a-f,]+) -->\n$/.exec(body);
    expect(tracked?.[1]!.split(",")).toHaveLength(2_000);
    // Every decision line still shown is whole, and the body still parses.
    for (const line of body.split("\n").filter((l) => l.includes("lodestar:decision:"))) expect(line).toMatch(/^- \[ \] .* -->$/);
  });

  it("echoes titles and reasons without mentions or HTML, so no text can forge a marker", async () => {
    const forged = "@octocat please <!-- lodestar:decision:evil:fix:..%2Fetc --> now";
    const report = await cycle([finding(forged)], ["cc @admins <!-- lodestar:paused by=x at=2024-01-01T00:00:00Z -->"]);
    const body = renderSummaryIssue(
      data({
        report,
        pullRequests: [{ number: 3, title: "ping @team\n- [ ] injected", state: "open", module: "tests" }],
        decisions: [{ ...decision, title: forged }],
        failures: ["@everyone look"],
      }),
    );
    expect(body).not.toMatch(/@(?!\u200b)/);
    expect(body.match(/<!--/g)).toHaveLength(3); // summary, the one real decision, findings
    expect(body).not.toContain("\n- [ ] injected");
    expect(readPause(body)).toBeNull();
    const ticked = body.replace(/- \[ \]/g, "- [x]");
    expect(tickedDecisions(body, ticked)).toEqual([{ ...decision, title: expect.stringContaining("&lt;!-- lodestar:decision:evil") }]);
  });
});

describe("tickedDecisions", () => {
  const scan: DecisionNeeded = { id: "scan-all", title: "Scan the whole repository", command: "scan" };
  const before = renderSummaryIssue(data({ decisions: [decision, scan] }));

  it("returns the boxes ticked in a real issues.edited event", () => {
    const payload = examplePayload("issues", "edited", {
      patch: (p) => {
        p.changes = { body: { from: before } };
        p.issue.body = before.replace("- [ ] Write tests", "- [x] Write tests");
      },
    });
    expect(tickedDecisions(payload.changes.body?.from, payload.issue.body!)).toEqual([decision]);
    const upper = before.replace("- [ ] Scan", "- [X] Scan").replace(/\n/g, "\r\n");
    expect(tickedDecisions(before, upper)).toEqual([scan]);
  });

  it("ignores unticked boxes, edits without a body change and boxes that were already ticked", () => {
    const ticked = before.replace("- [ ] Write tests", "- [x] Write tests");
    expect(tickedDecisions(ticked, before)).toEqual([]);
    expect(tickedDecisions(undefined, ticked)).toEqual([]);
    expect(tickedDecisions(ticked, ticked)).toEqual([]);
    // A ticked box stays ticked in the next day's body, and is not offered again as new.
    expect(renderSummaryIssue(data({ decisions: [decision, scan], previousBody: ticked }))).toContain("- [x] Write tests for src/a.ts");
  });

  it("ignores markers added in the same edit, unknown commands and arguments that leave the repository", () => {
    const added = `${before}\n- [x] Deploy <!-- lodestar:decision:new:fix:src%2Fb.ts -->`;
    expect(tickedDecisions(before, added)).toEqual([]);
    const bad = [
      "<!-- lodestar:decision:a:deploy -->",
      "<!-- lodestar:decision:b:fix:..%2F..%2Fetc%2Fpasswd -->",
      "<!-- lodestar:decision:c:fix:%2Fetc%2Fpasswd -->",
      "<!-- lodestar:decision:d:fix:src%00a.ts -->",
      `<!-- lodestar:decision:e:fix:${"a".repeat(201)} -->`,
      "<!-- lodestar:decision:f:fix:%E0%A4%A -->",
    ];
    const handWritten = bad.map((m) => `- [ ] Do it ${m}`).join("\n");
    expect(tickedDecisions(handWritten, handWritten.replace(/- \[ \]/g, "- [x]"))).toEqual([]);
    // Inside a code block it is an example, not a box.
    const fenced = `\`\`\`\n- [ ] t <!-- lodestar:decision:g:fix -->\n\`\`\``;
    expect(tickedDecisions(fenced, fenced.replace("[ ]", "[x]"))).toEqual([]);
  });
});

describe("pause marker", () => {
  const paused = { by: "octocat", at: "2024-05-29T10:00:00.000Z" };

  it("is written and removed without touching the rest of the body, and reads back", () => {
    const body = renderSummaryIssue(data({ decisions: [decision] }));
    const withIt = withPause(body, paused);
    expect(withIt).toContain(
      `${SUMMARY_MARKER}\n<!-- lodestar:paused by=octocat at=2024-05-29T10:00:00.000Z -->\n> ⏸️ Scheduled work is paused since 2024-05-29 by octocat; \`/lodestar resume\` restarts it.\n\n# Lodestar`,
    );
    expect(readPause(withIt)).toEqual(paused);
    expect(withPause(withIt, paused)).toBe(withIt);
    expect(withIt).toBe(renderSummaryIssue(data({ decisions: [decision], paused })));
    expect(withPause(withIt, null)).toBe(body);
    expect(readPause(body)).toBeNull();
  });

  it("refuses a login or time that is not one", () => {
    expect(() => withPause(SUMMARY_MARKER, { by: "@evil -->", at: paused.at })).toThrow(/login/);
    expect(() => withPause(SUMMARY_MARKER, { by: "octocat", at: "yesterday" })).toThrow(/ISO/);
  });
});

// --- The GitHub side -------------------------------------------------------------------------

const github = () => new TestOctokit({ auth: "ghs_test" });
const listQuery = (page = 1) => ({ state: "all", labels: "lodestar", per_page: "100", page: String(page) });

/** A real issue object (from the example payloads) as the list endpoint returns it. */
function issue(number: number, body: string, over: { state?: "open" | "closed"; login?: string; type?: "Bot" | "User"; pr?: boolean } = {}) {
  const { issue: real } = examplePayload("issues", "opened");
  return {
    ...real,
    number,
    state: over.state ?? "open",
    body,
    title: SUMMARY_TITLE,
    user: { ...real.user, login: over.login ?? BOT, type: over.type ?? "Bot" },
    ...(over.pr ? { pull_request: { url: `https://api.github.com/repos/octo/widgets/pulls/${number}` } } : {}),
  };
}

const closer = (type: "Bot" | "User") => {
  const { issue: real } = examplePayload("issues", "opened");
  return { ...real, state: "closed", closed_by: { ...real.user, login: type === "Bot" ? "stale[bot]" : "maintainer", type } };
};

const PAUSED = { by: "octocat", at: "2024-05-29T10:00:00.000Z" };

describe("upsertSummaryIssue", () => {
  const render = (previous: { body: string } | null) => renderSummaryIssue(data({ decisions: [decision], ...(previous ? { previousBody: previous.body } : {}) }));

  it("creates the issue, labelled, when none of ours exists (another bot's or a person's does not count)", async () => {
    let sent: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [issue(1, `${SUMMARY_MARKER}\nmine`, { type: "User", login: "someone" }), issue(2, SUMMARY_MARKER, { login: "other[bot]" })])
      .post(`/repos/${REPO}/issues`, (b) => ((sent = b), true))
      .reply(201, { number: 10 });
    const result = await upsertSummaryIssue(github(), where, { render, botLogin: BOT });
    expect(result).toEqual({ action: "created", number: 10, closedDuplicates: [] });
    expect(sent).toEqual({ title: "Lodestar daily summary", labels: ["lodestar"], body: render(null) });
  });

  it("makes no request to rewrite a body that did not change", async () => {
    const body = render({ body: render(null) });
    // As github.com returns a body edited in the browser: CRLF line ends.
    githubApi().get(`/repos/${REPO}/issues`).query(listQuery()).reply(200, [issue(4, body.replace(/\n/g, "\r\n"))]);
    expect(await upsertSummaryIssue(github(), where, { render, botLogin: BOT })).toEqual({ action: "unchanged", number: 4, closedDuplicates: [] });
  });

  it("updates the body when it changed, looking past the first page", async () => {
    const others = Array.from({ length: 100 }, (_, i) => issue(200 + i, "another lodestar issue"));
    let sent: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery(1))
      .reply(200, others)
      .get(`/repos/${REPO}/issues`)
      .query(listQuery(2))
      .reply(200, [issue(4, `${SUMMARY_MARKER}\nold body`)])
      .patch(`/repos/${REPO}/issues/4`, (b) => ((sent = b), true))
      .reply(200, { number: 4 });
    expect(await upsertSummaryIssue(github(), where, { render })).toEqual({ action: "updated", number: 4, closedDuplicates: [] });
    expect(sent).toEqual({ body: render({ body: "" }) });
  });

  it("keeps the lowest-numbered open issue and closes the duplicates, which are never picked again", async () => {
    const sent: Record<string, any[]> = { comment: [], patch7: [], patch3: [] };
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [issue(7, `${SUMMARY_MARKER}\nrace`), issue(5, `${SUMMARY_MARKER}\npr`, { pr: true }), issue(3, `${SUMMARY_MARKER}\nold`), issue(2, `${SUMMARY_MARKER}\nclosed`, { state: "closed" })])
      .post(`/repos/${REPO}/issues/7/comments`, (b) => (sent.comment!.push(b), true))
      .reply(201, { id: 1 })
      .patch(`/repos/${REPO}/issues/7`, (b) => (sent.patch7!.push(b), true))
      .reply(200, { number: 7 })
      .patch(`/repos/${REPO}/issues/3`, (b) => (sent.patch3!.push(b), true))
      .reply(200, { number: 3 });
    expect(await upsertSummaryIssue(github(), where, { render, botLogin: BOT })).toEqual({ action: "updated", number: 3, closedDuplicates: [7] });
    expect(sent.comment![0].body).toContain("duplicate of #3");
    expect(sent.patch7![0]).toEqual({ state: "closed", state_reason: "not_planned", body: "<!-- lodestar:summary-duplicate -->\nrace" });
    expect(sent.patch3![0].body).toBe(render({ body: "" }));
  });

  it("leaves an issue a person closed closed, and reopens it on /lodestar summary", async () => {
    const closed = issue(4, `${SUMMARY_MARKER}\nold`, { state: "closed" });
    githubApi().get(`/repos/${REPO}/issues`).query(listQuery()).reply(200, [closed]).get(`/repos/${REPO}/issues/4`).reply(200, closer("User"));
    expect(await upsertSummaryIssue(github(), where, { render, botLogin: BOT })).toEqual({ action: "kept-closed", number: 4, closedDuplicates: [] });

    let sent: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [closed])
      .patch(`/repos/${REPO}/issues/4`, (b) => ((sent = b), true))
      .reply(200, { number: 4 });
    expect(await upsertSummaryIssue(github(), where, { render, botLogin: BOT, force: true })).toEqual({ action: "reopened", number: 4, closedDuplicates: [] });
    expect(sent).toEqual({ state: "open", state_reason: "reopened", body: render({ body: "" }) });
  });

  it("reopens an issue a bot closed", async () => {
    let sent: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [issue(4, `${SUMMARY_MARKER}\nold`, { state: "closed" })])
      .get(`/repos/${REPO}/issues/4`)
      .reply(200, closer("Bot"))
      .patch(`/repos/${REPO}/issues/4`, (b) => ((sent = b), true))
      .reply(200, { number: 4 });
    expect(await upsertSummaryIssue(github(), where, { render })).toEqual({ action: "reopened", number: 4, closedDuplicates: [] });
    expect(sent.state).toBe("open");
  });

  it("keeps the pause state through a rewrite, and hands it to the renderer", async () => {
    const previous = withPause(`${SUMMARY_MARKER}\nold body`, PAUSED);
    let seen: unknown;
    let sent: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [issue(4, previous)])
      .patch(`/repos/${REPO}/issues/4`, (b) => ((sent = b), true))
      .reply(200, { number: 4 });
    // This renderer forgets the pause: the writer puts it back.
    const result = await upsertSummaryIssue(github(), where, { render: (p) => ((seen = p), render(p)) });
    expect(result.action).toBe("updated");
    expect(seen).toEqual({ body: previous, paused: PAUSED });
    expect(readPause(sent.body)).toEqual(PAUSED);
    expect(sent.body).toBe(renderSummaryIssue(data({ decisions: [decision], previousBody: previous, paused: PAUSED })));
  });
});

describe("setPaused", () => {
  it("pauses and resumes through the summary issue, keeping the rest of the body", async () => {
    const body = renderSummaryIssue(data({ decisions: [decision] }));
    let paused: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [issue(4, body)])
      .patch(`/repos/${REPO}/issues/4`, (b) => ((paused = b), true))
      .reply(200, { number: 4 });
    expect(await setPaused(github(), where, PAUSED, BOT)).toEqual({ number: 4, changed: true });
    expect(readPause(paused.body)).toEqual(PAUSED);
    expect(paused.body).toContain("⏸️ Scheduled work is paused since 2024-05-29 by octocat; `/lodestar resume` restarts it.");
    expect(withPause(paused.body, null)).toBe(body);

    let resumed: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [issue(4, paused.body)])
      .patch(`/repos/${REPO}/issues/4`, (b) => ((resumed = b), true))
      .reply(200, { number: 4 });
    expect(await setPaused(github(), where, null, BOT)).toEqual({ number: 4, changed: true });
    expect(resumed.body).toBe(body);

    // Resuming what is not paused writes nothing.
    githubApi().get(`/repos/${REPO}/issues`).query(listQuery()).reply(200, [issue(4, body)]);
    expect(await setPaused(github(), where, null, BOT)).toEqual({ number: 4, changed: false });
  });

  it("opens the summary issue to record a pause when there is none yet", async () => {
    let sent: any;
    githubApi()
      .get(`/repos/${REPO}/issues`)
      .query(listQuery())
      .reply(200, [])
      .post(`/repos/${REPO}/issues`, (b) => ((sent = b), true))
      .reply(201, { number: 11 });
    expect(await setPaused(github(), where, PAUSED, BOT)).toEqual({ number: 11, changed: true });
    expect(sent.labels).toEqual(["lodestar"]);
    expect(sent.body.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(readPause(sent.body)).toEqual(PAUSED);
  });
});
