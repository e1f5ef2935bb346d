/**
 * uv.lock: `[[package]]` tables. The project and its workspace members are the packages
 * whose `source` is `{ editable = "<folder>" }` or `{ virtual = "<folder>" }`; their
 * `dependencies` are direct, their `optional-dependencies` and `dev-dependencies` groups
 * direct and dev. Edges name a package, with a version only when the name is ambiguous.
 */
import type { ImporterDep, LockImporter, LockPackage, ParseOutcome } from "../parsed.js";
import { normalizeDir, normalizePypiName } from "../names.js";
import { asArray, asString, isRecord, readToml } from "../read-structured.js";

interface Edge {
  name: string;
  version?: string;
  dev: boolean;
}

/** Reads uv.lock packages; the project and workspace members become importers. */
export function parseUvLock(path: string, text: string): ParseOutcome {
  const read = readToml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  const entries: { pkg: LockPackage; edges: Edge[]; member?: string }[] = [];
  for (const entry of asArray(read.value.package)) {
    if (!isRecord(entry)) continue;
    const rawName = asString(entry.name);
    if (!rawName) continue;
    const name = normalizePypiName(rawName);
    const version = asString(entry.version) ?? "";
    const source = isRecord(entry.source) ? entry.source : {};
    const member = asString(source.editable) ?? asString(source.virtual);
    const fromIndex = typeof source.registry === "string";
    const edges: Edge[] = [...edgesOf(entry.dependencies, false)];
    for (const field of ["optional-dependencies", "dev-dependencies"]) {
      const groups = entry[field];
      if (isRecord(groups)) for (const list of Object.values(groups)) edges.push(...edgesOf(list, true));
    }
    entries.push({
      pkg: { id: `${name}@${version}`, name, version, ...(fromIndex && version !== "" ? {} : { hidden: true }) },
      edges,
      ...(member !== undefined ? { member } : {}),
    });
  }

  const byName = new Map<string, LockPackage[]>();
  for (const { pkg } of entries) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const target = (e: Edge): string | undefined => {
    const list = byName.get(e.name) ?? [];
    return (e.version !== undefined ? list.find((p) => p.version === e.version) : list[0])?.id;
  };

  const packages: LockPackage[] = [];
  const importers: LockImporter[] = [];
  for (const { pkg, edges, member } of entries) {
    if (member !== undefined) {
      const deps: ImporterDep[] = edges.map((e) => ({ key: e.name, id: target(e), dev: e.dev }));
      importers.push({ path: normalizeDir(member), name: pkg.name, deps });
      continue;
    }
    packages.push({ ...pkg, deps: edges.map(target).filter((id): id is string => id !== undefined) });
  }
  return { file: { kind: "lockfile", path, ecosystem: "PyPI", packages, importers, graph: true }, problems: [] };
}

function edgesOf(list: unknown, dev: boolean): Edge[] {
  const out: Edge[] = [];
  for (const item of asArray(list)) {
    if (!isRecord(item)) continue;
    const name = asString(item.name);
    if (!name) continue;
    const version = asString(item.version);
    out.push({ name: normalizePypiName(name), dev, ...(version !== undefined ? { version } : {}) });
  }
  return out;
}
