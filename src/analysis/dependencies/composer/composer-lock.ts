/**
 * composer.lock: `packages` (shipped) and `packages-dev` (dev), each with its exact
 * version as Composer writes it (`v6.3.0`, `1.2.3`, `dev-main`). The lock does not say which
 * packages composer.json required, so alone everything is transitive.
 */
import type { LockPackage, ParseOutcome } from "../parsed.js";
import { asArray, asString, isRecord, problem, readJson } from "../read-structured.js";

/** Reads composer.lock packages and packages-dev. */
export function parseComposerLock(path: string, text: string): ParseOutcome {
  const read = readJson(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  if (!isRecord(read.value)) return { file: null, problems: [problem(path, "not a JSON object")] };
  const packages: LockPackage[] = [];
  for (const [section, dev] of [
    ["packages", false],
    ["packages-dev", true],
  ] as const) {
    for (const entry of asArray(read.value[section])) {
      if (!isRecord(entry)) continue;
      const name = asString(entry.name)?.toLowerCase();
      const version = asString(entry.version);
      if (name && version) packages.push({ id: `${name}@${version}`, name, version, dev });
    }
  }
  return { file: { kind: "lockfile", path, ecosystem: "Packagist", packages, importers: [], graph: false }, problems: [] };
}
