/**
 * Cargo.toml: `[dependencies]`, `[build-dependencies]` (they run at build time: not dev),
 * `[dev-dependencies]` (dev), and the same under `[target.'<cfg>'.…]`. A table may rename
 * the crate (`package = "real-name"`), point at a path (in-repo crate: not reported) or git
 * (skipped with a note), or say `workspace = true` to take the requirement from the
 * workspace root's `[workspace.dependencies]`. `=1.2.3` is an exact pin; `1.2` is `^1.2`.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { asArray, asString, isRecord, problem, readToml } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

const SECTIONS = [
  ["dependencies", false],
  ["build-dependencies", false],
  ["build_dependencies", false],
  ["dev-dependencies", true],
  ["dev_dependencies", true],
] as const;

/** Reads a Cargo.toml's dependency tables, package name and workspace settings. */
export function parseCargoToml(path: string, text: string): ParseOutcome {
  const read = readToml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  const doc = read.value;
  const problems: ManifestProblem[] = [];
  const dependencies: Declared[] = [];

  const tables: [Record<string, unknown>, string][] = [[doc, ""]];
  if (isRecord(doc.target)) {
    for (const [cfg, body] of Object.entries(doc.target)) if (isRecord(body)) tables.push([body, `target.${cfg}.`]);
  }
  for (const [table, prefix] of tables) {
    for (const [section, dev] of SECTIONS) {
      const deps = table[section];
      if (!isRecord(deps)) continue;
      for (const [key, value] of Object.entries(deps)) {
        const d = readDependency(path, key, value, dev, `${prefix}${section}`, problems);
        if (d) dependencies.push(d);
      }
    }
  }

  const workspace = isRecord(doc.workspace) ? doc.workspace : {};
  const inheritable = new Map<string, Declared | null>();
  if (isRecord(workspace.dependencies)) {
    for (const [key, value] of Object.entries(workspace.dependencies)) {
      inheritable.set(key, readDependency(path, key, value, false, "workspace.dependencies", problems));
    }
  }
  const strings = (v: unknown) => asArray(v).filter((m): m is string => typeof m === "string");
  const members = strings(workspace.members);
  const pkg = isRecord(doc.package) ? doc.package : {};
  const packageName = asString(pkg.name);
  return {
    file: {
      kind: "manifest",
      path,
      ecosystem: "crates.io",
      dependencies,
      ...(packageName !== undefined ? { packageName } : {}),
      ...(members.length > 0 ? { workspaces: { include: members, exclude: strings(workspace.exclude) } } : {}),
      ...(inheritable.size > 0 ? { inheritable } : {}),
    },
    problems,
  };
}

function readDependency(
  path: string,
  key: string,
  value: unknown,
  dev: boolean,
  where: string,
  problems: ManifestProblem[],
): Declared | null {
  const base = { ecosystem: "crates.io" as const, direct: true, dev, manifest: path };
  if (typeof value === "string") return { ...base, name: key, ...requirement(value) };
  if (!isRecord(value)) return null;
  const name = asString(value.package) ?? key;
  if (value.workspace === true) return { ...base, name, version: null, inherits: "cargo-workspace" };
  if (value.path !== undefined) return null;
  if (value.git !== undefined) {
    problems.push(problem(path, `skipped ${key} in ${where}: fetched from git`));
    return null;
  }
  if (value.registry !== undefined) {
    problems.push(problem(path, `skipped ${key} in ${where}: from the registry "${String(value.registry)}", not crates.io`));
    return null;
  }
  const version = asString(value.version);
  return { ...base, name, ...(version !== undefined ? requirement(version) : { version: null }) };
}

function requirement(range: string): { version: string | null; range: string } {
  const exact = /^=\s*(\d+\.\d+\.\d+\S*)$/.exec(range.trim());
  return { version: exact ? exact[1]! : null, range };
}
