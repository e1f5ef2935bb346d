/**
 * A lowdb adapter that never leaves a half-written file behind.
 *
 * lowdb's own file adapters (via steno) write a temp file and rename it, but never fsync,
 * so after a power cut the "renamed" file can be empty. This adapter:
 *   1. writes the new JSON to a uniquely named temp file in the same folder and fsyncs it;
 *   2. keeps the current, known-good file as `<name>.bak` (hard link, atomically renamed
 *      into place, so the .bak is always a complete document);
 *   3. renames the temp file over the target (atomic on POSIX, same filesystem);
 *   4. fsyncs the folder so the renames themselves survive a crash.
 * At every instant the target is either the old or the new complete document.
 *
 * It is NOT safe for concurrent writers by itself: callers serialise writes with the
 * cross-process lock (lock.ts). The State store does.
 */
import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { copyFile, link, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Adapter } from "lowdb";
import { CorruptFileError, StateVersionError } from "./errors.js";

/** Options for {@link AtomicJsonFile}. */
export interface AtomicJsonFileOptions<T> {
  /**
   * Turns parsed JSON into a `T`. Throw CorruptFileError to reject a document (it is then
   * treated like unparseable bytes). Also used to decide whether the current file is good
   * enough to become the `.bak`.
   */
  decode: (raw: unknown, filePath: string) => T;
  /** JSON indentation; default 2 (the file is meant to be human-inspectable). */
  space?: number;
  /**
   * Default true: fsync the data and the folder, and keep the previous good copy as `.bak`.
   * False for disposable files (caches): the write is still atomic (temp file + rename), so a
   * crash leaves the old or the new file, but a power cut may leave a damaged one, which the
   * reader then quarantines and rebuilds.
   */
  durable?: boolean;
}

/** A decoded document plus the stat of the exact bytes it came from. */
interface Loaded<T> {
  value: T;
  stats: Stats;
}

/** Identity of a file version: any rewrite, rename-over or link changes one of these. */
type FileIdentity = Pick<Stats, "dev" | "ino" | "size" | "mtimeMs" | "ctimeMs">;

function identityOf(s: Stats): FileIdentity {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
}

function sameIdentity(a: FileIdentity | undefined, b: FileIdentity): boolean {
  return (
    a !== undefined && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs
  );
}

function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

/** Error codes meaning "this filesystem cannot hard-link here": fall back to copying. */
const NO_HARD_LINK = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "EMLINK", "ENOSYS", "EACCES"]);

/**
 * fsyncs a directory so that entries created/renamed in it are durable.
 * Some platforms refuse to open or sync a directory (Windows: EISDIR/EPERM; some network
 * and FUSE filesystems: EINVAL). There is nothing better we can do there, so those
 * errors are ignored; any other error is real and is thrown.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const ignorable = new Set(["EISDIR", "EINVAL", "EPERM"]);
  let handle;
  try {
    handle = await open(dir, "r");
  } catch (err) {
    if (ignorable.has(errorCode(err) ?? "")) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!ignorable.has(errorCode(err) ?? "")) throw err;
  } finally {
    await handle.close();
  }
}

/** Crash-safe JSON file adapter for lowdb, with a last-good `.bak` copy and quarantine. */
export class AtomicJsonFile<T> implements Adapter<T> {
  /** The main file. */
  readonly path: string;
  /** The last good copy: the previous version of the main file. */
  readonly backupPath: string;
  private readonly dir: string;
  private readonly base: string;
  private readonly decode: (raw: unknown, filePath: string) => T;
  private readonly space: number;
  private readonly durable: boolean;
  /**
   * Identity of the main file as last read-and-validated or written by us. When the file
   * on disk still has it, we know it is good without parsing it again before backing it up.
   */
  private trusted: FileIdentity | undefined;

  constructor(filePath: string, options: AtomicJsonFileOptions<T>) {
    this.path = path.resolve(filePath);
    this.backupPath = `${this.path}.bak`;
    this.dir = path.dirname(this.path);
    this.base = path.basename(this.path);
    this.decode = options.decode;
    this.space = options.space ?? 2;
    this.durable = options.durable ?? true;
  }

  /**
   * Reads and decodes the main file.
   * @returns null when the file does not exist.
   * @throws CorruptFileError when the bytes are not valid JSON or fail `decode`.
   */
  async read(): Promise<T | null> {
    const loaded = await this.load(this.path);
    this.trusted = loaded ? identityOf(loaded.stats) : undefined;
    return loaded ? loaded.value : null;
  }

  /**
   * Reads and decodes the `.bak` copy.
   * @returns null when there is none; `savedAt` is when it was written as the main file.
   * @throws CorruptFileError when it is damaged too.
   */
  async readBackup(): Promise<{ value: T; savedAt: Date } | null> {
    const loaded = await this.load(this.backupPath);
    return loaded ? { value: loaded.value, savedAt: loaded.stats.mtime } : null;
  }

  /** Atomically replaces the main file with `data`, keeping the previous good file as `.bak`. */
  async write(data: T): Promise<void> {
    const text = `${JSON.stringify(data, null, this.space)}\n`;
    const tmp = this.tempPath("");
    const handle = await open(tmp, "wx", 0o600);
    try {
      try {
        await handle.writeFile(text, "utf8");
        // Data must be on disk before the rename makes it visible, or a power cut
        // can leave a renamed-but-empty file.
        if (this.durable) await handle.sync();
      } finally {
        await handle.close();
      }
      if (!this.durable) {
        await rename(tmp, this.path);
        return;
      }
      await this.backupCurrent();
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    // Make both renames (the .bak and the main file) durable.
    await fsyncDir(this.dir);
    this.trusted = identityOf(await stat(this.path));
  }

  /**
   * Moves a damaged file aside to `<file>.corrupt-<timestamp>` (never deletes it, so the
   * bytes can be inspected or recovered by hand).
   * @returns the quarantine path, or undefined when the file did not exist.
   */
  async quarantine(which: "main" | "backup"): Promise<string | undefined> {
    const source = which === "main" ? this.path : this.backupPath;
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    for (let n = 0; ; n++) {
      const target = `${source}.corrupt-${stamp}${n === 0 ? "" : `-${n}`}`;
      try {
        // link + unlink instead of rename: rename would silently replace an existing
        // quarantine file of the same name, and quarantined bytes must never be lost.
        await link(source, target);
        await unlink(source);
      } catch (err) {
        const code = errorCode(err);
        if (code === "ENOENT") return undefined;
        if (code === "EEXIST") continue;
        if (!NO_HARD_LINK.has(code ?? "")) throw err;
        if (await exists(target)) continue;
        await rename(source, target);
      }
      if (which === "main") this.trusted = undefined;
      await fsyncDir(this.dir);
      return target;
    }
  }

  /**
   * Deletes temp files left by writers that died mid-write. Only call this while holding
   * the write lock: then no live writer can own a temp file.
   * @returns the names removed.
   */
  async removeOrphanTempFiles(): Promise<string[]> {
    const escaped = this.base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`^\\.${escaped}\\.\\d+\\.[0-9a-f]{12}(\\.bak)?\\.tmp$`);
    const removed: string[] = [];
    for (const name of await readdir(this.dir)) {
      if (!pattern.test(name)) continue;
      await unlink(path.join(this.dir, name)).catch(() => undefined);
      removed.push(name);
    }
    return removed;
  }

  /** Unique temp name in the same folder (rename is only atomic within one filesystem). */
  private tempPath(kind: "" | ".bak"): string {
    return path.join(this.dir, `.${this.base}.${process.pid}.${randomBytes(6).toString("hex")}${kind}.tmp`);
  }

  /** Reads, parses and decodes one file; null when it does not exist. */
  private async load(filePath: string): Promise<Loaded<T> | null> {
    let handle;
    try {
      handle = await open(filePath, "r");
    } catch (err) {
      if (errorCode(err) === "ENOENT") return null;
      throw err;
    }
    let text: string;
    let stats: Stats;
    try {
      // stat and read through the same handle, so the identity matches the bytes parsed.
      stats = await handle.stat();
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      const reason = text.length === 0 ? "file is empty" : `not valid JSON (${(err as Error).message})`;
      throw new CorruptFileError(filePath, reason, { cause: err });
    }
    return { value: this.decode(raw, filePath), stats };
  }

  /**
   * Makes the current main file the `.bak`, but only if it is a good document: a damaged
   * main file must not replace a good backup. Linking then renaming means the `.bak`
   * name always points at a complete file.
   */
  private async backupCurrent(): Promise<void> {
    let current: Stats;
    try {
      current = await stat(this.path);
    } catch (err) {
      if (errorCode(err) === "ENOENT") return;
      throw err;
    }
    if (!sameIdentity(this.trusted, identityOf(current))) {
      try {
        if ((await this.load(this.path)) === null) return;
      } catch (err) {
        if (err instanceof CorruptFileError || err instanceof StateVersionError) return;
        throw err;
      }
    }
    const tmp = this.tempPath(".bak");
    try {
      await link(this.path, tmp);
    } catch (err) {
      if (!NO_HARD_LINK.has(errorCode(err) ?? "")) throw err;
      await copyFile(this.path, tmp);
      const handle = await open(tmp, "r+");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    try {
      await rename(tmp, this.backupPath);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
