/** A file the analysis saw, path relative to the repo root with `/` separators. */
export interface ListedFile {
  path: string;
  size: number;
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

export interface LanguageStats {
  files: number;
  bytes: number;
}

/** What the analyze stage hands every module. Later analysis work adds lines, deps, metrics. */
export interface Analysis {
  source: FileListing["source"];
  files: ListedFile[];
  skipped: Record<string, number>;
  truncated: boolean;
  /** By Linguist language name; files of unknown language are under "Other". */
  languages: Record<string, LanguageStats>;
  totalBytes: number;
}
