/**
 * The files a push or a pull request changed, and their new contents, read through the REST
 * API: the lists of changed files (compare, commit, pull request files), the added lines from
 * each file's `patch`, and the blobs. Nothing of the commit is checked out or run, which is why
 * a fork's pull request can be read the same way as a branch of the repository.
 */
import pLimit from "p-limit";
import type { ChangedFilesInput, ChangedText, LineRange } from "../modules/security/changed-files.js";
import type { GitHubClient, RepoCoordinates } from "./client.js";

/** What one quick check may read: GitHub answers within seconds, and the webhook has 10 s. */
export const QUICK_SCAN_LIMITS = {
  /** Changed files fetched and scanned per check. */
  files: 300,
  /** A larger file is not fetched (or not scanned, when its size was unknown). */
  fileBytes: 1024 * 1024,
  /** Contents fetched per check, in total. */
  totalBytes: 20 * 1024 * 1024,
  /** Blob requests in flight at once. */
  concurrency: 8,
  /** Pages of 100 of a pull request's files: GitHub lists at most 3,000. */
  pullRequestPages: 30,
} as const;

export type QuickScanLimits = { -readonly [K in keyof typeof QUICK_SCAN_LIMITS]: number };

/** Where the changed files come from. */
export type ChangeSource =
  | {
      kind: "push";
      /** The branch tip before the push; all zeros for a new branch. */
      before: string;
      after: string;
      /** The pushed ref, `refs/heads/<branch>`. */
      ref: string;
      defaultBranch?: string | undefined;
    }
  | {
      kind: "pull_request";
      number: number;
      /** The pull request's `changed_files`, when the payload said. */
      changedFiles?: number | undefined;
    };

/** A file as GitHub's compare, commit and pull request files APIs list it. */
interface DiffEntry {
  sha?: string | null;
  filename: string;
  status: string;
  additions?: number;
  changes?: number;
  patch?: string;
}

/** One changed file, before its content is read. */
export interface ChangedFile {
  path: string;
  status: string;
  /** Blob id of the new content. */
  sha: string | null;
  /** Added lines of the new file; "all" when GitHub gave no patch for a file with changes. */
  changedLines: LineRange[] | "all";
  /** Why there is nothing to read: "removed", "submodule", "without added lines". */
  skip?: string;
}

export interface ChangedFileList {
  files: ChangedFile[];
  /** How many files the change touched: the pull request's own count when known, else what was listed. */
  total: number;
  /** Listing stopped early: more files than the scan cap were already listed. */
  stoppedAtCap: boolean;
  /** How the list was made, for the summary ("compare main...3f2a1b0c9d8e"). */
  source: string;
  /** Problems that leave part of the change unread. */
  incomplete: string[];
}

const ZERO_SHA = /^0+$/;
const short = (sha: string) => (/^[0-9a-f]{40}$/.test(sha) ? sha.slice(0, 12) : sha);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** An error as a reason a user can read; never the response body, which could quote content. */
function describeError(error: unknown): string {
  const status = statusOf(error);
  return status ? `HTTP ${status}` : "network error";
}

/**
 * The lines a unified-diff `patch` (GitHub's per-file `patch`, hunks only) added to the new
 * file, as sorted, merged ranges. Context lines move the new-file counter, removed lines do not;
 * each hunk ends where its header's counts say, so a trailing blank line is not read as context.
 */
export function changedLinesOfPatch(patch: string): LineRange[] {
  const ranges: [number, number][] = [];
  let line = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of patch.split("\n")) {
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(text);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      line = Number(hunk[2]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) continue;
    const mark = text[0];
    if (mark === "+") {
      const last = ranges[ranges.length - 1];
      if (last && last[1] === line - 1) last[1] = line;
      else ranges.push([line, line]);
      line++;
      newLeft--;
    } else if (mark === "-") oldLeft--;
    else if (mark === "\\") continue; // "\ No newline at end of file"
    else {
      // Context: " text", or an empty line where a tool trimmed the blank.
      line++;
      oldLeft--;
      newLeft--;
    }
  }
  return ranges;
}

/** A submodule's diff is one "Subproject commit <sha>" line per side: there is no blob to read. */
function isSubmodulePatch(patch: string): boolean {
  const body = patch.split("\n").filter((l) => l.startsWith("+") || l.startsWith("-"));
  return body.length > 0 && body.every((l) => /^[+-]Subproject commit [0-9a-f]{40}(-dirty)?$/.test(l));
}

function toChangedFile(entry: DiffEntry): ChangedFile {
  const file: ChangedFile = { path: entry.filename, status: entry.status, sha: entry.sha ?? null, changedLines: [] };
  if (entry.status === "removed") return { ...file, sha: null, skip: "removed" };
  if (typeof entry.patch === "string") {
    if (isSubmodulePatch(entry.patch)) return { ...file, skip: "submodule" };
    file.changedLines = changedLinesOfPatch(entry.patch);
  } else if ((entry.changes ?? entry.additions ?? 0) > 0) {
    // Lines changed but no patch: GitHub leaves out diffs too large to show. Every line counts.
    file.changedLines = "all";
  }
  // No patch and no line changes: binary, empty, or a rename or mode change only.
  if (file.changedLines !== "all" && file.changedLines.length === 0) file.skip = "without added lines";
  return file;
}

const listedFiles = (data: unknown): DiffEntry[] => {
  const files = (data as { files?: unknown } | null)?.files;
  return Array.isArray(files) ? (files as DiffEntry[]) : [];
};

/** A push's changed files: compare with the old tip, else with the default branch, else the head commit's own. */
async function listPushFiles(github: GitHubClient, where: RepoCoordinates, change: Extract<ChangeSource, { kind: "push" }>): Promise<ChangedFileList> {
  const attempts: { source: string; cap: string; request: () => Promise<unknown> }[] = [];
  const compare = (base: string) => ({
    source: `compare ${short(base)}...${short(change.after)}`,
    cap: "a comparison",
    request: async () =>
      (await github.request("GET /repos/{owner}/{repo}/compare/{basehead}", { ...where, basehead: `${base}...${change.after}` })).data,
  });
  if (change.before && !ZERO_SHA.test(change.before)) attempts.push(compare(change.before));
  // A new branch, or a force-push over a tip GitHub no longer has: what the branch adds to the
  // default branch. Not for the default branch itself, which would compare the commit with itself.
  if (change.defaultBranch && change.ref !== `refs/heads/${change.defaultBranch}`) attempts.push(compare(change.defaultBranch));
  attempts.push({
    source: `commit ${short(change.after)}`,
    cap: "a commit",
    request: async () => (await github.request("GET /repos/{owner}/{repo}/commits/{ref}", { ...where, ref: change.after })).data,
  });
  let last = "";
  for (const attempt of attempts) {
    let data: unknown;
    try {
      data = await attempt.request();
    } catch (error) {
      // 404: an unknown base (force-push, deleted branch); 422: no common history. Try the next way.
      const status = statusOf(error);
      last = describeError(error);
      if (status === 404 || status === 422) continue;
      return failedList(attempt.source, last);
    }
    const files = listedFiles(data).map(toChangedFile);
    const incomplete =
      files.length >= 300 ? [`GitHub lists at most 300 files of ${attempt.cap}; changed files beyond them were not scanned`] : [];
    return { files, total: files.length, stoppedAtCap: false, source: attempt.source, incomplete };
  }
  return failedList(`commit ${short(change.after)}`, last);
}

function failedList(source: string, why: string): ChangedFileList {
  return { files: [], total: 0, stoppedAtCap: false, source, incomplete: [`the changed files could not be listed (${why})`] };
}

/** A pull request's files, 100 a page, until the last page, GitHub's 3,000, or more than the scan cap. */
async function listPullRequestFiles(
  github: GitHubClient,
  where: RepoCoordinates,
  change: Extract<ChangeSource, { kind: "pull_request" }>,
  limits: QuickScanLimits,
): Promise<ChangedFileList> {
  const source = `pull request #${change.number} files`;
  const files: ChangedFile[] = [];
  let stoppedAtCap = false;
  for (let page = 1; page <= limits.pullRequestPages; page++) {
    let entries: DiffEntry[];
    try {
      const { data } = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
        ...where,
        pull_number: change.number,
        per_page: 100,
        page,
      });
      entries = Array.isArray(data) ? (data as DiffEntry[]) : [];
    } catch (error) {
      if (page === 1) return failedList(source, describeError(error));
      // The pages read so far are still scanned; the rest is named as not read.
      const why = `the changed files could not all be listed (${describeError(error)} on page ${page})`;
      return { files, total: Math.max(change.changedFiles ?? 0, files.length), stoppedAtCap: false, source, incomplete: [why] };
    }
    files.push(...entries.map(toChangedFile));
    if (entries.length < 100) break;
    // Past the scan cap the rest would not be read anyway; the payload's count says how many there are.
    if (files.filter((f) => !f.skip).length > limits.files) {
      stoppedAtCap = true;
      break;
    }
  }
  const total = Math.max(change.changedFiles ?? 0, files.length);
  const incomplete =
    !stoppedAtCap && total > files.length ? [`GitHub listed ${files.length} of ${total} changed files; the others were not scanned`] : [];
  return { files, total, stoppedAtCap, source, incomplete };
}

/**
 * The files a push or a pull request changed, with the lines each added. Never throws: a list
 * that could not be read comes back empty with the reason in `incomplete`.
 */
export async function listChangedFiles(
  github: GitHubClient,
  where: RepoCoordinates,
  change: ChangeSource,
  limits: QuickScanLimits = QUICK_SCAN_LIMITS,
): Promise<ChangedFileList> {
  try {
    return change.kind === "push" ? await listPushFiles(github, where, change) : await listPullRequestFiles(github, where, change, limits);
  } catch (error) {
    return failedList(change.kind === "push" ? `push to ${change.ref}` : `pull request #${change.number}`, describeError(error));
  }
}

/** "1 MB", "20 MB", or bytes when the cap is not whole megabytes. */
function sizeText(bytes: number): string {
  const mb = 1024 * 1024;
  return bytes % mb === 0 ? `${bytes / mb} MB` : `${bytes.toLocaleString("en-US")} bytes`;
}

/** Git's own test: a NUL byte in the first 8,000 bytes means binary. */
function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

async function fetchBlob(github: GitHubClient, where: RepoCoordinates, sha: string): Promise<Buffer> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...where, file_sha: sha });
  const blob = data as { content?: string; encoding?: string };
  return Buffer.from(blob.content ?? "", blob.encoding === "base64" ? "base64" : "utf8");
}

/** Options for {@link fetchChangedContents}. */
export interface FetchContentsOptions {
  /** File sizes by path (the commit's tree listing), so files over the caps are not downloaded at all. */
  sizes?: ReadonlyMap<string, number>;
  limits?: QuickScanLimits;
}

/**
 * Reads the changed files' new contents through the blobs API, at most `concurrency` at once,
 * within the caps (files per check, bytes per file, bytes per check). Binary files are skipped
 * and counted; files left out by a cap, or whose request failed, are named in `incomplete`,
 * so the check cannot end green. Never throws.
 */
export async function fetchChangedContents(
  github: GitHubClient,
  where: RepoCoordinates,
  list: ChangedFileList,
  options: FetchContentsOptions = {},
): Promise<ChangedFilesInput> {
  const limits = options.limits ?? QUICK_SCAN_LIMITS;
  const skipped: Record<string, number> = {};
  const skip = (why: string) => void (skipped[why] = (skipped[why] ?? 0) + 1);
  const incomplete = [...list.incomplete];
  const wanted: (ChangedFile & { sha: string })[] = [];
  for (const file of list.files) {
    if (file.skip) skip(file.skip);
    else if (!file.sha) skip("without a blob id");
    else wanted.push({ ...file, sha: file.sha });
  }
  if (wanted.length > limits.files || list.stoppedAtCap) {
    incomplete.push(`${Math.max(list.total, wanted.length)} changed files; the first ${limits.files} were scanned`);
  }

  // Sizes known from the tree decide before any download, in list order, so "the first" is stable.
  let tooLarge = 0;
  let overTotal = 0;
  let reserved = 0;
  const toFetch: { file: (typeof wanted)[number]; size: number | undefined }[] = [];
  for (const file of wanted.slice(0, limits.files)) {
    const size = options.sizes?.get(file.path);
    if (size !== undefined && size > limits.fileBytes) tooLarge++;
    else if (size !== undefined && reserved + size > limits.totalBytes) overTotal++;
    else {
      if (size !== undefined) reserved += size;
      toFetch.push({ file, size });
    }
  }

  const failures = new Map<string, number>();
  const limit = pLimit(limits.concurrency);
  const read = await Promise.all(
    toFetch.map(({ file, size }) =>
      limit(async (): Promise<ChangedText | null> => {
        let content: Buffer;
        try {
          content = await fetchBlob(github, where, file.sha);
        } catch (error) {
          const why = describeError(error);
          failures.set(why, (failures.get(why) ?? 0) + 1);
          return null;
        }
        if (content.length > limits.fileBytes) {
          tooLarge++;
          return null;
        }
        if (isBinary(content)) {
          skip("binary");
          return null;
        }
        if (size === undefined) {
          if (reserved + content.length > limits.totalBytes) {
            overTotal++;
            return null;
          }
          reserved += content.length;
        }
        return { path: file.path, text: content.toString("utf8"), changedLines: file.changedLines };
      }),
    ),
  );

  const was = (n: number) => (n === 1 ? "was" : "were");
  if (tooLarge) incomplete.push(`${plural(tooLarge, "changed file")} over the ${sizeText(limits.fileBytes)} size cap ${was(tooLarge)} not scanned`);
  if (overTotal) incomplete.push(`${plural(overTotal, "changed file")} past the ${sizeText(limits.totalBytes)} per-check cap ${was(overTotal)} not scanned`);
  // Sorted: requests finish in any order, and the summary should not change from run to run.
  for (const [why, n] of [...failures].sort(([a], [b]) => a.localeCompare(b))) incomplete.push(`${plural(n, "changed file")} could not be fetched (${why})`);
  return {
    files: read.filter((f): f is ChangedText => f !== null),
    changedFiles: list.total,
    skipped,
    incomplete,
    source: list.source,
  };
}
