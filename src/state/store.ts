/**
 * The State store: the only code that touches the state file.
 *
 * lowdb (Low) holds the in-memory document; our AtomicJsonFile adapter does the
 * crash-safe I/O. Every mutation is read-latest → mutate → write under the cross-process
 * lock, so two Lodestar processes (app + CLI, two CLI runs) never lose each other's updates.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Low } from "lowdb";
import { AtomicJsonFile } from "./atomic-json-file.js";
import { CorruptFileError } from "./errors.js";
import { withFileLock, type FileLockOptions, type HeldLock } from "./lock.js";
import { upgradeState } from "./migrations.js";
import {
  CURRENT_VERSION,
  emptyState,
  shapeProblem,
  type DecisionRecord,
  type DeliveryRecord,
  type LedgerEntry,
  type ReadonlyStateData,
  type StateData,
} from "./schema.js";

/** File name of the state document inside the state directory. */
export const STATE_FILE_NAME = "state.json";
/** State directory used when neither `dir` nor LODESTAR_STATE_DIR is given (relative to cwd). */
export const DEFAULT_STATE_DIR = ".lodestar/state";

/** Options for {@link openState}. */
export interface OpenStateOptions {
  /** State directory. Default: `$LODESTAR_STATE_DIR`, else `./.lodestar/state`. */
  dir?: string;
  /** Environment to read LODESTAR_STATE_DIR from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Age after which a lock left by a dead process is taken over. Default 10 s, min 2 s. */
  lockStaleMs?: number;
  /** Roughly how long to wait for the lock before failing. Default max(30 s, 3 × stale). */
  lockTimeoutMs?: number;
}

/** Absolute path of the state file that {@link openState} would use for these options. */
export function resolveStatePath(options: Pick<OpenStateOptions, "dir" | "env"> = {}): string {
  const env = options.env ?? process.env;
  const dir = options.dir ?? (env["LODESTAR_STATE_DIR"] || DEFAULT_STATE_DIR);
  return path.resolve(dir, STATE_FILE_NAME);
}

/**
 * Opens (creating the directory if needed) the state file, under the lock: migrates an
 * older schema and saves it, or recovers a corrupt file from its last good copy.
 * @throws StateVersionError when the file is from a newer Lodestar (it is left untouched).
 * @throws StateLockError when another process holds the lock for too long.
 */
export async function openState(options: OpenStateOptions = {}): Promise<State> {
  const file = resolveStatePath(options);
  await mkdir(path.dirname(file), { recursive: true });
  const lockOptions: FileLockOptions = {};
  if (options.lockStaleMs !== undefined) lockOptions.staleMs = options.lockStaleMs;
  if (options.lockTimeoutMs !== undefined) lockOptions.timeoutMs = options.lockTimeoutMs;
  const state = new State(file, lockOptions);
  await state.reload();
  return state;
}

/** Handle on the state file. Create with {@link openState}. */
export class State {
  /** Absolute path of the state file. */
  readonly path: string;
  /** Absolute path of the last good copy. */
  readonly backupPath: string;
  private readonly file: AtomicJsonFile<StateData>;
  private readonly db: Low<StateData>;
  private readonly lockOptions: FileLockOptions;
  private snapshot: StateData = emptyState();
  private readonly warningList: string[] = [];
  /** Schema version the main file had at the last read; set by the decoder. */
  private mainFileVersion = CURRENT_VERSION;

  /** @internal Use {@link openState}; a State is not usable before its first reload. */
  constructor(file: string, lockOptions: FileLockOptions = {}) {
    this.path = path.resolve(file);
    this.lockOptions = lockOptions;
    this.file = new AtomicJsonFile<StateData>(this.path, {
      decode: (raw, filePath) => {
        const { data, fromVersion } = upgradeState(raw, filePath);
        if (filePath === this.path) this.mainFileVersion = fromVersion;
        return data;
      },
    });
    this.backupPath = this.file.backupPath;
    this.db = new Low<StateData>(this.file, emptyState());
  }

  /**
   * The state as of this process's last read or write. Other processes may have written
   * since; `update` always works on the latest file, and `reload` refreshes this.
   */
  get data(): ReadonlyStateData {
    return this.snapshot;
  }

  /**
   * Problems found and repaired while loading (e.g. a corrupt file quarantined and the
   * last good copy loaded), for the run summary. Accumulates for the life of this handle.
   */
  get warnings(): readonly string[] {
    return this.warningList;
  }

  /** Re-reads the file from disk (under the lock, since recovery may need to write). */
  async reload(): Promise<void> {
    await withFileLock(this.path, this.lockOptions, async (lock) => {
      // Safe only under the lock: no live writer can own a temp file now.
      await this.file.removeOrphanTempFiles();
      await this.loadLocked(lock);
      this.snapshot = this.db.data;
    });
  }

  /**
   * Applies `fn` to the latest state and saves it, atomically with respect to other
   * processes: takes the lock, re-reads the file, runs `fn`, writes, releases. Keep `fn`
   * short; others wait meanwhile. If `fn` throws, nothing is written.
   * @returns what `fn` returned.
   */
  async update<R>(fn: (draft: StateData) => R | Promise<R>): Promise<R> {
    return withFileLock(this.path, this.lockOptions, async (lock) => {
      await this.loadLocked(lock);
      const draft = this.db.data;
      const result = await fn(draft);
      // Refuse to write a document that the next load would reject as corrupt.
      const problem = shapeProblem(draft);
      if (problem !== undefined) throw new Error(`state update produced an invalid document (${problem}); nothing was written`);
      lock.assertHeld();
      await this.db.write();
      this.snapshot = draft;
      return result;
    });
  }

  /** Appends model-call ledger entries. */
  async appendLedger(entries: LedgerEntry | readonly LedgerEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries as LedgerEntry];
    await this.update((d) => {
      d.ledger.push(...list);
    });
  }

  /** Appends decision records. */
  async appendDecisions(records: DecisionRecord | readonly DecisionRecord[]): Promise<void> {
    const list = Array.isArray(records) ? records : [records as DecisionRecord];
    await this.update((d) => {
      d.decisions.push(...list);
    });
  }

  /** Whether webhook delivery `id` was recorded, per the current snapshot (see `data`). */
  hasDelivery(id: string): boolean {
    return this.snapshot.deliveries.some((d) => d.id === id);
  }

  /** Records (or updates) the outcome of webhook delivery `id`. */
  async markDelivery(id: string, status: DeliveryRecord["status"], at: Date = new Date()): Promise<void> {
    await this.update((d) => {
      const record: DeliveryRecord = { id, at: at.toISOString(), status };
      const i = d.deliveries.findIndex((x) => x.id === id);
      if (i === -1) d.deliveries.push(record);
      else d.deliveries[i] = record;
    });
  }

  /**
   * Loads the latest file into `db.data`, repairing what it can. Caller holds the lock.
   * Missing file and no backup → fresh empty state (first run, nothing written).
   */
  private async loadLocked(lock: HeldLock): Promise<void> {
    // Low.read() keeps the old data when the file is missing; start from a sentinel.
    const none = emptyState();
    this.db.data = none;
    this.mainFileVersion = CURRENT_VERSION;
    let mustWrite = false;
    try {
      await this.db.read();
      if (this.db.data === none) {
        // Our writer never leaves the main file missing while a .bak exists, so a .bak
        // without a main file means the file was lost; restore it rather than start over.
        mustWrite = await this.recoverFromBackup(`state file ${this.path} was missing`, false);
      } else if (this.mainFileVersion < CURRENT_VERSION) {
        // Migrated in memory; save so the file is current (the old one becomes the .bak).
        mustWrite = true;
      }
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const quarantined = await this.file.quarantine("main");
      await this.recoverFromBackup(`state file ${this.path} was corrupt (${err.reason}); quarantined to ${quarantined}`, true);
      // Write the recovered (or empty) state so the next open is normal: no crash loop.
      mustWrite = true;
    }
    if (mustWrite) {
      lock.assertHeld();
      await this.db.write();
    }
  }

  /**
   * Loads the `.bak` into `db.data` (which holds an empty state on entry) and records a
   * warning starting with `what`. Returns whether anything needs writing.
   */
  private async recoverFromBackup(what: string, damaged: boolean): Promise<boolean> {
    let backup;
    try {
      backup = await this.file.readBackup();
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const quarantined = await this.file.quarantine("backup");
      this.warn(`${what}; the last good copy was corrupt too (${err.reason}), quarantined to ${quarantined}; starting with empty state`);
      return true;
    }
    if (backup === null) {
      if (damaged) this.warn(`${what}; no last good copy exists; starting with empty state`);
      return damaged;
    }
    this.db.data = backup.value;
    this.warn(`${what}; loaded last good copy ${this.backupPath} from ${backup.savedAt.toISOString()}`);
    return true;
  }

  private warn(message: string): void {
    this.warningList.push(message);
  }
}
