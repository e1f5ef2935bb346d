/**
 * pnpm-lock.yaml, lockfile versions 5.x, 6.x and 9.x. `importers` (or, for a single project
 * before v9, the top-level `dependencies`) say what each workspace folder asked for and got;
 * installed packages are keyed `/name/1.0.0` (v5), `/name@1.0.0(peer@2.0.0)` (v6) or, in v9,
 * `name@1.0.0` in `packages` with the per-peer variants and their edges in `snapshots`.
 */
import type { ImporterDep, LockImporter, LockPackage, ParseOutcome } from "../parsed.js";
import { asString, isRecord, problem, readYaml } from "../read-structured.js";
import { normalizeDir } from "../names.js";
import { isRegistryVersion } from "./npm-spec.js";

const SECTIONS = [
  ["dependencies", false],
  ["optionalDependencies", false],
  ["devDependencies", true],
] as const;

/** Reads pnpm-lock.yaml v5, v6 or v9. */
export function parsePnpmLock(path: string, text: string): ParseOutcome {
  // pnpm writes `lockfileVersion` first; without it this is not a pnpm lockfile, and the
  // YAML parser's error recovery is slow on large garbage.
  if (text.trim() !== "" && !/^lockfileVersion:/m.test(text.slice(0, 4096))) {
    return { file: null, problems: [problem(path, "no lockfileVersion: not a pnpm lockfile")] };
  }
  const read = readYaml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  if (!isRecord(read.value)) return { file: null, problems: [problem(path, "not a YAML mapping")] };
  const doc = read.value;
  const lockVersion = Number.parseFloat(asString(doc.lockfileVersion) ?? "9");
  const v5 = lockVersion < 6;
  // v9 keeps the graph in `snapshots`; earlier versions in `packages`.
  const nodes = isRecord(doc.snapshots) ? doc.snapshots : isRecord(doc.packages) ? doc.packages : {};
  const ids = new Set(Object.keys(nodes));

  const refToId = (name: string, ref: string): string | undefined => {
    if (ref.startsWith("link:") || ref.startsWith("file:")) return undefined;
    const candidates = /^\d/.test(ref)
      ? v5
        ? [`/${name}/${ref}`]
        : [`/${name}@${ref}`, `${name}@${ref}`]
      : [ref, `/${ref}`];
    return candidates.find((c) => ids.has(c));
  };

  const packages: LockPackage[] = [];
  for (const [id, entry] of Object.entries(nodes)) {
    const parsed = parseKey(id, v5);
    if (!parsed) continue;
    const info = isRecord(entry) ? entry : {};
    const deps: string[] = [];
    for (const field of ["dependencies", "optionalDependencies"]) {
      const map = info[field];
      if (!isRecord(map)) continue;
      for (const [name, ref] of Object.entries(map)) {
        const target = typeof ref === "string" ? refToId(name, ref) : undefined;
        if (target !== undefined) deps.push(target);
      }
    }
    packages.push({
      id,
      name: parsed.name,
      version: parsed.version,
      dev: info.dev === "true",
      deps,
      ...(isRegistryVersion(parsed.version) ? {} : { hidden: true }),
    });
  }

  const importerMap = isRecord(doc.importers) ? doc.importers : { ".": doc };
  const importers: LockImporter[] = [];
  for (const [dir, value] of Object.entries(importerMap)) {
    if (!isRecord(value)) continue;
    const specifiers = isRecord(value.specifiers) ? value.specifiers : {};
    const deps: ImporterDep[] = [];
    for (const [section, dev] of SECTIONS) {
      const map = value[section];
      if (!isRecord(map)) continue;
      for (const [key, entry] of Object.entries(map)) {
        // v6+: { specifier, version }; v5: the version, with the specifier in `specifiers`.
        const ref = isRecord(entry) ? asString(entry.version) : asString(entry);
        const range = isRecord(entry) ? asString(entry.specifier) : asString(specifiers[key]);
        if (ref === undefined) continue;
        deps.push({ key, id: refToId(key, ref), dev, ...(range !== undefined ? { range } : {}) });
      }
    }
    importers.push({ path: normalizeDir(dir), deps });
  }
  return { file: { kind: "lockfile", path, ecosystem: "npm", packages, importers, graph: true }, problems: [] };
}

/** `/@scope/name/1.0.0_peer` (v5), `/@scope/name@1.0.0(peer@1)` (v6), `@scope/name@1.0.0(peer@1)` (v9). */
function parseKey(key: string, v5: boolean): { name: string; version: string } | null {
  let k = key.startsWith("/") ? key.slice(1) : key;
  const paren = k.indexOf("(");
  if (paren !== -1) k = k.slice(0, paren);
  if (v5) {
    const slash = k.lastIndexOf("/");
    if (slash <= 0) return null;
    const version = k.slice(slash + 1);
    const underscore = version.indexOf("_");
    return { name: k.slice(0, slash), version: underscore === -1 ? version : version.slice(0, underscore) };
  }
  const at = k.lastIndexOf("@");
  if (at <= 0) return null;
  return { name: k.slice(0, at), version: k.slice(at + 1) };
}
