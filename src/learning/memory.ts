/**
 * The learning memory: verified solutions, stored in the state file and retrieved by
 * similarity so the local model gets worked examples and the router can tell how novel a
 * task is. Similarity comes from a local embedding model when one is given, else from
 * TF-IDF over tokens. Bounded, so the state file cannot grow without limit.
 */
import { createHash } from "node:crypto";
import { redactSecrets } from "../modules/security/secrets/index.js";
import type { State } from "../state/index.js";
import type { MemoryEntry, MemorySource } from "../state/schema.js";
import { EmbeddingCache, type EmbedFunction } from "./embeddings.js";
import { denseCosine, termCounts, tfidfFromCounts } from "./similarity.js";

/** A task whose answer passed verification, as the router hands it over. */
export interface SolvedTask {
  taskKind: string;
  problem: string;
  solution: string;
  /** Why the answer is trusted (which verifier passed). */
  evidence: string;
  source: MemorySource;
}

/** A remembered solution and how similar its problem is to the one asked about. */
export interface Recollection {
  entry: MemoryEntry;
  /** 0..1; 1 for the same problem. */
  similarity: number;
}

/** Limits that keep the state file small. */
export interface MemoryLimits {
  /** Newest entries kept per task kind. */
  perKind: number;
  /** Newest entries kept overall. */
  total: number;
  /** Longest problem, solution or evidence text stored (characters); longer tasks are not remembered. */
  textChars: number;
}

export const DEFAULT_MEMORY_LIMITS: Readonly<MemoryLimits> = Object.freeze({ perKind: 500, total: 2000, textChars: 8000 });

/** Why {@link LearningMemory.remember} did not store a task; undefined when it did. */
export type RememberSkip = "empty" | "too-long";

/** The problem text as fingerprinted: Unicode NFC, runs of white space collapsed, trimmed. */
export function normaliseProblem(problem: string): string {
  return problem.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** sha256 (hex) of the task kind and the normalised problem: one memory entry per fingerprint. */
export function problemFingerprint(taskKind: string, problem: string): string {
  return createHash("sha256").update(taskKind).update("\0").update(normaliseProblem(problem)).digest("hex");
}

/** 1 − similarity of the nearest known solved task; 1 when memory has none. */
export function noveltyOf(nearest: readonly Recollection[]): number {
  let best = 0;
  for (const r of nearest) if (Number.isFinite(r.similarity)) best = Math.max(best, r.similarity);
  return Math.min(1, Math.max(0, 1 - best));
}

/**
 * Drops the oldest entries beyond the per-kind and total limits (by `at`; ties keep the later
 * position). Returns a new list in the original order.
 */
export function pruneMemory(entries: readonly MemoryEntry[], limits: Pick<MemoryLimits, "perKind" | "total">): MemoryEntry[] {
  const order = entries.map((e, i) => ({ e, i })).sort((a, b) => (b.e.at === a.e.at ? b.i - a.i : b.e.at < a.e.at ? -1 : 1));
  const perKind = new Map<string, number>();
  const keep = new Set<number>();
  for (const { e, i } of order) {
    if (keep.size >= limits.total) break;
    const n = perKind.get(e.taskKind) ?? 0;
    if (n >= limits.perKind) continue;
    perKind.set(e.taskKind, n + 1);
    keep.add(i);
  }
  return entries.filter((_, i) => keep.has(i));
}

/** Verified solutions in the state file, retrieved by similarity. */
export class LearningMemory {
  private readonly state: State;
  private readonly limits: MemoryLimits;
  private readonly now: () => Date;
  private embeddings: EmbeddingCache | undefined;
  /** Term counts of remembered problems by fingerprint: tokenising is most of a lookup's cost. */
  private readonly counts = new Map<string, { text: string; counts: Map<string, number> }>();
  /** Why embeddings were switched off for this process (the first failure), for diagnostics. */
  embeddingProblem: string | undefined;

  /**
   * @param options.embed optional embedding function (a local model); without it, or once it
   *   fails, similarity falls back to TF-IDF over tokens for the rest of this instance's life.
   */
  constructor(options: { state: State; embed?: EmbedFunction; limits?: Partial<MemoryLimits>; now?: () => Date }) {
    this.state = options.state;
    this.limits = { ...DEFAULT_MEMORY_LIMITS, ...options.limits };
    this.now = options.now ?? (() => new Date());
    if (options.embed) this.embeddings = new EmbeddingCache(options.embed);
  }

  /** Whether similarity currently comes from embeddings (false after an embedding failure). */
  get usesEmbeddings(): boolean {
    return this.embeddings !== undefined;
  }

  /** The k most similar verified solutions of this task kind (highest first; ties: newest first). */
  async nearest(taskKind: string, problem: string, k: number): Promise<Recollection[]> {
    const limit = Number.isFinite(k) ? Math.floor(k) : 0;
    if (limit <= 0) return [];
    const candidates = this.state.data.memory.filter((e) => e.taskKind === taskKind && e.problem.length > 0);
    if (candidates.length === 0) return [];
    const query = redactSecrets(problem).text;
    const scores = await this.similarities(
      query,
      candidates.map((c) => ({ key: c.fingerprint, text: c.problem })),
    );
    return candidates
      .map((c, i) => ({ entry: { ...c }, similarity: scores[i] ?? 0 }))
      .sort((a, b) => b.similarity - a.similarity || (b.entry.at < a.entry.at ? -1 : b.entry.at > a.entry.at ? 1 : 0))
      .slice(0, limit);
  }

  private async similarities(query: string, items: { key: string; text: string }[]): Promise<number[]> {
    if (this.embeddings) {
      try {
        const vectors = await this.embeddings.vectorsFor(query, items);
        return vectors.items.map((v) => denseCosine(vectors.query, v));
      } catch (error) {
        // One failure (model missing, host down) would repeat on every task: stop asking.
        this.embeddingProblem = error instanceof Error ? error.message : String(error);
        this.embeddings = undefined;
      }
    }
    if (this.counts.size > 2 * this.limits.total) this.counts.clear();
    const docs = items.map((it) => {
      let hit = this.counts.get(it.key);
      if (hit?.text !== it.text) {
        hit = { text: it.text, counts: termCounts(it.text) };
        this.counts.set(it.key, hit);
      }
      return hit.counts;
    });
    return tfidfFromCounts(termCounts(query), docs);
  }

  /**
   * Stores a verified answer, secrets redacted. Deduplicated by a fingerprint of kind +
   * normalised problem: the newer solution and evidence replace the older. Oldest entries
   * beyond the limits are dropped. Returns why nothing was stored, or undefined when stored.
   */
  async remember(task: SolvedTask): Promise<RememberSkip | undefined> {
    const kind = typeof task.taskKind === "string" ? task.taskKind.trim() : "";
    const problem = redactSecrets(task.problem).text;
    const solution = redactSecrets(task.solution).text;
    const evidence = redactSecrets(task.evidence).text;
    if (!kind || !normaliseProblem(problem) || !solution.trim()) return "empty";
    const max = this.limits.textChars;
    if (problem.length > max || solution.length > max || evidence.length > max || kind.length > 200) return "too-long";
    const entry: MemoryEntry = {
      taskKind: kind,
      fingerprint: problemFingerprint(kind, problem),
      problem,
      solution,
      evidence,
      source: task.source === "cloud" ? "cloud" : "local",
      at: this.now().toISOString(),
    };
    await this.state.update((draft) => {
      const rest = draft.memory.filter((e) => e.fingerprint !== entry.fingerprint);
      draft.memory = pruneMemory([...rest, entry], this.limits);
    });
    return undefined;
  }
}
