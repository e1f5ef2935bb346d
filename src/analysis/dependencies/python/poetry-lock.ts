/**
 * poetry.lock: `[[package]]` tables with name, version, the group they belong to (`category`
 * before Poetry 1.5, `groups` since 2.0) and `[package.dependencies]` edges by name. The file
 * does not record what pyproject.toml asked for, so alone everything is transitive. Packages
 * from git, a folder or a URL (`[package.source] type`) are not index releases: not reported.
 */
import type { LockPackage, ParseOutcome } from "../parsed.js";
import { normalizePypiName } from "../names.js";
import { asArray, asString, isRecord, readToml } from "../read-structured.js";

const NOT_AN_INDEX = new Set(["git", "directory", "file", "url"]);

/** Reads poetry.lock packages and their dependency edges. */
export function parsePoetryLock(path: string, text: string): ParseOutcome {
  const read = readToml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  const raw: { pkg: LockPackage; depNames: string[] }[] = [];
  for (const entry of asArray(read.value.package)) {
    if (!isRecord(entry)) continue;
    const name = asString(entry.name);
    const version = asString(entry.version);
    if (!name || !version) continue;
    const groups = asArray(entry.groups).filter((g): g is string => typeof g === "string");
    const dev = entry.category === "dev" || (groups.length > 0 && !groups.includes("main")) || entry.optional === true;
    const sourceType = isRecord(entry.source) ? asString(entry.source.type) : undefined;
    const pkgName = normalizePypiName(name);
    raw.push({
      pkg: { id: `${pkgName}@${version}`, name: pkgName, version, dev, ...(sourceType && NOT_AN_INDEX.has(sourceType) ? { hidden: true } : {}) },
      depNames: isRecord(entry.dependencies) ? Object.keys(entry.dependencies).map(normalizePypiName) : [],
    });
  }
  const idByName = new Map<string, string>();
  for (const { pkg } of raw) if (!idByName.has(pkg.name)) idByName.set(pkg.name, pkg.id);
  const packages = raw.map(({ pkg, depNames }) => ({
    ...pkg,
    deps: depNames.map((n) => idByName.get(n)).filter((id): id is string => id !== undefined),
  }));
  return { file: { kind: "lockfile", path, ecosystem: "PyPI", packages, importers: [], graph: true }, problems: [] };
}
