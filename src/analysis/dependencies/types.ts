/** OSV ecosystem names, so the security module can query OSV with them unchanged. */
export type Ecosystem = "npm" | "PyPI" | "Go" | "crates.io" | "Maven" | "Packagist" | "RubyGems" | "NuGet";

/** One dependency of the analysed repository. */
export interface Dependency {
  /** As the ecosystem spells it (Maven: "group:artifact"; PyPI: PEP 503-normalised name). */
  name: string;
  /** Exact resolved version when a lockfile (or an exact pin) says; else null. */
  version: string | null;
  /** The declared requirement when there is one (e.g. "^1.2.0", ">=2,<3"). */
  range?: string;
  ecosystem: Ecosystem;
  /** Declared by the project itself vs only pulled in transitively. */
  direct: boolean;
  /** Dev/test/optional group. */
  dev: boolean;
  /** Repo-relative path of the file this entry came from (the lockfile when merged). */
  manifest: string;
}

/** A manifest that could not be read whole, or a part of it that was left out, in one line. */
export interface ManifestProblem {
  manifest: string;
  message: string;
}

/** What reading one or many dependency files gives. */
export interface DependencyReport {
  dependencies: Dependency[];
  problems: ManifestProblem[];
}
