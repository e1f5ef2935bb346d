import { readFile } from "node:fs/promises";
import path from "node:path";
import * as core from "@actions/core";
import { analyzeRepository } from "../analysis/index.js";
import { openCacheOrWarn } from "../cli/commands/analyze.js";
import { loadRepoConfig, validateConfig } from "../config/index.js";
import { runCycle } from "../cycle/index.js";
import { createJob } from "../job.js";
import { createRouter, offlineLlm } from "../llm/index.js";
import { openState } from "../state/index.js";
import { parseJobPayload } from "../job-payload.js";
import { decisionFileSink, filesPublisher, OUTPUT_FILES, renderSummary } from "../publish/index.js";

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
  const state = await openState({ env: modelEnv });
  warnings.push(...state.warnings);
  // An untrusted ref gets no model: nobody outside the repository spends its budget.
  const llm = trusted
    ? await createRouter({ env: modelEnv, config: loaded.config, state, repo: owner ? `${owner}/${name}` : name, job: job.id })
    : offlineLlm("untrusted ref: models are used only for trusted runs");
  const result = await runCycle(job, {
    analyze: () => analyzeRepository(workspace, { cache }),
    cache,
    llm,
    publishers: [filesPublisher(outDir)],
    warnings,
    decisionSinks: [decisionFileSink(outDir), (r) => core.info(`${r.stage}${r.module ? `/${r.module}` : ""}: ${r.decision} — ${r.reason}`)],
    // One collapsible log group per stage.
    onStage: (stage, phase) => (phase === "start" ? core.startGroup(`Lodestar: ${stage}`) : core.endGroup()),
  });

  core.setOutput("conclusion", result.conclusion);
  core.setOutput("findings", String(result.findings.length));
  core.setOutput("summary-path", path.join(outDir, OUTPUT_FILES.summary));
  core.setOutput("sarif-path", path.join(outDir, OUTPUT_FILES.sarif));
  await state.appendDecisions(result.decisions);
  await core.summary.addRaw(renderSummary(result), true).write();
  core.info(`${result.conclusion}: ${result.conclusionReason}`);
}
