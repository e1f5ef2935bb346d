/**
 * Public surface of the learning module: the memory of verified answers (retrieval by
 * similarity, novelty), the fine-tuning export, and the escalation rate over time.
 */
export {
  LearningMemory,
  noveltyOf,
  normaliseProblem,
  problemFingerprint,
  pruneMemory,
  DEFAULT_MEMORY_LIMITS,
  type SolvedTask,
  type Recollection,
  type MemoryLimits,
  type RememberSkip,
} from "./memory.js";
export { tokenize, termCounts, tfidfSimilarities, tfidfFromCounts, denseCosine } from "./similarity.js";
export { providerEmbedder, EmbeddingCache, checkVectors, EMBED_BATCH, type EmbedFunction } from "./embeddings.js";
export { buildTrainingSet, toJsonl, type TrainingRecord, type TrainingSet } from "./export.js";
export { escalationRates, type EscalationRate } from "./escalation-rate.js";
