/**
 * yarn.lock v1 ("# yarn lockfile v1"): a YAML look-alike that YAML parsers reject, read line
 * by line. Each entry is keyed by every `name@range` that resolved to it, which is also how
 * a package.json requirement finds its version. The file does not say which entries the
 * project asked for, so alone it reports everything as transitive.
 *
 *     "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
 *       version "7.12.13"
 *       dependencies:
 *         "@babel/highlight" "^7.12.13"
 */
import type { LockPackage, ParseOutcome } from "../parsed.js";
import { problem } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";
import { classifyNpmSpec, isRegistryVersion } from "./npm-spec.js";

interface Entry {
  specs: string[];
  version?: string;
  deps: string[];
  line: number;
}

/** Reads a yarn.lock v1. */
export function parseYarnClassicLock(path: string, text: string): ParseOutcome {
  const problems: ManifestProblem[] = [];
  const entries: Entry[] = [];
  let current: Entry | null = null;
  let inDeps = false;
  let badLines = 0;
  let firstBad = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (indent === 0) {
      inDeps = false;
      if (!body.endsWith(":")) {
        current = null;
        if (badLines++ === 0) firstBad = i + 1;
        continue;
      }
      current = { specs: splitSpecs(body.slice(0, -1)), deps: [], line: i + 1 };
      entries.push(current);
    } else if (!current) {
      continue;
    } else if (indent <= 2) {
      inDeps = body === "dependencies:" || body === "optionalDependencies:";
      if (body.startsWith("version ")) current.version = unquote(body.slice(8).trim());
    } else if (inDeps) {
      const [name, range] = splitPair(body);
      if (name && range) current.deps.push(`${name}@${range}`);
    }
  }
  if (badLines > 0) problems.push(problem(path, `${badLines} unreadable line(s), first at line ${firstBad}`));

  const specToId = new Map<string, string>();
  const packages: LockPackage[] = [];
  for (const entry of entries) {
    const first = entry.specs[0];
    if (!first) continue;
    const id = first;
    for (const spec of entry.specs) specToId.set(spec, id);
    const at = first.indexOf("@", 1);
    if (at === -1) continue;
    const declaredName = first.slice(0, at);
    const kind = classifyNpmSpec(declaredName, first.slice(at + 1));
    const version = entry.version;
    const hidden = kind.kind !== "registry" || !isRegistryVersion(version);
    packages.push({
      id,
      name: kind.kind === "registry" ? kind.name : declaredName,
      version: version ?? "",
      deps: entry.deps,
      ...(hidden ? { hidden: true } : {}),
    });
  }
  for (const p of packages) {
    p.deps = (p.deps ?? []).map((spec) => specToId.get(spec)).filter((id): id is string => id !== undefined);
  }
  const resolve = (_from: string, key: string, spec: string | undefined): string | undefined =>
    spec === undefined ? undefined : specToId.get(`${key}@${spec}`);
  return { file: { kind: "lockfile", path, ecosystem: "npm", packages, importers: [], graph: true, resolve }, problems };
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function splitSpecs(keys: string): string[] {
  return keys
    .split(",")
    .map((s) => unquote(s.trim()))
    .filter((s) => s !== "");
}

/** `"@babel/highlight" "^7.12.13"` or `js-tokens "^3.0.0 || ^4.0.0"`. */
function splitPair(body: string): [string, string] | [] {
  let name: string;
  let rest: string;
  if (body.startsWith('"')) {
    const end = body.indexOf('"', 1);
    if (end === -1) return [];
    name = body.slice(1, end);
    rest = body.slice(end + 1);
  } else {
    const space = body.indexOf(" ");
    if (space === -1) return [];
    name = body.slice(0, space);
    rest = body.slice(space);
  }
  return [name, unquote(rest.trim())];
}
