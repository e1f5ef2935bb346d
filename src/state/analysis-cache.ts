/**
 * The analysis cache: per-file results keyed by path and a validator (the git blob id, or
 * size and mtime outside git), so re-analysing after a one-file change re-reads one file.
 *
 * It lives in the state directory beside `state.json` but in its own files per repository:
 * it can hold tens of thousands of entries, and folding it into the state document would
 * make every ledger append rewrite megabytes. It is written with the same crash-safe adapter
 * and cross-process lock as the state file. Unlike the state it is disposable: a corrupt or
 * foreign cache is dropped (with a warning) and rebuilt, never fatal.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { linkSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import { mkdir, realpath } from "node:fs/promises";
import path from "node:path";
import { AtomicJsonFile } from "./atomic-json-file.js";
import { CorruptFileError } from "./errors.js";
import { withFileLock } from "./lock.js";
import { resolveStatePath } from "./store.js";

/** Bumped whenever what analysers put in the cache changes meaning; older caches are dropped. */
export const ANALYSIS_CACHE_VERSION = 2;

/** One namespace's file: path → [validator, value]. */
interface NamespaceDocument {
  version: number;
  /** The repository the cache belongs to (real path), checked on load. */
  root: string;
  entries: Record<string, [string, unknown]>;
}

function decode(raw: unknown, filePath: string): NamespaceDocument {
  const doc = raw as Partial<NamespaceDocument> | null;
  if (!doc || typeof doc !== "object" || typeof doc.root !== "string" || typeof doc.entries !== "object" || doc.entries === null) {
    throw new CorruptFileError(filePath, "not an analysis cache");
  }
  return doc as NamespaceDocument;
}

/** One kind of cached result (file stats, function metrics, …). */
export interface CacheNamespace<T> {
  /** The cached value when the stored validator matches; undefined otherwise. */
  get(filePath: string, validator: string): T | undefined;
  set(filePath: string, validator: string, value: T): void;
}

/** Options for {@link openAnalysisCache}. */
export interface OpenAnalysisCacheOptions {
  /** State directory; default `$LODESTAR_STATE_DIR`, else `./.lodestar/state`. */
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
}

interface Table {
  file: AtomicJsonFile<NamespaceDocument>;
  entries: Record<string, [string, unknown]>;
  /** Paths read or written during this run: everything else is pruned on save. */
  used: Set<string>;
  changed: boolean;
}

const NAME = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * The cache of one repository: one file per namespace in its own folder, so a run that
 * changed one file's stats rewrites the stats table and leaves the others (metrics, churn,
 * dependencies) untouched. A namespace file is read the first time the run asks for that
 * namespace, so a run that needs only a few of them does not parse the others.
 * Mutations stay in memory until {@link AnalysisCache.save}.
 */
export class AnalysisCache {
  private readonly tables = new Map<string, Table>();
  private readonly problems: string[] = [];

  /** @internal Use {@link openAnalysisCache}. */
  constructor(
    /** Folder holding this repository's namespace files. */
    readonly dir: string,
    private readonly root: string,
  ) {}

  /** Why parts of a previous cache were dropped (so far in this run), for the run's warnings. */
  get warnings(): readonly string[] {
    return [...this.problems].sort();
  }

  /**
   * An entry whatever its validator, for a caller that checks the value itself (loads the
   * namespace; does not keep the entry on save for that alone).
   */
  peek<T>(name: string, filePath: string): T | undefined {
    this.namespace<T>(name);
    return this.tables.get(name)?.entries[filePath]?.[1] as T | undefined;
  }

  /** A typed view of one namespace (lower-case letters, digits and dashes); loads it on first use. */
  namespace<T>(name: string): CacheNamespace<T> {
    if (!NAME.test(name)) throw new Error(`invalid cache namespace "${name}"`);
    let table = this.tables.get(name);
    if (!table) {
      const file = namespaceFile(this.dir, name);
      table = { file, entries: this.load(name, file), used: new Set(), changed: false };
      this.tables.set(name, table);
    }
    const t = table;
    return {
      get: (filePath, validator) => {
        const hit = t.entries[filePath];
        if (hit && hit[0] === validator) {
          t.used.add(filePath);
          return hit[1] as T;
        }
        return undefined;
      },
      set: (filePath, validator, value) => {
        t.entries[filePath] = [validator, value];
        t.used.add(filePath);
        t.changed = true;
      },
    };
  }

  /**
   * Reads one namespace file synchronously: the parse is CPU work on this thread either way,
   * and a sync read lets `namespace()` stay synchronous. A damaged file is moved aside and
   * the namespace starts empty; a file of another version or repository is ignored.
   */
  private load(name: string, file: AtomicJsonFile<NamespaceDocument>): Record<string, [string, unknown]> {
    let text: string;
    try {
      // Bytes first, then decoded: Node 20's readFileSync(…, "utf8") is several times slower
      // on a file of megabytes, and a pure-ASCII file (the usual cache) decodes as latin1.
      const bytes = readFileSync(file.path);
      text = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
    } catch {
      return {};
    }
    let doc: NamespaceDocument;
    try {
      doc = decode(JSON.parse(text), file.path);
    } catch {
      const moved = quarantineSync(file.path);
      this.problems.push(`The analysis cache "${name}" was unreadable and is rebuilt${moved ? ` (kept as ${path.basename(moved)})` : ""}.`);
      return {};
    }
    return doc.version === ANALYSIS_CACHE_VERSION && doc.root === this.root ? doc.entries : {};
  }

  /**
   * Writes the namespaces that changed. In a namespace used in this run, entries the run did
   * not touch (files deleted or no longer analysed) are dropped, so the cache tracks the
   * repository instead of growing forever. A namespace not used at all is left as it was.
   * @returns how many namespace files were written.
   */
  async save(): Promise<number> {
    const toWrite: Table[] = [];
    for (const t of this.tables.values()) {
      let pruned = false;
      for (const key of Object.keys(t.entries)) {
        if (!t.used.has(key)) {
          delete t.entries[key];
          pruned = true;
        }
      }
      if (t.changed || pruned) toWrite.push(t);
    }
    if (toWrite.length === 0) return 0;
    await withFileLock(path.join(this.dir, "cache"), {}, async (lock) => {
      lock.assertHeld();
      await Promise.all(toWrite.map((t) => t.file.write({ version: ANALYSIS_CACHE_VERSION, root: this.root, entries: t.entries })));
    });
    for (const t of toWrite) t.changed = false;
    return toWrite.length;
  }
}

/** Moves a damaged cache file to `<file>.corrupt-<time>` (kept for inspection); the new name, or undefined. */
function quarantineSync(filePath: string): string | undefined {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  for (let n = 0; n < 100; n++) {
    const target = `${filePath}.corrupt-${stamp}${n === 0 ? "" : `-${n}`}`;
    try {
      // link + unlink: a rename would replace an existing quarantine file of the same name.
      linkSync(filePath, target);
      unlinkSync(filePath);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      if (code === "ENOENT") return undefined;
      try {
        renameSync(filePath, target);
        return target;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function namespaceFile(dir: string, name: string): AtomicJsonFile<NamespaceDocument> {
  // No indentation: these files are for machines, and they can be large. Not durable: a
  // cache lost to a power cut is rebuilt, and fsyncs and a .bak copy would cost every run.
  return new AtomicJsonFile<NamespaceDocument>(path.join(dir, `${name}.json`), { decode, space: 0, durable: false });
}

/**
 * Opens the analysis cache of the repository at `repoDir`: a folder per repository, named by
 * a hash of its real path, under `<state dir>/analysis/`. Namespace files are read when first
 * used. A bad cache file never throws: that namespace starts empty (the damaged file is kept
 * aside) and `warnings` says so.
 */
export async function openAnalysisCache(repoDir: string, options: OpenAnalysisCacheOptions = {}): Promise<AnalysisCache> {
  const root = await realpath(repoDir);
  const stateFile = resolveStatePath({ ...(options.stateDir ? { dir: options.stateDir } : {}), ...(options.env ? { env: options.env } : {}) });
  const key = createHash("sha256").update(root).digest("hex").slice(0, 16);
  const dir = path.join(path.dirname(stateFile), "analysis", key);
  await mkdir(dir, { recursive: true });
  return new AnalysisCache(dir, root);
}
