/**
 * Requirements that live in an ancestor file: Cargo members' `workspace = true` entries take
 * the workspace root's `[workspace.dependencies]`, and NuGet projects without a version take
 * the nearest Directory.Packages.props (MSBuild picks the nearest one walking up).
 */
import { dirName } from "./names.js";
import type { Declared, ParsedManifest } from "./parsed.js";

export interface Inherited {
  manifests: ParsedManifest[];
  /** Directory.Packages.props files some project file below them uses. */
  usedCentral: Set<ParsedManifest>;
}

/** Fills inherited requirements into the manifests and says which central-version files were used. */
export function inheritVersions(manifests: readonly ParsedManifest[]): Inherited {
  const cargoRoots = new Map<string, ParsedManifest>();
  const centralFiles = new Map<string, ParsedManifest>();
  for (const m of manifests) {
    if (m.inheritable) cargoRoots.set(dirName(m.path), m);
    if (m.central) centralFiles.set(dirName(m.path), m);
  }
  const usedCentral = new Set<ParsedManifest>();
  const out = manifests.map((m) => {
    if (m.ecosystem === "NuGet" && !m.central) {
      const props = nearest(centralFiles, dirName(m.path));
      if (!props) return m;
      usedCentral.add(props);
      const versions = new Map(props.central!.map((d) => [d.name.toLowerCase(), d]));
      return { ...m, dependencies: m.dependencies.map((d) => fromCentral(d, versions.get(d.name.toLowerCase()))) };
    }
    if (m.ecosystem === "crates.io" && m.dependencies.some((d) => d.inherits === "cargo-workspace")) {
      const root = nearest(cargoRoots, dirName(m.path));
      const dependencies: Declared[] = [];
      for (const d of m.dependencies) {
        if (d.inherits !== "cargo-workspace" || !root) {
          dependencies.push(d);
          continue;
        }
        const inherited = root.inheritable!.get(d.name);
        if (inherited === null) continue; // a path or git crate in the workspace table
        if (inherited === undefined) dependencies.push(d);
        else {
          const range = inherited.range !== undefined ? { range: inherited.range } : {};
          dependencies.push({ ...d, name: inherited.name, version: inherited.version, ...range });
        }
      }
      return { ...m, dependencies };
    }
    return m;
  });
  return { manifests: out, usedCentral };
}

function fromCentral(d: Declared, central: Declared | undefined): Declared {
  if (d.inherits !== "nuget-central" || !central) return d;
  return { ...d, version: central.version, ...(central.range !== undefined ? { range: central.range } : {}) };
}

/** The entry for `dir` or its closest ancestor folder. */
function nearest(byDir: Map<string, ParsedManifest>, dir: string): ParsedManifest | undefined {
  let d = dir;
  for (;;) {
    const hit = byDir.get(d);
    if (hit) return hit;
    if (d === "") return undefined;
    const slash = d.lastIndexOf("/");
    d = slash === -1 ? "" : d.slice(0, slash);
  }
}
