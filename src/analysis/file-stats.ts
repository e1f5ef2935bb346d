/**
 * Per-file language and line counts for a listing: the "Languages and lines" part of the
 * analysis. Files are skipped — and counted by reason — when Linguist calls their path
 * vendored or generated, when they exceed the size cap, or when their content is binary,
 * minified or generated. Contents are read once, hashed to the git blob id when the listing
 * has none, counted in place as bytes (no decoding, so non-UTF-8 text counts like cloc counts
 * it) and dropped, so memory stays bounded by the size cap.
 */
import { createHash } from "node:crypto";
import { closeSync, constants, openSync, readSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { classifyContentBeforeCounting, classifyPath, isMinified, type ContentClass } from "./classify.js";
import { countLineBytes } from "./count-lines.js";
import { decodeText } from "./linguist/generated-content.js";
import { HEURISTICS_CONSIDER_BYTES } from "./linguist/heuristics.js";
import { detectLanguage, languageNeedsContent } from "./languages.js";
import type { FileListing, ListedFile } from "./types.js";

/** A counted file. */
export interface FileStats {
  path: string;
  size: number;
  /** Git blob id of the content (the listing's when git vouched for it, else computed while reading). */
  blob: string;
  /** Linguist language name, or null when Linguist knows none (every non-blank line is then code). */
  language: string | null;
  code: number;
  comment: number;
  blank: number;
}

/** Why a listed file was not counted. */
export type StatsSkipReason = "vendored" | "generated" | "too-large" | "binary" | "minified" | "unreadable" | "missing" | "symlink";

/** What the cache keeps per file: the counts, or the content-based reason the file was skipped. */
export interface CachedStats {
  /** Git blob id; empty for a skipped file. */
  blob: string;
  /** Set when the content made the file skipped; the counts are then zero. */
  skip: ContentClass | null;
  language: string | null;
  code: number;
  comment: number;
  blank: number;
}

/**
 * Per-file results of earlier runs. `validator` proves the file unchanged without reading it:
 * the listing's git blob id when git reported the work-tree file unmodified, else
 * `<size>:<mtimeMs>` from the listing's lstat (a same-size rewrite within the same
 * millisecond would go unnoticed; git's own racy-clean problem, accepted here). Files with
 * neither are always read. A store that outlives a change to how Lodestar counts must be
 * versioned by its owner (the state store's ANALYSIS_CACHE_VERSION).
 */
export interface FileStatsCache {
  get(path: string, validator: string): CachedStats | undefined;
  set(path: string, validator: string, value: CachedStats): void;
}

export interface CollectFileStatsOptions {
  /** Files larger than this are skipped as "too-large" without being read (default 1 MiB). */
  maxFileBytes?: number;
  cache?: FileStatsCache;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Told the path and reason of every skipped file (the incremental analysis remembers them). */
  onSkip?: (path: string, reason: StatsSkipReason) => void;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** The event loop gets a turn at least this often while files are read and counted. */
const YIELD_AFTER_MS = 20;

/** The cache validator of a listed file, or null when only reading it can tell. */
export function statsValidator(file: ListedFile): string | null {
  if (file.blob) return file.blob;
  if (file.mtimeMs !== undefined) return `${file.size}:${file.mtimeMs}`;
  return null;
}

/** The id `git hash-object --no-filters` gives these bytes. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

type ReadResult = { bytes: Buffer } | { skip: "too-large" | "unreadable" | "missing" | "symlink" };

/**
 * Reads files of at most `cap` bytes into one buffer reused for every file (one allocation
 * instead of one per file, which otherwise costs more in garbage collection than the
 * reading), sized to the largest file met so far, not to the cap. Files are opened without
 * following a symlink in the last component (one could have replaced the file since it was
 * listed) and without blocking on a FIFO that replaced it. Synchronous on purpose: for
 * thousands of small files, open/read/close through the thread pool costs several times the
 * CPU of direct calls. The bytes returned are valid until the next read. Never throws.
 */
class FileReader {
  private buf = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly cap: number) {}

  read(full: string, expected: number): ReadResult {
    let fd: number;
    try {
      fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      return { skip: skipForError(error) };
    }
    try {
      // Room for the expected size and one byte more, which tells a file that grew past the cap.
      this.ensure(Math.min(expected, this.cap) + 1);
      let length = 0;
      for (;;) {
        const read = readSync(fd, this.buf, length, this.buf.length - length, null);
        length += read;
        // A regular file that does not fill the buffer has ended.
        if (read === 0 || length < this.buf.length) break;
        if (length > this.cap) return { skip: "too-large" };
        this.ensure(Math.min(this.buf.length * 2, this.cap + 1), length);
      }
      if (length > this.cap) return { skip: "too-large" };
      return { bytes: this.buf.subarray(0, length) };
    } catch (error) {
      return { skip: skipForError(error) };
    } finally {
      try {
        closeSync(fd);
      } catch {
        // nothing to do
      }
    }
  }

  /** Grows the buffer to at least `size` bytes, keeping its first `keep` bytes. */
  private ensure(size: number, keep = 0): void {
    if (this.buf.length >= size) return;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, keep);
    this.buf = bigger;
  }
}

function skipForError(error: unknown): "unreadable" | "missing" | "symlink" {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return "symlink";
  if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return "missing";
  return "unreadable";
}

/**
 * Language and line counts of content already read (pure). `blobOf` is called only for a
 * file that is counted: skipped content needs no id.
 */
export function statsOfContent(filePath: string, bytes: Uint8Array, blobOf: () => string): CachedStats {
  const skipped = (skip: ContentClass): CachedStats => ({ blob: "", skip, language: null, code: 0, comment: 0, blank: 0 });
  const early = classifyContentBeforeCounting(filePath, bytes);
  if (early) return skipped(early);
  // Decode the start only when the path leaves the language open or a #! line may decide it.
  const needsHead = (bytes[0] === 35 && bytes[1] === 33) || languageNeedsContent(filePath);
  const language = detectLanguage(filePath, needsHead ? decodeText(bytes.subarray(0, HEURISTICS_CONSIDER_BYTES)) : undefined);
  const { code, comment, blank } = countLineBytes(language, bytes);
  // The counter has found every newline: the minified check reuses them.
  const lines = code + comment + blank;
  const newlines = bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? lines - 1 : lines;
  if (isMinified(filePath, bytes, newlines)) return skipped("minified");
  return { blob: blobOf(), skip: null, language, code, comment, blank };
}

/**
 * Counts languages and lines for the files of a listing (see the module comment for what is
 * skipped). With a cache, a file whose validator matches is neither read nor stat'ed. Bad
 * files (unreadable, vanished, replaced by a symlink, huge, binary, not UTF-8) are counted
 * in `skipped` or counted as bytes; they never make this throw. Only an abort rejects.
 */
export async function collectFileStats(
  root: string,
  listing: FileListing,
  options: CollectFileStatsOptions = {},
): Promise<{ files: FileStats[]; skipped: Record<string, number> }> {
  const cap = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { cache, signal, onProgress, onSkip } = options;
  // Normalised once; listed paths are clean and relative, so files are joined by concatenation.
  const base = path.resolve(root);
  const files = listing.files;
  const skipped: Record<string, number> = {};
  const reader = new FileReader(cap);
  let current = "";
  const skip = (why: StatsSkipReason) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
    onSkip?.(current, why);
  };

  const one = (file: ListedFile): FileStats | undefined => {
    current = file.path;
    const byPath = classifyPath(file.path);
    if (byPath) return void skip(byPath);
    if (file.size > cap) return void skip("too-large");
    const validator = statsValidator(file);
    let stats = validator ? cache?.get(file.path, validator) : undefined;
    let size = file.size;
    if (!stats) {
      const read = reader.read(`${base}/${file.path}`, file.size);
      if ("skip" in read) return void skip(read.skip);
      size = read.bytes.length;
      // An unmodified tracked file's blob id is the index's; hashing is only for the others.
      const { bytes } = read;
      stats = statsOfContent(file.path, bytes, () => file.blob ?? gitBlobId(bytes));
      if (validator) cache?.set(file.path, validator, stats);
    }
    if (stats.skip) return void skip(stats.skip);
    return { path: file.path, size, blob: stats.blob, language: stats.language, code: stats.code, comment: stats.comment, blank: stats.blank };
  };

  const counted: FileStats[] = [];
  let lastYield = performance.now();
  for (let k = 0; k < files.length; k++) {
    // Work in slices of ~20 ms so timers, progress output and aborts get their turn.
    if ((k & 31) === 31 && performance.now() - lastYield > YIELD_AFTER_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    signal?.throwIfAborted();
    const result = one(files[k] as ListedFile);
    if (result) counted.push(result);
    onProgress?.(k + 1, files.length);
  }
  return { files: counted, skipped };
}

/** Reads a text file, or null when it cannot be read or is larger than `max`. */
export async function readTextFile(root: string, rel: string, max: number): Promise<string | null> {
  try {
    const full = path.join(root, rel);
    const info = await stat(full);
    if (!info.isFile() || info.size > max) return null;
    return await readFile(full, "utf8");
  } catch {
    return null;
  }
}
