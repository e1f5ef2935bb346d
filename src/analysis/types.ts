/** A file the analysis saw, path relative to the repo root with `/` separators. */
export interface ListedFile {
  path: string;
  size: number;
  /**
   * Git blob id of the content, set only when git reported the work-tree file unchanged from
   * the index, so a cache can trust it without reading the file.
   */
  blob?: string;
  /** Modification time (ms) from the listing's lstat, when it made one. */
  mtimeMs?: number;
}

/** The files of a repository as one source (git, a walk, or GitHub's tree API) lists them. */
export interface FileListing {
  source: "git" | "walk" | "github-tree";
  files: ListedFile[];
  /** Counts of entries left out, by reason (symlink, submodule, missing, …). */
  skipped: Record<string, number>;
  /** True when the source could not list everything (GitHub truncates very large trees). */
  truncated: boolean;
}

// The analysis itself (languages, lines, dependencies, metrics) is described in analysis-types.ts.
