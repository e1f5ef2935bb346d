import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadRepoConfig } from "../../config/index.js";
import { configSchema } from "../../config/schema.js";
import { runCycle, type DecisionRecord } from "../../cycle/index.js";
import { listLocalFiles } from "../../analysis/index.js";
import { createJob } from "../../job.js";
import { decisionFileSink, filesPublisher, OUTPUT_FILES } from "../../publish/index.js";
import { openState } from "../../state/index.js";
import { UserError } from "../user-error.js";

export interface CycleCommandOptions {
  repo: string;
  out: string;
  modules?: string;
  env?: NodeJS.ProcessEnv;
  /** Where progress goes (stderr in the terminal). */
  progress?: (line: string) => void;
}

/** Checks `--repo` names a directory: the first thing a user gets wrong. */
export async function requireDirectory(dir: string, flag = "--repo"): Promise<string> {
  const resolved = path.resolve(dir);
  const isDir = await stat(resolved).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new UserError(`${flag} ${dir}: no such directory`);
  return resolved;
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
 * `lodestar cycle`: a full cycle on a local directory, with no GitHub and no model needed.
 * Writes summary.md, findings.sarif, decisions.jsonl (and proposals/*.patch) to --out.
 */
export async function cycleCommand(options: CycleCommandOptions) {
  const repoDir = await requireDirectory(options.repo);
  const modules = parseModuleList(options.modules);
  const outDir = path.resolve(options.out);
  const loaded = await loadRepoConfig(repoDir);
  if (!loaded.ok) throw new UserError(`invalid config, nothing ran:\n${loaded.message}`, 1);
  const state = await openState({ env: options.env ?? process.env });
  const progress = options.progress ?? (() => {});

  const job = createJob({
    kind: "cycle",
    repo: { owner: "", name: path.basename(repoDir), dir: repoDir },
    ref: null,
    requestedBy: { login: os.userInfo().username, via: "cli" },
    config: loaded.config,
    deliveryId: null,
    trusted: true,
    ...(modules ? { modules } : {}),
  });
  const decisions: DecisionRecord[] = [];
  const result = await runCycle(job, {
    listFiles: () => listLocalFiles(repoDir),
    publishers: [filesPublisher(outDir)],
    decisionSinks: [decisionFileSink(outDir), (record) => void decisions.push(record)],
    warnings: [...state.warnings],
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
