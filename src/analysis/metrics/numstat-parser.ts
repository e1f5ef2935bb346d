import type { FileChurn } from "./types.js";

/** The byte `collectChurn` asks git to print at the start of each commit (`--format=%x1e`). */
export const COMMIT_MARK = 0x1e;

/**
 * Incremental parser for `git log --numstat -z --no-renames --format=%x1e`: a commit is the
 * mark followed by NUL, then one `added\tdeleted\tpath` NUL-terminated record per file (the
 * first preceded by a newline). Binary files show `-\t-`: they count a commit but no lines.
 * Chunks can split records anywhere; only the unfinished tail is kept between chunks, so
 * memory is bounded by the number of distinct paths, not by the size of the log.
 */
export class NumstatParser {
  readonly files = new Map<string, FileChurn>();
  /** Commits seen, merges and empty commits included. */
  commits = 0;
  private pending: Buffer = Buffer.alloc(0);
  /** Commit number in which each path was last counted, so a path listed twice in one commit counts once. */
  private readonly lastCommit = new Map<string, number>();

  push(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(0, start); end >= 0; end = data.indexOf(0, start)) {
      this.record(data.subarray(start, end));
      start = end + 1;
    }
    // Copy the tail: a subarray would pin the whole chunk in memory.
    this.pending = Buffer.from(data.subarray(start));
  }

  /** Parses a final record not followed by NUL (git always ends records with one; this is for a cut-off stream). */
  end(): Map<string, FileChurn> {
    if (this.pending.length > 0) this.record(this.pending);
    this.pending = Buffer.alloc(0);
    return this.files;
  }

  private record(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length && (bytes[offset] === 0x0a || bytes[offset] === 0x0d)) offset += 1;
    if (offset >= bytes.length) return;
    if (bytes[offset] === COMMIT_MARK) {
      this.commits += 1;
      return;
    }
    const text = bytes.toString("utf8", offset);
    const firstTab = text.indexOf("\t");
    const secondTab = firstTab < 0 ? -1 : text.indexOf("\t", firstTab + 1);
    if (secondTab < 0) return;
    const path = text.slice(secondTab + 1);
    if (path === "") return;
    const added = lineCount(text.slice(0, firstTab));
    const deleted = lineCount(text.slice(firstTab + 1, secondTab));
    if (added === null || deleted === null) return;
    let entry = this.files.get(path);
    if (!entry) {
      entry = { commits: 0, added: 0, deleted: 0 };
      this.files.set(path, entry);
    }
    if (this.lastCommit.get(path) !== this.commits) {
      entry.commits += 1;
      this.lastCommit.set(path, this.commits);
    }
    entry.added += added;
    entry.deleted += deleted;
  }
}

/** A numstat count: digits, or `-` for a binary file (0 lines). Null for anything else. */
function lineCount(field: string): number | null {
  if (field === "-") return 0;
  if (!/^\d+$/.test(field)) return null;
  return Number(field);
}
