import { readFile } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { analyzeRepository } from "../analysis/index.js";
import { openCacheOrWarn } from "../cli/commands/analyze.js";
import { loadRepoConfig, validateConfig } from "../config/index.js";
import { runCycle } from "../cycle/index.js";
import { createJob, type Job } from "../job.js";
import type { GitHubClient } from "../github/client.js";
import { createRouter, offlineLlm } from "../llm/index.js";
import { openState } from "../state/index.js";
import { parseJobPayload } from "../job-payload.js";
import { decisionFileSink, filesPublisher, OUTPUT_FILES, renderSummary } from "../publish/index.js";
import type { Publisher } from "../cycle/index.js";
import { runCommandJob } from "./command-job.js";
import { builtinModules, enabledModuleNames } from "../modules/index.js";
import { probeIsolation } from "../sandbox/index.js";
import { actionGitHub } from "./github.js";
import { actionPullRequests, pausedBy, publishSummaryIssue } from "./publish-github.js";

/** The Actions event, as much of it as we read. */
interface ActionEvent {
  client_payload?: unknown;
  repository?: { default_branch?: string };
  pull_request?: { head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
}

async function readEvent(env: NodeJS.ProcessEnv): Promise<ActionEvent> {
  if (!env.GITHUB_EVENT_PATH) return {};
  try {
    return JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8")) as ActionEvent;
  } catch {
    return {};
  }
}

/**
 * The job: the `job` input when given, else a repository_dispatch payload (sent by the app,
 * which sets `trusted`), else a scheduled or manual full cycle on the repository's own code.
 */
export function jobInputOrEvent(jobInput: string, event: ActionEvent, eventName: string | undefined): unknown {
  if (jobInput) {
    try {
      return JSON.parse(jobInput);
    } catch (error) {
      throw new Error(`the \`job\` input is not JSON: ${(error as Error).message}`);
    }
  }
  if (eventName === "repository_dispatch") return event.client_payload ?? {};
  // schedule / workflow_dispatch run the workflow file of the default branch on its own code.
  return eventName === "schedule" || eventName === "workflow_dispatch" ? { trusted: true } : {};
}

/**
 * A run is trusted only when its own event says so: a pull request from a fork never is,
 * whatever the payload claims (fork code is never executed on the self-hosted runner).
 */
export function isTrustedEvent(eventName: string | undefined, event: ActionEvent, payloadTrusted: boolean): boolean {
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const head = event.pull_request?.head?.repo?.full_name;
    const base = event.pull_request?.base?.repo?.full_name;
    return payloadTrusted && !!head && head === base;
  }
  return payloadTrusted;
}

/** The issue a fix is for, read through the API; without credentials there is nothing to read. */
async function readIssue(github: GitHubClient | null, where: { owner: string; repo: string }, number: number): Promise<{ number: number; title: string; body: string }> {
  if (!github) throw new Error("/lodestar fix needs GitHub credentials on the runner to read the issue");
  const { data } = await github.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...where, issue_number: number });
  const issue = data as { number: number; title?: string; body?: string | null };
  return { number: issue.number, title: issue.title ?? "", body: issue.body ?? "" };
}

/** action.yml's default for the `ollama-host` input. */
const DEFAULT_OLLAMA_INPUT = "http://127.0.0.1:11434";

/**
 * The action's work: read inputs and the job, run a cycle on the checked-out workspace,
 * write results to the output folder, the job summary and the step outputs.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const secret of ["private-key", "anthropic-api-key", "openai-api-key", "github-token"]) {
    const value = core.getInput(secret);
    if (value) core.setSecret(value);
  }
  const workspace = path.resolve(core.getInput("working-directory") || env.GITHUB_WORKSPACE || ".");
  const outDir = path.resolve(workspace, core.getInput("out") || ".lodestar/out");
  const event = await readEvent(env);
  const payload = parseJobPayload(jobInputOrEvent(core.getInput("job"), event, env.GITHUB_EVENT_NAME));
  const trusted = isTrustedEvent(env.GITHUB_EVENT_NAME, event, payload.trusted);

  // Config comes from the default branch only: a branch cannot switch scans off or raise budgets.
  const defaultBranch = event.repository?.default_branch;
  const onDefaultBranch = !!defaultBranch && env.GITHUB_REF === `refs/heads/${defaultBranch}`;
  const warnings: string[] = [];
  if (!onDefaultBranch) {
    warnings.push(`This run is on ${env.GITHUB_REF ?? "an unknown ref"}, not the default branch, so its .github/lodestar.yml was not read; the defaults apply.`);
  }
  const loaded = onDefaultBranch ? await loadRepoConfig(workspace) : validateConfig(null);
  if (!loaded.ok) throw new Error(`invalid config, nothing ran:\n${loaded.message}`);
  warnings.push(...(loaded.warnings ?? []));

  const [owner = "", name = path.basename(workspace)] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const job = createJob({
    kind: payload.kind,
    repo: { owner, name, dir: workspace },
    ref: payload.ref ?? env.GITHUB_SHA ?? null,
    requestedBy: { login: payload.requestedBy, via: "action" },
    config: loaded.config,
    deliveryId: payload.deliveryId,
    trusted,
    ...(payload.modules ? { modules: payload.modules } : {}),
    // `/lodestar tests|refactor <path>` narrows the module to that path (checked by the app's grammar and again by the payload schema).
    ...(payload.command && (payload.command.name === "tests" || payload.command.name === "refactor") && payload.command.args ? { target: payload.command.args } : {}),
  });
  core.info(`Lodestar job ${job.id}: ${job.kind} on ${owner}/${name}${trusted ? "" : " (untrusted ref: static analysis only)"}`);

  const cache = await openCacheOrWarn(workspace, env, (line) => core.warning(line));
  // Keys and the Ollama host given as inputs reach the model layer the way the environment's
  // would. The host input has a default; a runner's own OLLAMA_HOST beats that default.
  const ollamaInput = core.getInput("ollama-host");
  const ollamaHost = ollamaInput && !(env.OLLAMA_HOST && ollamaInput === DEFAULT_OLLAMA_INPUT) ? ollamaInput : env.OLLAMA_HOST;
  const modelEnv: NodeJS.ProcessEnv = {
    ...env,
    ...(ollamaHost ? { OLLAMA_HOST: ollamaHost } : {}),
    ...(core.getInput("anthropic-api-key") ? { ANTHROPIC_API_KEY: core.getInput("anthropic-api-key") } : {}),
    ...(core.getInput("openai-api-key") ? { OPENAI_API_KEY: core.getInput("openai-api-key") } : {}),
  };
  const where = { owner, repo: name };
  // GitHub is written only for trusted runs: an untrusted ref gets its files and job summary.
  const github = owner && trusted
    ? await actionGitHub(where, { appId: core.getInput("app-id"), privateKey: core.getInput("private-key"), token: core.getInput("github-token") }, env)
    : null;
  if (github) core.info(`GitHub: acting as ${github.as === "app" ? "the Lodestar app" : "the workflow's token (its pull requests do not trigger CI)"}`);
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;

  // Scheduled work stops while paused (`/lodestar pause` or `schedule.paused`); commands still run.
  if (env.GITHUB_EVENT_NAME === "schedule" && job.kind === "cycle") {
    const paused = await pausedBy(github?.client ?? null, where, loaded.config);
    if (paused) {
      const why = paused === "config" ? "`schedule.paused` is set in .github/lodestar.yml" : `paused by ${paused.by} on ${paused.at.slice(0, 10)} (\`/lodestar resume\` restarts it)`;
      core.setOutput("conclusion", "neutral");
      await core.summary.addRaw(`## Lodestar\n\nScheduled work is paused: ${why}. Nothing ran.\n`, true).write();
      core.info(`paused: ${why}`);
      return;
    }
  }

  const state = await openState({ env: modelEnv });
  warnings.push(...state.warnings);
  // Modules that run the repository's commands say plainly when this runner cannot wall them off.
  const runsRepoCode = enabledModuleNames(loaded.config, job.modules).some((m) => builtinModules.find((b) => b.name === m)?.executesRepoCode);
  if (trusted && runsRepoCode) {
    const isolation = await probeIsolation();
    if (isolation.network !== "none" || isolation.filesystem !== "protected") {
      warnings.push(
        "This runner cannot isolate the sandbox (no unprivileged user namespaces): the repository's tests run with network and can read the runner user's files. Enable user namespaces (src/sandbox/README.md) or switch the tests, refactor and fix modules off.",
      );
    }
  }
  // An untrusted ref gets no model: nobody outside the repository spends its budget.
  const llm = trusted
    ? await createRouter({ env: modelEnv, config: loaded.config, state, repo: owner ? `${owner}/${name}` : name, job: job.id })
    : offlineLlm("untrusted ref: models are used only for trusted runs");
  const cycle = (publishers: readonly Publisher[], forJob: Job = job) =>
    runCycle(forJob, {
      analyze: () => analyzeRepository(workspace, { cache }),
      cache,
      llm,
      publishers: [filesPublisher(outDir), ...publishers],
      warnings,
      decisionSinks: [decisionFileSink(outDir), (r) => core.info(`${r.stage}${r.module ? `/${r.module}` : ""}: ${r.decision} — ${r.reason}`)],
      // One collapsible log group per stage.
      onStage: (stage, phase) => (phase === "start" ? core.startGroup(`Lodestar: ${stage}`) : core.endGroup()),
    });

  if (payload.kind === "command" && payload.command) {
    const command = payload.command;
    core.info(`command: /lodestar ${command.name}${command.args ? ` ${command.args}` : ""} from ${payload.requestedBy}`);
    const outcome = await runCommandJob({
      command,
      requestedBy: payload.requestedBy,
      where,
      github: github?.client ?? null,
      ...(runUrl ? { runUrl } : {}),
      workspace,
      config: loaded.config,
      state,
      modelEnv,
      runCycle: async (withPullRequests) => {
        // A fix is about an issue: its text comes from GitHub, as data for the model.
        const forJob = command.name === "fix" ? { ...job, issue: await readIssue(github?.client ?? null, where, command.issue) } : job;
        const prs = withPullRequests && github && event.repository?.default_branch ? actionPullRequests(github.client, where, loaded.config, state, event.repository.default_branch) : null;
        return cycle(prs ? [prs.publisher] : [], forJob).then((result) => ({ result, outcomes: prs?.outcomes ?? [] }));
      },
      refreshSummary: async () => {
        if (!github) return "No GitHub credentials on the runner: the summary issue cannot be written.";
        const written = await publishSummaryIssue({ github: github.client, where, config: loaded.config, state, report: null, force: true });
        return `The summary issue${written.number ? ` #${written.number}` : ""} was ${written.action.replace("-", " ")}.`;
      },
    });
    if (outcome.cycle) await state.appendDecisions(outcome.cycle.decisions);
    core.setOutput("conclusion", outcome.cycle?.conclusion ?? (outcome.phase === "done" ? "success" : "failure"));
    await core.summary.addRaw(`## Lodestar: /lodestar ${command.name}${command.args ? ` ${command.args}` : ""}\n\n${outcome.detail}\n`, true).write();
    if (outcome.phase === "failed") throw new Error(`/lodestar ${command.name} failed: ${outcome.detail.split("\n")[0]}`);
    return;
  }

  // Review-only pull requests from the verified proposals of a trusted cycle.
  const baseBranch = event.repository?.default_branch;
  const prs = github && baseBranch && job.kind === "cycle" ? actionPullRequests(github.client, where, loaded.config, state, baseBranch) : null;
  const result = await cycle(prs ? [prs.publisher] : []);

  core.setOutput("conclusion", result.conclusion);
  core.setOutput("findings", String(result.findings.length));
  core.setOutput("summary-path", path.join(outDir, OUTPUT_FILES.summary));
  core.setOutput("sarif-path", path.join(outDir, OUTPUT_FILES.sarif));
  await state.appendDecisions(result.decisions);
  if (github && job.kind === "cycle") {
    core.startGroup("Lodestar: summary issue");
    try {
      const written = await publishSummaryIssue({ github: github.client, where, config: loaded.config, state, report: result, outcomes: prs?.outcomes ?? [] });
      core.info(`summary issue${written.number ? ` #${written.number}` : ""}: ${written.action}`);
    } catch (error) {
      core.warning(`the summary issue could not be written: ${(error as Error).message}`);
    } finally {
      core.endGroup();
    }
  }
  await core.summary.addRaw(renderSummary(result), true).write();
  core.info(`${result.conclusion}: ${result.conclusionReason}`);
}
