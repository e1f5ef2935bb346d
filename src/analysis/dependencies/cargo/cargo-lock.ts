/**
 * Cargo.lock (versions 1 to 4): `[[package]]` tables. Packages without `source` are the
 * workspace's own crates; Cargo.lock knows them only by name, so they become importers
 * matched to a Cargo.toml by its `[package] name`. Edges read "name", "name version" or
 * "name version (source)". Only crates.io packages are reported; git and other registries
 * stay in the graph.
 */
import type { LockImporter, LockPackage, ParseOutcome } from "../parsed.js";
import { asArray, asString, isRecord, readToml } from "../read-structured.js";

const CRATES_IO = /^(registry\+https:\/\/github\.com\/rust-lang\/crates\.io-index|sparse\+https:\/\/index\.crates\.io\/)/;

/** Reads Cargo.lock packages; local crates become importers. */
export function parseCargoLock(path: string, text: string): ParseOutcome {
  const read = readToml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  const entries: { pkg: LockPackage; edges: string[]; local: boolean }[] = [];
  for (const entry of asArray(read.value.package)) {
    if (!isRecord(entry)) continue;
    const name = asString(entry.name);
    const version = asString(entry.version);
    if (!name || !version) continue;
    const source = asString(entry.source);
    entries.push({
      pkg: { id: `${name}@${version}`, name, version, ...(source && CRATES_IO.test(source) ? {} : { hidden: true }) },
      edges: asArray(entry.dependencies).filter((d): d is string => typeof d === "string"),
      local: source === undefined,
    });
  }
  const byName = new Map<string, string[]>();
  for (const { pkg } of entries) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg.id]);
  const target = (edge: string): string | undefined => {
    const [name, version] = edge.split(" ");
    if (!name) return undefined;
    return version !== undefined ? `${name}@${version}` : byName.get(name)?.[0];
  };

  const packages: LockPackage[] = [];
  const importers: LockImporter[] = [];
  for (const { pkg, edges, local } of entries) {
    const deps = edges.map(target).filter((id): id is string => id !== undefined);
    if (local) {
      // Cargo.lock does not say which of these were dev-dependencies; the Cargo.toml does.
      importers.push({ name: pkg.name, deps: edges.map((e) => ({ key: e.split(" ")[0]!, id: target(e), dev: false })) });
    } else packages.push({ ...pkg, deps });
  }
  return { file: { kind: "lockfile", path, ecosystem: "crates.io", packages, importers, graph: true }, problems: [] };
}
