/**
 * Public surface of the state module: Lodestar's single embedded store (DESIGN §6).
 * Open it with `openState()`, read `state.data`, change it with `state.update(fn)`.
 */
export { openState, resolveStatePath, State, STATE_FILE_NAME, DEFAULT_STATE_DIR, type OpenStateOptions } from "./store.js";
export {
  CURRENT_VERSION,
  emptyState,
  type StateData,
  type ReadonlyStateData,
  type DeepReadonly,
  type LedgerEntry,
  type DecisionRecord,
  type MemoryEntry,
  type PrFingerprint,
  type DeliveryRecord,
} from "./schema.js";
export { MIGRATIONS, upgradeState, assertMigrationChain, type Migration, type UpgradeResult } from "./migrations.js";
export { CorruptFileError, StateVersionError, StateLockError } from "./errors.js";
export { AtomicJsonFile, fsyncDir, type AtomicJsonFileOptions } from "./atomic-json-file.js";
export { DEFAULT_LOCK_STALE_MS, MIN_LOCK_STALE_MS } from "./lock.js";
export {
  openAnalysisCache,
  AnalysisCache,
  ANALYSIS_CACHE_VERSION,
  type CacheNamespace,
  type OpenAnalysisCacheOptions,
} from "./analysis-cache.js";
