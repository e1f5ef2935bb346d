import { buildTrainingSet, toJsonl, type TrainingSet } from "../../learning/index.js";
import { openState } from "../../state/index.js";
import { prepareOutputFile, writeOutputFile } from "./usage.js";

export interface LearnExportOptions {
  /** Write the JSONL here instead of printing it. */
  out?: string;
  /** Comma-separated task kinds to export (all when absent). */
  kinds?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LearnExportResult {
  set: TrainingSet;
  jsonl: string;
  outPath: string | null;
}

/**
 * `lodestar learn export`: the learning memory's verified question/answer pairs as a JSONL
 * fine-tuning set (chat format), deduplicated, secrets redacted on both sides.
 */
export async function learnExportCommand(options: LearnExportOptions): Promise<LearnExportResult> {
  const outPath = options.out !== undefined ? await prepareOutputFile(options.out) : null;
  const kinds = options.kinds?.split(",").map((k) => k.trim()).filter(Boolean);
  const state = await openState({ env: options.env ?? process.env });
  const set = buildTrainingSet(state.data.memory, kinds ? { kinds } : {});
  const jsonl = toJsonl(set.records);
  if (outPath) await writeOutputFile(outPath, jsonl, options.out ?? outPath);
  return { set, jsonl, outPath };
}

/** The one line `learn export` prints on stderr. */
export function describeExport(result: LearnExportResult): string {
  const { set } = result;
  const parts = [`${set.records.length} verified pair${set.records.length === 1 ? "" : "s"} exported`];
  const notes: string[] = [];
  if (set.duplicates) notes.push(`${set.duplicates} duplicate${set.duplicates === 1 ? "" : "s"} left out`);
  if (set.skipped) notes.push(`${set.skipped} without problem or solution text left out`);
  if (set.secretsRedacted) notes.push(`${set.secretsRedacted} secret${set.secretsRedacted === 1 ? "" : "s"} redacted`);
  if (notes.length) parts.push(`(${notes.join(", ")})`);
  if (result.outPath) parts.push(`to ${result.outPath}`);
  return parts.join(" ");
}
