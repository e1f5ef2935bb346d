/**
 * Schema migrations. Each step takes a document at version `from` and returns it at
 * `to = from + 1`. Steps must be pure and must not rely on the current types: a
 * migration describes the file as it was at that version, forever.
 */
import { CorruptFileError, StateVersionError } from "./errors.js";
import { CURRENT_VERSION, isPlainObject, shapeProblem, type StateData } from "./schema.js";

/** A plain JSON object, as parsed from disk. */
export type JsonObject = Record<string, unknown>;

/** One step of the migration chain. */
export interface Migration {
  from: number;
  to: number;
  /** What the step does, for logs and reviewers. */
  description: string;
  migrate(data: JsonObject): JsonObject;
}

/** The ordered migration chain, from version 0 up to CURRENT_VERSION. */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    description: "v0 files had no version field and only some collections; add the missing ones",
    migrate(data) {
      const out: JsonObject = { ...data };
      // The v1 collection list, spelled out: later versions may add keys, this step must not.
      for (const key of ["ledger", "decisions", "memory", "fingerprints", "deliveries"]) {
        if (out[key] === undefined) out[key] = [];
      }
      out["version"] = 1;
      return out;
    },
  },
  {
    from: 1,
    to: 2,
    description: "memory entries gain the problem text and the source (local or cloud); v1 entries get \"\" and \"local\"",
    migrate(data) {
      const out: JsonObject = { ...data };
      const memory = out["memory"];
      // A damaged collection is left as it is: the shape check after the chain reports it.
      if (Array.isArray(memory)) {
        out["memory"] = memory.map((entry: unknown) => {
          if (!isPlainObject(entry)) return entry;
          const next: JsonObject = { ...entry };
          if (typeof next["problem"] !== "string") next["problem"] = "";
          if (next["source"] !== "local" && next["source"] !== "cloud") next["source"] = "local";
          return next;
        });
      }
      out["version"] = 2;
      return out;
    },
  },
];

/**
 * Checks that a chain goes 0→1→…→target without gaps. Run at import time for the shipped
 * chain, so a forgotten migration fails every test instead of corrupting a user's file.
 */
export function assertMigrationChain(migrations: readonly Migration[], target: number): void {
  migrations.forEach((m, i) => {
    if (m.from !== i || m.to !== i + 1) {
      throw new Error(`migration #${i} goes ${m.from}→${m.to}; expected ${i}→${i + 1}`);
    }
  });
  if (migrations.length !== target) {
    throw new Error(`migrations reach version ${migrations.length}, but CURRENT_VERSION is ${target}`);
  }
}

assertMigrationChain(MIGRATIONS, CURRENT_VERSION);

/** The schema version of a parsed document: a missing `version` field means v0. */
export function versionOf(doc: JsonObject, path: string): number {
  const v = doc["version"];
  if (v === undefined) return 0;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new CorruptFileError(path, `"version" is ${JSON.stringify(v)}, not a non-negative integer`);
  }
  return v;
}

/** Result of bringing a parsed document up to the current schema. */
export interface UpgradeResult {
  data: StateData;
  /** The version the document had on disk; less than CURRENT_VERSION means it must be saved. */
  fromVersion: number;
}

/**
 * Validates a parsed document and migrates it to CURRENT_VERSION.
 * @throws StateVersionError when the document is newer than this code.
 * @throws CorruptFileError when it is not a state document at all.
 */
export function upgradeState(raw: unknown, path: string, migrations: readonly Migration[] = MIGRATIONS): UpgradeResult {
  if (!isPlainObject(raw)) throw new CorruptFileError(path, "top level is not a JSON object");
  const fromVersion = versionOf(raw, path);
  if (fromVersion > CURRENT_VERSION) throw new StateVersionError(path, fromVersion, CURRENT_VERSION);
  let doc: JsonObject = raw;
  for (const step of migrations.slice(fromVersion)) doc = step.migrate(doc);
  const problem = shapeProblem(doc);
  if (problem !== undefined) throw new CorruptFileError(path, problem);
  return { data: doc as unknown as StateData, fromVersion };
}
