/**
 * The onboarding issue: once per repository, when the app is installed on it. It explains the
 * workflow file Lodestar needs (it never writes workflow files itself), the config and the
 * commands. Found again by a hidden marker among the `lodestar`-labelled issues, open or
 * closed, so a redelivered or repeated installation event never opens a second one, and one a
 * user closed stays closed.
 */
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";
import { fitText, GITHUB_LIMITS } from "../limits.js";

export const ONBOARDING_MARKER = "<!-- lodestar:onboarding -->";
export const LODESTAR_LABEL = "lodestar";

/** The workflow a repository adds so heavy work reaches its self-hosted runner (the README shows the same). */
export const WORKFLOW_YAML = `name: Lodestar
on:
  schedule:
    - cron: "0 3 * * *"          # nightly; keep in step with \`schedule.cron\` in .github/lodestar.yml
  repository_dispatch:
    types: [lodestar]            # jobs sent by the app (/lodestar commands)
  workflow_dispatch:             # run it by hand
permissions:
  contents: read
jobs:
  lodestar:
    runs-on: [self-hosted, lodestar]
    timeout-minutes: 120
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: lodestar-app/lodestar/action@v0
        with:
          ollama-host: \${{ vars.OLLAMA_HOST }}
          app-id: \${{ vars.LODESTAR_APP_ID }}
          private-key: \${{ secrets.LODESTAR_PRIVATE_KEY }}
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
          openai-api-key: \${{ secrets.OPENAI_API_KEY }}
`;

export function onboardingBody(commandsHelp: string): string {
  return [
    ONBOARDING_MARKER,
    "Lodestar is installed on this repository. From now on every push and pull request gets a `Lodestar` check run within seconds, and `/lodestar` commands work in comments.",
    "",
    "### 1. Let heavy work reach your runner",
    "",
    "The nightly cycle, tests, refactors and fixes run on a self-hosted runner labelled `lodestar` that can reach your Ollama host. Add this as `.github/workflows/lodestar.yml` (Lodestar never writes workflow files itself):",
    "",
    "```yaml",
    WORKFLOW_YAML.trimEnd(),
    "```",
    "",
    "Set the repository variables `OLLAMA_HOST` and `LODESTAR_APP_ID` and the secret `LODESTAR_PRIVATE_KEY`; the cloud keys are optional (without them everything stays local).",
    "",
    "### 2. Configure, if the defaults do not suit you",
    "",
    "Every key of `.github/lodestar.yml` is optional and read from the default branch only: modules, budgets (daily, monthly, per cycle), escalation thresholds, models, paths never sent to a cloud model, pull request limits. `/lodestar config` checks the file and shows what is in effect.",
    "",
    commandsHelp,
    "",
    "Lodestar only ever opens review-only pull requests: it never merges and never touches `.github/workflows`. Close this issue whenever you like; it will not be opened again.",
  ].join("\n");
}

/**
 * Opens the onboarding issue unless one exists (open or closed). Returns the issue number
 * opened, or null when there already was one.
 */
export async function ensureOnboardingIssue(github: GitHubClient, where: RepoCoordinates, body: string): Promise<number | null> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await github.request("GET /repos/{owner}/{repo}/issues", { ...where, labels: LODESTAR_LABEL, state: "all", per_page: 100, page });
    const issues = data as { body?: string | null; pull_request?: unknown }[];
    if (issues.some((i) => !i.pull_request && i.body?.includes(ONBOARDING_MARKER))) return null;
    if (issues.length < 100) break;
  }
  const { data } = await github.request("POST /repos/{owner}/{repo}/issues", {
    ...where,
    title: "Welcome to Lodestar: one workflow file to add",
    body: fitText(body, GITHUB_LIMITS.issueBody),
    labels: [LODESTAR_LABEL],
  });
  return (data as { number: number }).number;
}
