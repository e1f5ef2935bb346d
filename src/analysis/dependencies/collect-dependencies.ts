/** All dependency files of a repository, read and merged into one list. */
import { inheritVersions } from "./inherit-versions.js";
import type { CoveredManifest } from "./merge-lockfile.js";
import { mergeLockfile } from "./merge-lockfile.js";
import { dirName, matchesWorkspace, relativeDir } from "./names.js";
import type { Declared, ParsedLockfile, ParsedManifest } from "./parsed.js";
import { toDependency } from "./parsed.js";
import { parseSafely } from "./parse-dependency-file.js";
import { sortAndDedupe } from "./sort-and-dedupe.js";
import type { Dependency, DependencyReport, ManifestProblem } from "./types.js";

/**
 * Parses every file (pure: the caller reads them), then merges per ecosystem and folder.
 *
 * Merge rule:
 * 1. A lockfile covers the manifests of its ecosystem in its own folder, and workspace
 *    members below it: folders the lockfile lists as importers (package-lock v2+, pnpm,
 *    yarn berry, uv), crates it lists by package name (Cargo.lock), or folders matching the
 *    `workspaces` globs of the manifest beside it (npm/yarn `workspaces`, Cargo
 *    `[workspace] members`, uv `[tool.uv.workspace] members`). The nearest lockfile wins;
 *    two lockfiles in one folder (yarn.lock beside package-lock.json) both apply.
 * 2. A covered manifest's dependencies take the lockfile's resolved version. Their
 *    `manifest` is the lockfile's path when the manifest sits beside it; a workspace member
 *    keeps its own path, so each member's dependencies stay attributable.
 * 3. Every other package in the lockfile is reported with `direct: false` and the lockfile's
 *    path; it is dev when only dev dependencies reach it through the lockfile's graph, or by
 *    the lockfile's own mark when the format records no graph (package-lock, composer.lock,
 *    gradle.lockfile). Lockfile importers with no manifest given count as direct.
 * 4. A manifest dependency no covering lockfile resolves (stale lock, git source) and every
 *    manifest without a lockfile are reported as declared: version only if pinned exactly.
 *    A dependency on a sibling workspace member (npm `"@acme/web": "*"`) is in-repo code
 *    and is left out.
 * 5. Before that, Cargo `workspace = true` and NuGet central versions are filled in from the
 *    nearest ancestor Cargo.toml / Directory.Packages.props.
 * 6. Identical (ecosystem, name, version, manifest folder) entries become one (direct if any
 *    was, dev only if all were); the list is sorted by ecosystem, name, version, manifest.
 *
 * Several manifests in different folders without a shared lockfile (a monorepo of separate
 * projects) each keep their own `manifest` path. Never throws: broken files give problems.
 */
export function collectDependencies(files: readonly { path: string; text: string }[]): DependencyReport {
  const problems: ManifestProblem[] = [];
  const parsedManifests: ParsedManifest[] = [];
  const locks: ParsedLockfile[] = [];
  const seen = new Set<string>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    const { file, problems: found } = parseSafely(f.path, f.text);
    problems.push(...found);
    if (file?.kind === "manifest") parsedManifests.push(file);
    else if (file) locks.push(file);
  }

  try {
    return { dependencies: merge(parsedManifests, locks), problems };
  } catch (err) {
    // A merge bug must not cost the whole analysis: fall back to the unmerged entries.
    problems.push({ manifest: "", message: `dependency merge failed: ${err instanceof Error ? err.message : String(err)}` });
    const flat: Dependency[] = [
      ...parsedManifests.flatMap((m) => m.dependencies.map(toDependency)),
      ...locks.flatMap((l) => mergeLockfileSafe(l)),
    ];
    return { dependencies: sortAndDedupe(flat), problems };
  }
}

function mergeLockfileSafe(lock: ParsedLockfile): Dependency[] {
  try {
    return mergeLockfile(lock, []).dependencies;
  } catch {
    return [];
  }
}

function merge(parsedManifests: ParsedManifest[], locks: ParsedLockfile[]): Dependency[] {
  const { manifests, usedCentral } = inheritVersions(parsedManifests);
  const coverage = new Map<ParsedLockfile, CoveredManifest[]>(locks.map((l) => [l, []]));
  const coveringCount = new Map<ParsedManifest, number>();
  const workspaceRoots = new Map<string, ParsedManifest[]>();
  for (const m of manifests) {
    if (!m.workspaces) continue;
    const key = `${m.ecosystem}\0${dirName(m.path)}`;
    workspaceRoots.set(key, [...(workspaceRoots.get(key) ?? []), m]);
  }
  for (const m of manifests) {
    const covering = coveringLocks(m, locks, workspaceRoots);
    coveringCount.set(m, covering.length);
    for (const { lock, rel } of covering) coverage.get(lock)!.push({ manifest: m, rel });
  }

  const out: Dependency[] = [];
  const unresolvedIn = new Map<Declared, number>();
  for (const lock of locks) {
    const merged = mergeLockfile(lock, coverage.get(lock)!);
    out.push(...merged.dependencies);
    for (const d of merged.unresolved) unresolvedIn.set(d, (unresolvedIn.get(d) ?? 0) + 1);
  }
  for (const m of manifests) {
    const covering = coveringCount.get(m) ?? 0;
    for (const d of m.dependencies) {
      if (covering === 0 || unresolvedIn.get(d) === covering) out.push(toDependency(d));
    }
    if (m.central && !usedCentral.has(m)) out.push(...m.central.map(toDependency));
  }
  return sortAndDedupe(out);
}

/** The nearest lockfile folder covering a manifest (rule 1), with every lockfile in it. */
function coveringLocks(
  m: ParsedManifest,
  locks: readonly ParsedLockfile[],
  workspaceRoots: Map<string, ParsedManifest[]>,
): { lock: ParsedLockfile; rel: string }[] {
  let best: { lock: ParsedLockfile; rel: string }[] = [];
  let bestDepth = -1;
  const dir = dirName(m.path);
  for (const lock of locks) {
    if (lock.ecosystem !== m.ecosystem) continue;
    const lockDir = dirName(lock.path);
    const rel = relativeDir(lockDir, dir);
    if (rel === null || !covers(lock, m, rel, workspaceRoots.get(`${lock.ecosystem}\0${lockDir}`) ?? [])) continue;
    const depth = lockDir === "" ? 0 : lockDir.split("/").length;
    if (depth > bestDepth) {
      best = [{ lock, rel }];
      bestDepth = depth;
    } else if (depth === bestDepth) best.push({ lock, rel });
  }
  return best;
}

function covers(lock: ParsedLockfile, m: ParsedManifest, rel: string, roots: readonly ParsedManifest[]): boolean {
  if (rel === "") return true;
  if (lock.importers.some((i) => i.path === rel)) return true;
  if (m.packageName !== undefined && lock.importers.some((i) => i.path === undefined && i.name === m.packageName)) return true;
  return roots.some((root) => matchesWorkspace(rel, root.workspaces!));
}
