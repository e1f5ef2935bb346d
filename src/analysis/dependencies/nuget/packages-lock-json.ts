/**
 * packages.lock.json (NuGet lock, `RestorePackagesWithLockFile`): per target framework, each
 * package with `type` Direct, Transitive or CentralTransitive (and Project for project
 * references, which are not packages), `resolved` version and `dependencies` edges by id.
 */
import type { ImporterDep, LockPackage, ParseOutcome } from "../parsed.js";
import { asString, isRecord, problem, readJson } from "../read-structured.js";

/** Reads a NuGet packages.lock.json into packages, Direct entries as the importer. */
export function parsePackagesLockJson(path: string, text: string): ParseOutcome {
  const read = readJson(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  if (!isRecord(read.value) || !isRecord(read.value.dependencies)) {
    return { file: null, problems: [problem(path, "no \"dependencies\" object")] };
  }
  const packages = new Map<string, LockPackage>();
  const direct = new Map<string, ImporterDep>();
  for (const framework of Object.values(read.value.dependencies)) {
    if (!isRecord(framework)) continue;
    const idOf = new Map<string, string>();
    for (const [name, entry] of Object.entries(framework)) {
      const version = isRecord(entry) ? asString(entry.resolved) : undefined;
      if (version !== undefined) idOf.set(name.toLowerCase(), `${name.toLowerCase()}@${version}`);
    }
    for (const [name, entry] of Object.entries(framework)) {
      if (!isRecord(entry) || entry.type === "Project") continue;
      const version = asString(entry.resolved);
      const id = idOf.get(name.toLowerCase());
      if (version === undefined || id === undefined) continue;
      const deps = isRecord(entry.dependencies)
        ? Object.keys(entry.dependencies).map((d) => idOf.get(d.toLowerCase())).filter((d): d is string => d !== undefined)
        : [];
      const known = packages.get(id);
      if (known) known.deps = [...new Set([...(known.deps ?? []), ...deps])];
      else packages.set(id, { id, name, version, deps });
      if (entry.type === "Direct" && !direct.has(id)) {
        const range = asString(entry.requested);
        direct.set(id, { key: name, id, dev: false, ...(range !== undefined ? { range } : {}) });
      }
    }
  }
  return {
    file: {
      kind: "lockfile",
      path,
      ecosystem: "NuGet",
      packages: [...packages.values()],
      importers: [{ path: "", deps: [...direct.values()] }],
      graph: true,
    },
    problems: [],
  };
}
