/**
 * Token-level similarity between problem texts: TF-IDF weighted cosine over word tokens,
 * with identifiers split the way programmers read them (`parseConfigFile` → parse, config,
 * file). Used when no embedding model is available. Pure and deterministic.
 */

/** Tokens longer than this are noise (hashes, base64): dropped. */
const MAX_TOKEN_LENGTH = 40;
/** Words so common in task texts that they say nothing about the problem. */
const STOP_WORDS = new Set(
  "a an and are as at be by for from has have how i if in into is it its of on or that the this to was what when where which why with you your".split(" "),
);

/**
 * The tokens of a text: lower-case words and numbers, camelCase and snake_case split into
 * their parts (the whole identifier kept too, so an exact identifier match weighs more).
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/[\p{L}\p{N}_]+/gu) ?? []) {
    if (word.length > MAX_TOKEN_LENGTH) continue;
    const parts = word
      .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
      .split(/[\s_]+/)
      .map((p) => p.toLowerCase())
      .filter((p) => p.length > 0 && !STOP_WORDS.has(p));
    out.push(...parts);
    const whole = word.toLowerCase();
    if (parts.length > 1) out.push(whole);
  }
  return out;
}

/** How often each token occurs in a text; callers that compare one text often can keep this. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Cosine of two sparse vectors. */
function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    na += w * w;
    const v = b.get(t);
    if (v !== undefined) dot += w * v;
  }
  for (const w of b.values()) nb += w * w;
  if (na === 0 || nb === 0) return 0;
  return clamp01(dot / Math.sqrt(na * nb));
}

/** Keeps a similarity in [0, 1] (float error can give 1.0000000002). */
export function clamp01(n: number): number {
  if (!Number.isFinite(n) || n <= 0) return 0;
  return n >= 1 ? 1 : n;
}

/**
 * Similarity (0..1) of `query` to each document, in document order: the cosine of TF-IDF
 * vectors (sublinear tf, smoothed idf over the documents plus the query). Identical texts
 * score 1; texts sharing no token score 0.
 */
export function tfidfSimilarities(query: string, documents: readonly string[]): number[] {
  return tfidfFromCounts(termCounts(query), documents.map(termCounts));
}

/** {@link tfidfSimilarities} over term counts made earlier with {@link termCounts}. */
export function tfidfFromCounts(queryCounts: ReadonlyMap<string, number>, docCounts: readonly ReadonlyMap<string, number>[]): number[] {
  const df = new Map<string, number>();
  for (const counts of [...docCounts, queryCounts]) for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docCounts.length + 1;
  // Smoothed idf (as scikit-learn): never 0, so a corpus of one document still compares.
  const idf = (t: string): number => Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const weigh = (counts: ReadonlyMap<string, number>): Map<string, number> => {
    const v = new Map<string, number>();
    for (const [t, c] of counts) v.set(t, (1 + Math.log(c)) * idf(t));
    return v;
  };
  const q = weigh(queryCounts);
  return docCounts.map((counts) => sparseCosine(q, weigh(counts)));
}

/** Cosine similarity of two dense vectors (embeddings), clamped to [0, 1]; 0 when either is empty or lengths differ. */
export function denseCosine(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return clamp01(dot / Math.sqrt(na * nb));
}
