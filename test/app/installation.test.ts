/**
 * The onboarding issue (issue 5: `installation` created → once per repo), through the app with
 * the real example payloads: opened with the workflow file, the config and the commands; not
 * opened again when one exists, open or closed; a repository with issues off is skipped.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Probot } from "probot";
import lodestarApp from "../../src/app/index.js";
import { ONBOARDING_MARKER, WORKFLOW_YAML } from "../../src/publish/github/onboarding.js";
import { createTestProbot, exampleEvent, githubApi, mockInstallationToken } from "../harness/index.js";
import { ROOT } from "../helpers/cli.js";

let probot: Probot;
beforeEach(async () => {
  probot = createTestProbot();
  await probot.load(lodestarApp);
});

const listQuery = { labels: "lodestar", state: "all", per_page: "100", page: "1" };

describe("installation", () => {
  it("opens the onboarding issue once per repository, with the workflow file, the config and the commands", async () => {
    const event = exampleEvent("installation", { action: "created" });
    const [repo] = event.payload.repositories!;
    let opened: any;
    mockInstallationToken(githubApi())
      .get(`/repos/${repo!.full_name}/issues`)
      .query(listQuery)
      .reply(200, [])
      .post(`/repos/${repo!.full_name}/issues`, (body) => ((opened = body), true))
      .reply(201, { number: 1 });
    await probot.receive(event);
    expect(opened.labels).toEqual(["lodestar"]);
    expect(opened.title).toBe("Welcome to Lodestar: one workflow file to add");
    expect(opened.body.startsWith(ONBOARDING_MARKER)).toBe(true);
    expect(opened.body).toContain("```yaml\n" + WORKFLOW_YAML.trimEnd() + "\n```");
    expect(opened.body).toContain("`/lodestar config`");
    expect(opened.body).toContain("### Lodestar commands");
  });

  it("does not open a second one when one exists, even closed", async () => {
    const event = exampleEvent("installation_repositories", { action: "added" });
    const [repo] = event.payload.repositories_added;
    mockInstallationToken(githubApi())
      .get(`/repos/${repo!.full_name}/issues`)
      .query(listQuery)
      .reply(200, [{ number: 9, state: "closed", body: `${ONBOARDING_MARKER}\nWelcome…` }]);
    await probot.receive(event);
  });

  it("skips a repository whose issues are switched off", async () => {
    const event = exampleEvent("installation_repositories", { action: "added" });
    const [repo] = event.payload.repositories_added;
    const scope = mockInstallationToken(githubApi())
      .get(`/repos/${repo!.full_name}/issues`)
      .query(listQuery)
      .reply(410, { message: "Issues are disabled for this repo" });
    await probot.receive(event);
    expect(scope.isDone()).toBe(true);
  });

  it("shows the same workflow file as the README", async () => {
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("```yaml\n" + WORKFLOW_YAML + "```");
  });
});
