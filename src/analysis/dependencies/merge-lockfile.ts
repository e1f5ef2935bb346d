/**
 * Joins one lockfile with the manifests it covers (see `collectDependencies` for which ones).
 */
import { dirName, nameKey } from "./names.js";
import type { Declared, LockImporter, LockPackage, ParsedLockfile, ParsedManifest } from "./parsed.js";
import { toDependency } from "./parsed.js";
import type { Dependency } from "./types.js";

export interface CoveredManifest {
  manifest: ParsedManifest;
  /** The manifest's folder relative to the lockfile's folder. */
  rel: string;
}

export interface MergeResult {
  dependencies: Dependency[];
  /** Declared dependencies the lockfile has no entry for (a stale lock, or a skipped source). */
  unresolved: Declared[];
}

interface Root {
  id: string;
  dev: boolean;
}

/**
 * Direct dependencies take the lockfile's resolved version (and its path as `manifest` when
 * the manifest sits beside it; a workspace member keeps its own path). Every other package
 * the lockfile installed is reported once as transitive, with `dev` true when only dev roots
 * reach it through the lockfile's graph, or by the lockfile's own mark when there is no graph.
 */
export function mergeLockfile(lock: ParsedLockfile, covered: readonly CoveredManifest[]): MergeResult {
  const eco = lock.ecosystem;
  const byId = new Map<string, LockPackage>();
  const byName = new Map<string, LockPackage[]>();
  for (const p of lock.packages) {
    byId.set(p.id, p);
    const k = nameKey(eco, p.name);
    const list = byName.get(k);
    if (list) list.push(p);
    else byName.set(k, [p]);
  }

  const out: Dependency[] = [];
  const unresolved: Declared[] = [];
  const roots: Root[] = [];
  const directVersions = new Set<string>();
  const usedImporters = new Set<LockImporter>();
  const lockDir = dirName(lock.path);
  // A dependency on a sibling workspace member (npm `"@acme/web": "*"`) is in-repo code.
  const members = new Set(covered.map((c) => c.manifest.packageName).filter((n): n is string => n !== undefined).map((n) => nameKey(eco, n)));

  for (const { manifest, rel } of covered) {
    const importer =
      lock.importers.find((i) => i.path === rel) ??
      (manifest.packageName !== undefined ? lock.importers.find((i) => i.path === undefined && i.name === manifest.packageName) : undefined);
    if (importer) usedImporters.add(importer);
    const manifestPath = dirName(manifest.path) === lockDir ? lock.path : manifest.path;
    for (const d of manifest.dependencies) {
      const pkg = findPackage(lock, importer, rel, d, byId, byName);
      if (!pkg || pkg.hidden) {
        if (!members.has(nameKey(eco, d.name))) unresolved.push(d);
        continue;
      }
      roots.push({ id: pkg.id, dev: d.dev });
      // The lockfile's spelling is the registry's (NuGet ids are case-insensitive in a csproj).
      out.push(toDependency({ ...d, name: pkg.name, version: pkg.version, manifest: manifestPath }));
      if (d.direct) directVersions.add(`${nameKey(eco, pkg.name)}@${pkg.version}`);
    }
  }

  // Members the lockfile knows but whose manifest was not given still have direct dependencies.
  for (const importer of lock.importers) {
    if (usedImporters.has(importer)) continue;
    for (const dep of importer.deps) {
      const pkg = dep.id !== undefined ? byId.get(dep.id) : undefined;
      if (!pkg || pkg.hidden) continue;
      roots.push({ id: pkg.id, dev: dep.dev });
      const entry: Dependency = { name: pkg.name, version: pkg.version, ecosystem: eco, direct: true, dev: dep.dev, manifest: lock.path };
      if (dep.range !== undefined) entry.range = dep.range;
      out.push(entry);
      directVersions.add(`${nameKey(eco, pkg.name)}@${pkg.version}`);
    }
  }

  const devOf = lock.graph ? devByReachability(roots, byId) : (p: LockPackage) => p.dev === true;
  for (const p of lock.packages) {
    if (p.hidden || directVersions.has(`${nameKey(eco, p.name)}@${p.version}`)) continue;
    out.push({ name: p.name, version: p.version, ecosystem: eco, direct: false, dev: devOf(p), manifest: lock.path });
  }
  return { dependencies: out, unresolved };
}

function findPackage(
  lock: ParsedLockfile,
  importer: LockImporter | undefined,
  rel: string,
  d: Declared,
  byId: Map<string, LockPackage>,
  byName: Map<string, LockPackage[]>,
): LockPackage | undefined {
  const key = d.key ?? d.name;
  const wanted = nameKey(lock.ecosystem, key);
  // A lockfile that records what this project asked for, or resolves requirements itself,
  // is authoritative: a requirement it does not know is not locked yet (stale lockfile),
  // and guessing by name would pick some transitive copy.
  if (importer) {
    const id = importer.deps.find((dep) => nameKey(lock.ecosystem, dep.key) === wanted)?.id;
    return id === undefined ? undefined : byId.get(id);
  }
  if (lock.resolve) {
    const id = lock.resolve(rel, key, d.spec);
    return id === undefined ? undefined : byId.get(id);
  }
  const candidates = byName.get(nameKey(lock.ecosystem, d.name));
  if (!candidates) return undefined;
  // Without an importer record, an exact pin picks its own version; otherwise the first
  // non-hidden entry is the best guess (one version per name is by far the common case).
  return (
    (d.version !== null ? candidates.find((p) => p.version === d.version) : undefined) ??
    candidates.find((p) => !p.hidden) ??
    candidates[0]
  );
}

/** Reachable from a production root → not dev; reachable only from dev roots → dev. */
function devByReachability(roots: readonly Root[], byId: Map<string, LockPackage>): (p: LockPackage) => boolean {
  const walk = (start: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...start];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const next of byId.get(id)?.deps ?? []) if (!seen.has(next)) stack.push(next);
    }
    return seen;
  };
  const prod = walk(roots.filter((r) => !r.dev).map((r) => r.id));
  const dev = walk(roots.filter((r) => r.dev).map((r) => r.id));
  return (p) => (prod.has(p.id) ? false : dev.has(p.id) ? true : p.dev === true);
}
