/**
 * package-lock.json and npm-shrinkwrap.json. v2 and v3 list every installed folder under
 * `packages` ("" is the root project, "packages/a" a workspace, "node_modules/a/node_modules/b"
 * a nested copy) with npm's own `dev` mark; v1 nests `dependencies` trees and says nothing
 * about what the root asked for. A dependency resolves the way Node finds it: the nearest
 * `node_modules` folder walking up from the requiring folder.
 */
import type { ImporterDep, LockImporter, LockPackage, ParseOutcome } from "../parsed.js";
import { isRecord, problem, readJson } from "../read-structured.js";
import { isRegistryVersion } from "./npm-spec.js";

const IMPORTER_SECTIONS = [
  ["dependencies", false],
  ["optionalDependencies", false],
  ["devDependencies", true],
] as const;

/** Reads package-lock.json / npm-shrinkwrap.json, any lockfileVersion. */
export function parsePackageLock(path: string, text: string): ParseOutcome {
  const read = readJson(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  const doc = read.value;
  if (!isRecord(doc)) return { file: null, problems: [problem(path, "not a JSON object")] };

  const packages: LockPackage[] = [];
  const importers: LockImporter[] = [];
  if (isRecord(doc.packages)) readPackagesMap(doc.packages, packages, importers);
  else if (isRecord(doc.dependencies)) readV1Tree(doc.dependencies, packages);
  else return { file: null, problems: [problem(path, "neither \"packages\" nor \"dependencies\" found")] };

  const ids = new Set(packages.map((p) => p.id));
  const resolve = (from: string, key: string): string | undefined => nodeResolve(ids, from, key);
  for (const importer of importers) {
    for (const dep of importer.deps) dep.id = resolve(importer.path ?? "", dep.key);
  }
  return { file: { kind: "lockfile", path, ecosystem: "npm", packages, importers, graph: false, resolve }, problems: [] };
}

function readPackagesMap(map: Record<string, unknown>, packages: LockPackage[], importers: LockImporter[]): void {
  for (const [key, entry] of Object.entries(map)) {
    if (!isRecord(entry)) continue;
    const nm = key.lastIndexOf("node_modules/");
    if (nm === -1) {
      // "" and workspace folders: the project's own packages, recorded with what they ask for.
      importers.push({ path: key, deps: importerDeps(entry) });
      continue;
    }
    if (entry.link === true || !isRegistryVersion(entry.version)) continue;
    // A git or file install keeps the package.json version, but it is not that registry release.
    if (typeof entry.resolved === "string" && !/^https?:\/\//.test(entry.resolved)) continue;
    const name = typeof entry.name === "string" ? entry.name : key.slice(nm + "node_modules/".length);
    // `devOptional` is needed by both a dev and an optional path, so it can ship: not dev.
    packages.push({ id: key, name, version: entry.version, dev: entry.dev === true });
  }
}

function importerDeps(entry: Record<string, unknown>): ImporterDep[] {
  const deps: ImporterDep[] = [];
  for (const [section, dev] of IMPORTER_SECTIONS) {
    const declared = entry[section];
    if (!isRecord(declared)) continue;
    for (const [key, range] of Object.entries(declared)) {
      deps.push({ key, id: undefined, dev, ...(typeof range === "string" ? { range } : {}) });
    }
  }
  return deps;
}

/** v1: `dependencies: { a: { version, dev, dependencies: { b: … } } }`, ids spelled as v2 paths. */
function readV1Tree(root: Record<string, unknown>, packages: LockPackage[]): void {
  const stack: { prefix: string; deps: Record<string, unknown> }[] = [{ prefix: "", deps: root }];
  while (stack.length > 0) {
    const { prefix, deps } = stack.pop()!;
    for (const [folder, entry] of Object.entries(deps)) {
      if (!isRecord(entry)) continue;
      const id = `${prefix}node_modules/${folder}`;
      let name = folder;
      let version = entry.version;
      if (typeof version === "string" && version.startsWith("npm:")) {
        // Alias: "npm:real-name@1.2.3".
        const at = version.lastIndexOf("@");
        name = version.slice(4, at);
        version = version.slice(at + 1);
      }
      if (isRegistryVersion(version)) packages.push({ id, name, version, dev: entry.dev === true });
      if (isRecord(entry.dependencies)) stack.push({ prefix: `${id}/`, deps: entry.dependencies });
    }
  }
}

/** Node's lookup: `<from>/node_modules/<key>`, then each parent folder's `node_modules`. */
function nodeResolve(ids: Set<string>, from: string, key: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === "" ? `node_modules/${key}` : `${dir}/node_modules/${key}`;
    if (ids.has(candidate)) return candidate;
    if (dir === "") return undefined;
    const slash = dir.lastIndexOf("/");
    dir = slash === -1 ? "" : dir.slice(0, slash);
  }
}
