import { access, constants, mkdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadRepoConfig } from "../../config/index.js";
import { configSchema } from "../../config/schema.js";
import { runCycle, type DecisionRecord } from "../../cycle/index.js";
import { analyzeRepository } from "../../analysis/index.js";
import { createJob } from "../../job.js";
import { createRouter, type CreateRouterOptions } from "../../llm/index.js";
import { decisionFileSink, filesPublisher, OUTPUT_FILES } from "../../publish/index.js";
import { openState } from "../../state/index.js";
import { UserError } from "../user-error.js";
import { openCacheOrWarn } from "./analyze.js";

export interface CycleCommandOptions {
  repo: string;
  out: string;
  modules?: string;
  env?: NodeJS.ProcessEnv;
  /** Where progress goes (stderr in the terminal). */
  progress?: (line: string) => void;
  /** For tests: router settings (retries, the Ollama probe's time limit). */
  router?: Pick<CreateRouterOptions, "retry" | "probeTimeoutMs" | "timeouts">;
}

/** Checks `--repo` names a directory: the first thing a user gets wrong. */
export async function requireDirectory(dir: string, flag = "--repo"): Promise<string> {
  const resolved = path.resolve(dir);
  const stats = await stat(resolved).catch(() => null);
  if (!stats) throw new UserError(`${flag} ${dir}: no such directory`);
  if (!stats.isDirectory()) throw new UserError(`${flag} ${dir}: not a directory`);
  return resolved;
}

/**
 * Makes sure `--out` can be written before any work starts. Levels are created one at a
 * time: a recursive mkdir under /proc never returns on Linux.
 */
export async function prepareOutputDirectory(dir: string, flag = "--out"): Promise<string> {
  const resolved = path.resolve(dir);
  const missing: string[] = [];
  let existing = resolved;
  for (;;) {
    const stats = await stat(existing).catch(() => null);
    if (stats) {
      if (!stats.isDirectory()) throw new UserError(`${flag} ${dir}: ${existing} is not a directory`);
      break;
    }
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    for (const level of missing) await mkdir(level);
    await access(resolved, constants.W_OK);
  } catch (error) {
    throw new UserError(`${flag} ${dir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return resolved;
}

/** Who is running the CLI, for the job; some containers run as a uid with no passwd entry. */
function localUser(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || "local";
  }
}

/** `--modules a,b`: names the config schema knows, or a clear error. */
export function parseModuleList(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const known = Object.keys(configSchema.shape.modules.unwrap().shape);
  const names = list.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new UserError(`--modules: unknown module ${unknown.map((n) => `"${n}"`).join(", ")} (known: ${known.join(", ")})`);
  if (names.length === 0) throw new UserError("--modules: name at least one module");
  return names;
}

/**
 * `lodestar cycle`: a full cycle on a local directory, with no GitHub and no model needed
 * (models are used when Ollama answers or a cloud key is set, through the router).
 * Writes summary.md, findings.sarif, decisions.jsonl (and proposals/*.patch) to --out.
 */
export async function cycleCommand(options: CycleCommandOptions) {
  const repoDir = await requireDirectory(options.repo);
  const modules = parseModuleList(options.modules);
  const loaded = await loadRepoConfig(repoDir);
  if (!loaded.ok) throw new UserError(`invalid config, nothing ran:\n${loaded.message}`, 1);
  const outDir = await prepareOutputDirectory(options.out);
  const state = await openState({ env: options.env ?? process.env });
  const progress = options.progress ?? (() => {});

  const job = createJob({
    kind: "cycle",
    repo: { owner: "", name: path.basename(repoDir), dir: repoDir },
    ref: null,
    requestedBy: { login: localUser(options.env ?? process.env), via: "cli" },
    config: loaded.config,
    deliveryId: null,
    trusted: true,
    ...(modules ? { modules } : {}),
  });
  const decisions: DecisionRecord[] = [];
  const cache = await openCacheOrWarn(repoDir, options.env ?? process.env, progress);
  // Local first; with no Ollama and no cloud key the cycle still runs, its modules offline.
  const llm = await createRouter({ env: options.env ?? process.env, config: loaded.config, state, repo: path.basename(repoDir), job: job.id, ...options.router });
  const result = await runCycle(job, {
    analyze: () => analyzeRepository(repoDir, { cache }),
    cache,
    llm,
    publishers: [filesPublisher(outDir)],
    decisionSinks: [decisionFileSink(outDir), (record) => void decisions.push(record)],
    warnings: [...state.warnings, ...(loaded.warnings ?? [])],
    onStage: (stage, event) => {
      if (event === "start") progress(`▸ ${stage}`);
    },
  });
  await state.appendDecisions(decisions);
  return {
    result,
    outDir,
    files: [OUTPUT_FILES.summary, OUTPUT_FILES.sarif, OUTPUT_FILES.decisions].map((f) => path.join(outDir, f)),
  };
}
