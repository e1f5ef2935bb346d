/**
 * yarn.lock from Yarn 2+ ("berry"): real YAML with a `__metadata` entry. Keys are the
 * descriptors that resolved to an entry (`lodash@npm:^4.17.20, lodash@npm:^4.17.21`), and
 * `resolution` names what was installed. Workspaces are entries resolved to
 * `name@workspace:<folder>`; their `dependencies` list dev dependencies too, so without the
 * package.json nothing can be marked dev.
 */
import type { ImporterDep, LockImporter, LockPackage, ParseOutcome } from "../parsed.js";
import { asString, isRecord, problem, readYaml } from "../read-structured.js";
import { normalizeDir } from "../names.js";
import { isRegistryVersion } from "./npm-spec.js";

/** Reads a Yarn 2+ lockfile. */
export function parseYarnBerryLock(path: string, text: string): ParseOutcome {
  const read = readYaml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  if (!isRecord(read.value)) return { file: null, problems: [problem(path, "not a YAML mapping")] };

  const descriptorToId = new Map<string, string>();
  const packages: LockPackage[] = [];
  const workspaceEntries: { folder: string; deps: Record<string, unknown> }[] = [];
  const pendingDeps: { pkg: LockPackage; deps: Record<string, unknown> }[] = [];

  for (const [key, entry] of Object.entries(read.value)) {
    if (key === "__metadata" || !isRecord(entry)) continue;
    const resolution = asString(entry.resolution);
    if (!resolution) continue;
    for (const descriptor of key.split(",")) descriptorToId.set(descriptor.trim(), resolution);
    const at = resolution.indexOf("@", 1);
    if (at === -1) continue;
    const name = resolution.slice(0, at);
    const reference = resolution.slice(at + 1);
    const deps = isRecord(entry.dependencies) ? entry.dependencies : {};
    if (reference.startsWith("workspace:")) {
      workspaceEntries.push({ folder: normalizeDir(reference.slice("workspace:".length)), deps });
      continue;
    }
    const version = asString(entry.version);
    // npm: and patch:…npm%3A… are registry packages; git, http, file, link, portal, exec are not.
    const fromRegistry = reference.startsWith("npm:") || (reference.startsWith("patch:") && decodeURIComponent(reference).includes("@npm:"));
    const pkg: LockPackage = {
      id: resolution,
      name,
      version: version ?? "",
      ...(fromRegistry && isRegistryVersion(version) ? {} : { hidden: true }),
    };
    packages.push(pkg);
    pendingDeps.push({ pkg, deps });
  }

  const lookup = (name: string, range: string): string | undefined =>
    descriptorToId.get(`${name}@${range}`) ?? descriptorToId.get(`${name}@npm:${range}`);
  for (const { pkg, deps } of pendingDeps) {
    pkg.deps = Object.entries(deps)
      .map(([name, range]) => (typeof range === "string" ? lookup(name, range) : undefined))
      .filter((id): id is string => id !== undefined);
  }
  const importers: LockImporter[] = workspaceEntries.map(({ folder, deps }) => ({
    path: folder,
    deps: Object.entries(deps).flatMap(([key, range]): ImporterDep[] =>
      typeof range === "string" ? [{ key, id: lookup(key, range), dev: false, range: range.replace(/^npm:/, "") }] : [],
    ),
  }));
  const resolve = (_from: string, key: string, spec: string | undefined): string | undefined =>
    spec === undefined ? undefined : lookup(key, spec);
  return { file: { kind: "lockfile", path, ecosystem: "npm", packages, importers, graph: true, resolve }, problems: [] };
}
