/**
 * What each format parser hands the merge step. Internal: the public surface is `Dependency`.
 * A manifest says what the project asked for; a lockfile says what was installed and, when it
 * can, which of those the project asked for (its "importers") and who pulled in whom.
 */
import type { Dependency, Ecosystem, ManifestProblem } from "./types.js";

/** A dependency as a manifest declares it, plus what lockfile lookups need. */
export interface Declared extends Dependency {
  /** The name lockfiles key this entry by, when it differs from `name` (an npm alias). */
  key?: string;
  /** The requirement exactly as written; yarn keys its entries by `name@spec`. */
  spec?: string;
  /** The version lives in an ancestor file: Cargo `workspace = true`, NuGet central versions. */
  inherits?: "cargo-workspace" | "nuget-central";
}

export interface ParsedManifest {
  kind: "manifest";
  path: string;
  ecosystem: Ecosystem;
  dependencies: Declared[];
  /** The package this manifest defines; Cargo.lock names workspace members only by it. */
  packageName?: string;
  /** Workspace member globs, relative to this manifest's folder. */
  workspaces?: { include: string[]; exclude: string[] };
  /**
   * Requirements this file hands down to files below it (Cargo `[workspace.dependencies]`);
   * null for an in-repo or skipped source, which members then leave out too.
   */
  inheritable?: Map<string, Declared | null>;
  /**
   * Versions for project files below (NuGet `Directory.Packages.props`). Reported as this file's
   * own dependencies only when no project file uses them.
   */
  central?: Declared[];
}

/** One installed package in a lockfile. `id` is unique within the lockfile. */
export interface LockPackage {
  id: string;
  name: string;
  version: string;
  /** The lockfile's own dev mark, used when the dependency graph cannot decide. */
  dev?: boolean;
  /** Ids of the packages this one depends on, when the lockfile records them. */
  deps?: string[];
  /** Kept for the graph but never reported (git, path or other-registry sources). */
  hidden?: boolean;
}

/** A dependency a workspace member declares, as its lockfile records it. */
export interface ImporterDep {
  key: string;
  id: string | undefined;
  dev: boolean;
  range?: string;
}

/** A project (workspace member) inside a lockfile, found by folder or by package name. */
export interface LockImporter {
  /** Folder relative to the lockfile's folder, "" for the lockfile's own. */
  path?: string;
  name?: string;
  deps: ImporterDep[];
}

export interface ParsedLockfile {
  kind: "lockfile";
  path: string;
  ecosystem: Ecosystem;
  packages: LockPackage[];
  importers: LockImporter[];
  /** True when `deps` edges are recorded, so dev-only packages can be told by reachability. */
  graph: boolean;
  /** The package id a declared dependency resolves to, when the format can tell (npm trees, yarn keys). */
  resolve?: (importerPath: string, key: string, spec: string | undefined) => string | undefined;
}

export type ParsedFile = ParsedManifest | ParsedLockfile;

export interface ParseOutcome {
  file: ParsedFile | null;
  problems: ManifestProblem[];
}

/** Strips the merge-only fields off a declared dependency. */
export function toDependency(d: Declared | Dependency): Dependency {
  const out: Dependency = {
    name: d.name,
    version: d.version,
    ecosystem: d.ecosystem,
    direct: d.direct,
    dev: d.dev,
    manifest: d.manifest,
  };
  if (d.range !== undefined) out.range = d.range;
  return out;
}
