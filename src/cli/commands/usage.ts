import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_PATH, defaultConfig, loadRepoConfig } from "../../config/index.js";
import { buildUsageReport, formatUsageCsv, formatUsageText, type UsageReport } from "../../llm/usage-report.js";
import { openState } from "../../state/index.js";
import { UserError } from "../user-error.js";
import { prepareOutputDirectory, requireDirectory } from "./cycle.js";

export interface UsageCommandOptions {
  /** A local checkout: the report is limited to it and its config's caps apply. */
  repo?: string;
  json?: boolean;
  csv?: boolean;
  /** Write the output here instead of printing it. */
  out?: string;
  env?: NodeJS.ProcessEnv;
  /** The clock budgets are judged by (tests); now by default. */
  now?: Date;
}

export interface UsageCommandResult {
  report: UsageReport;
  /** The formatted output (table, CSV or JSON). */
  text: string;
  /** Absolute path written with `--out`. */
  outPath: string | null;
}

/** Resolves `--out FILE`, checking its folder can be written before any work. */
export async function prepareOutputFile(file: string, flag = "--out"): Promise<string> {
  if (!file.trim()) throw new UserError(`${flag}: give a file name`);
  const dir = await prepareOutputDirectory(path.dirname(path.resolve(file)), flag);
  const target = path.join(dir, path.basename(file));
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new UserError(`${flag} ${file}: is a directory`);
  return target;
}

/** Writes `text` to a file prepared by {@link prepareOutputFile}, as one clear error on failure. */
export async function writeOutputFile(target: string, text: string, shown: string, flag = "--out"): Promise<void> {
  try {
    await writeFile(target, text);
  } catch (error) {
    throw new UserError(`${flag} ${shown}: cannot write (${(error as NodeJS.ErrnoException).code ?? "error"})`, 1);
  }
}

/**
 * `lodestar usage`: spend by day, model and task kind from the ledger, with budget status.
 * With `--repo DIR` the report covers that repository (ledger entries named after the
 * folder, or `owner/<folder>`) and its `.github/lodestar.yml` caps; without it, every repo
 * in the state file against the default caps.
 */
export async function usageCommand(options: UsageCommandOptions): Promise<UsageCommandResult> {
  if (options.json && options.csv) throw new UserError("--json and --csv cannot be combined");
  const env = options.env ?? process.env;
  let repoKey: string | undefined;
  let caps = defaultConfig().budgets;
  let capsSource = "built-in defaults";
  if (options.repo !== undefined) {
    const repoDir = await requireDirectory(options.repo);
    const loaded = await loadRepoConfig(repoDir);
    if (!loaded.ok) throw new UserError(`invalid config:\n${loaded.message}`, 1);
    caps = loaded.config.budgets;
    const hasFile = await stat(path.join(repoDir, CONFIG_PATH)).then(
      () => true,
      () => false,
    );
    capsSource = hasFile ? CONFIG_PATH : `built-in defaults; the repo has no ${CONFIG_PATH}`;
    repoKey = path.basename(repoDir);
  }
  const outPath = options.out !== undefined ? await prepareOutputFile(options.out) : null;

  const state = await openState({ env });
  const report = buildUsageReport({
    ledger: state.data.ledger,
    decisions: state.data.decisions,
    ...(repoKey !== undefined ? { repo: repoKey } : {}),
    caps,
    capsSource,
    ...(options.now ? { now: options.now } : {}),
  });
  const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : options.csv ? formatUsageCsv(report) : formatUsageText(report);
  if (outPath) await writeOutputFile(outPath, text, options.out ?? outPath);
  return { report, text, outPath };
}
