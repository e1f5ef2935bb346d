/**
 * Optional embeddings for the learning memory: a local embedding model (Ollama `/api/embed`)
 * reached through an injected function, so this folder never talks HTTP itself. Vectors of
 * remembered problems are cached per process by fingerprint.
 */
import type { ModelProvider } from "../llm/types.js";

/** Turns texts into vectors, one per text, in order. */
export type EmbedFunction = (texts: string[]) => Promise<number[][]>;

/** Texts per embedding request: large enough to be quick, small enough for one HTTP body. */
export const EMBED_BATCH = 64;

/**
 * An {@link EmbedFunction} over a provider's `embed` (the Ollama provider's `/api/embed`);
 * undefined when the provider has none.
 */
export function providerEmbedder(provider: Pick<ModelProvider, "embed">, model: string, options: { timeoutMs: number }): EmbedFunction | undefined {
  const embed = provider.embed?.bind(provider);
  if (!embed) return undefined;
  return (texts) => embed(model, texts, { timeoutMs: options.timeoutMs });
}

/** Checks an embedding answer: one finite, non-empty vector per text, all of one length. */
export function checkVectors(vectors: unknown, expected: number): number[][] {
  if (!Array.isArray(vectors) || vectors.length !== expected) {
    throw new Error(`embedding model returned ${Array.isArray(vectors) ? vectors.length : "no"} vectors for ${expected} texts`);
  }
  let width = -1;
  for (const v of vectors) {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new Error("embedding model returned a vector that is not a list of numbers");
    }
    if (width !== -1 && v.length !== width) throw new Error("embedding model returned vectors of different lengths");
    width = v.length;
  }
  return vectors as number[][];
}

/** Caches vectors of remembered problems, keyed by fingerprint and checked against the text. */
export class EmbeddingCache {
  private readonly vectors = new Map<string, { text: string; vector: number[] }>();

  constructor(
    private readonly embed: EmbedFunction,
    private readonly maxSize = 4096,
  ) {}

  /** Embeds texts in batches, checking each answer. */
  private async embedAll(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += EMBED_BATCH) {
      const batch = texts.slice(i, i + EMBED_BATCH);
      out.push(...checkVectors(await this.embed(batch), batch.length));
    }
    return out;
  }

  /**
   * The query's vector and one per item, embedding only what is not cached yet.
   * @throws when the embedding model fails or answers with something unusable.
   */
  async vectorsFor(query: string, items: readonly { key: string; text: string }[]): Promise<{ query: number[]; items: number[][] }> {
    const known = items.map((it) => {
      const hit = this.vectors.get(it.key);
      return hit?.text === it.text ? hit.vector : undefined;
    });
    const missing = items.filter((_, i) => known[i] === undefined);
    const fresh = await this.embedAll([query, ...missing.map((m) => m.text)]);
    const queryVector = fresh[0]!;
    if (this.vectors.size + missing.length > this.maxSize) this.vectors.clear();
    let next = 1;
    const vectors = items.map((it, i) => {
      const cached = known[i];
      if (cached) return cached;
      const vector = fresh[next++]!;
      this.vectors.set(it.key, { text: it.text, vector });
      return vector;
    });
    if (vectors.some((v) => v.length !== queryVector.length)) {
      this.vectors.clear();
      throw new Error("embedding model changed its vector length; cached vectors were dropped");
    }
    return { query: queryVector, items: vectors };
  }

  /** Forgets every cached vector (after a model change, or when the cache cannot be trusted). */
  clear(): void {
    this.vectors.clear();
  }
}
