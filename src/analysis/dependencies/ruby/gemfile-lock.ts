/**
 * Gemfile.lock (or gems.locked). Source sections (GEM, GIT, PATH) list `specs:` as
 * `    name (version[-platform])` with their own requirements indented below; DEPENDENCIES
 * lists what the Gemfile asked for (`name!` when pinned to a git or path source). Only GEM
 * specs are RubyGems releases. The lock does not record Gemfile groups, so alone nothing is
 * dev; with the Gemfile, dev follows from which groups reach a gem.
 *
 *     GEM
 *       remote: https://rubygems.org/
 *       specs:
 *         actionpack (7.0.4)
 *           rack (~> 2.0, >= 2.2.0)
 */
import type { ImporterDep, LockPackage, ParseOutcome } from "../parsed.js";
import { problem, stripBom } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

/** Reads a Gemfile.lock: GEM specs, their edges and DEPENDENCIES. */
export function parseGemfileLock(path: string, text: string): ParseOutcome {
  const problems: ManifestProblem[] = [];
  const specs: { pkg: LockPackage; depNames: string[] }[] = [];
  const declared: { name: string; range?: string; pinned: boolean }[] = [];
  let section = "";
  let current: { depNames: string[] } | null = null;
  const lines = stripBom(text).split(/\r?\n/);
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      section = line.trim();
      current = null;
      continue;
    }
    const body = line.trim();
    if (section === "GEM" || section === "GIT" || section === "PATH" || section === "PLUGIN SOURCE") {
      const spec = /^(\S+) \(([^)]+)\)$/.exec(body);
      if (indent === 4 && spec) {
        // A platform build ("1.15.4-x86_64-linux") is the same release for OSV.
        const version = spec[2]!.replace(/-[a-z].*$/i, "");
        const pkg: LockPackage = { id: `${spec[1]}@${version}`, name: spec[1]!, version, ...(section === "GEM" ? {} : { hidden: true }) };
        current = { depNames: [] };
        specs.push({ pkg, depNames: current.depNames });
      } else if (indent === 6 && current) {
        current.depNames.push(body.split(" ", 1)[0]!);
      }
    } else if (section === "DEPENDENCIES" && indent === 2) {
      const m = /^([^\s!(]+)(!)?(?:\s+\(([^)]+)\))?/.exec(body);
      if (m) declared.push({ name: m[1]!, pinned: m[2] === "!", ...(m[3] !== undefined ? { range: m[3] } : {}) });
    }
  }
  if (specs.length === 0 && declared.length === 0 && lines.some((l) => l.trim() !== "")) {
    problems.push(problem(path, "no GEM specs or DEPENDENCIES section found"));
  }

  const idByName = new Map<string, string>();
  for (const { pkg } of specs) if (!idByName.has(pkg.name)) idByName.set(pkg.name, pkg.id);
  const packages = specs.map(({ pkg, depNames }) => ({
    ...pkg,
    deps: depNames.map((n) => idByName.get(n)).filter((id): id is string => id !== undefined),
  }));
  const deps: ImporterDep[] = declared
    .filter((d) => !d.pinned)
    .map((d) => ({ key: d.name, id: idByName.get(d.name), dev: false, ...(d.range !== undefined ? { range: d.range } : {}) }));
  return {
    file: { kind: "lockfile", path, ecosystem: "RubyGems", packages, importers: [{ path: "", deps }], graph: true },
    problems,
  };
}
