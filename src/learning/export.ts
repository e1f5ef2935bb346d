/**
 * Verified question/answer pairs as a JSONL fine-tuning set, in the chat format that OpenAI
 * fine-tuning and most open-source trainers read:
 * `{"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}`.
 * Both sides are redacted again (the memory may hold entries written before redaction existed),
 * and pairs are deduplicated. Pure.
 */
import { createHash } from "node:crypto";
import { redactSecrets } from "../modules/security/secrets/index.js";
import type { DeepReadonly, MemoryEntry } from "../state/schema.js";
import { normaliseProblem } from "./memory.js";

/** One fine-tuning record. */
export interface TrainingRecord {
  messages: [{ role: "user"; content: string }, { role: "assistant"; content: string }];
}

/** The export and what was left out. */
export interface TrainingSet {
  records: TrainingRecord[];
  /** Pairs whose redacted problem and solution repeat an earlier pair. */
  duplicates: number;
  /** Entries with no problem text (migrated from an older state file) or no solution. */
  skipped: number;
  /** Secrets replaced by markers across all records. */
  secretsRedacted: number;
}

/**
 * Builds the training set from memory entries (oldest first, so a re-export of a grown memory
 * only appends). `kinds` keeps only those task kinds.
 */
export function buildTrainingSet(entries: readonly DeepReadonly<MemoryEntry>[], options: { kinds?: readonly string[] } = {}): TrainingSet {
  const wanted = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => !wanted || wanted.has(e.taskKind))
    .sort((a, b) => (a.e.at === b.e.at ? a.i - b.i : a.e.at < b.e.at ? -1 : 1));
  const seen = new Set<string>();
  const set: TrainingSet = { records: [], duplicates: 0, skipped: 0, secretsRedacted: 0 };
  for (const { e } of ordered) {
    const problem = redactSecrets(e.problem ?? "");
    const solution = redactSecrets(e.solution ?? "");
    if (!normaliseProblem(problem.text) || !solution.text.trim()) {
      set.skipped++;
      continue;
    }
    // Same question and same answer, whatever the kind or white space: one record.
    const key = createHash("sha256").update(normaliseProblem(problem.text)).update("\0").update(solution.text.trim()).digest("hex");
    if (seen.has(key)) {
      set.duplicates++;
      continue;
    }
    seen.add(key);
    set.secretsRedacted += problem.count + solution.count;
    set.records.push({
      messages: [
        { role: "user", content: problem.text },
        { role: "assistant", content: solution.text },
      ],
    });
  }
  return set;
}

/** The records as JSONL: one JSON object per line, each line ending in "\n" (empty string for none). */
export function toJsonl(records: readonly TrainingRecord[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join("");
}
