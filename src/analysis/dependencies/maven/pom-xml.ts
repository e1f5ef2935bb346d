/**
 * pom.xml: `<dependencies>` of the project and of its profiles. Versions go through
 * `${property}` substitution from `<properties>` and the project's own coordinates
 * (`${project.version}`, `${project.parent.version}`, …); a dependency without a version
 * takes it from this pom's `<dependencyManagement>`. What cannot be resolved here (a
 * property or a managed version in a parent pom or a BOM) leaves `version` null, with a
 * note. Scope `test` is dev; `import` BOMs and build plugins are not dependencies.
 * A plain version is what Maven resolves to unless a conflict says otherwise, so it is
 * taken as the version; a range (`[1.0,2.0)`) is not.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { asArray, isRecord, readXml, xmlText, problem } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

const MAX_DEPTH = 10;

/** Reads a pom.xml's dependencies with property substitution. */
export function parsePomXml(path: string, text: string): ParseOutcome {
  const read = readXml(path, text);
  const problems: ManifestProblem[] = read.problem ? [read.problem] : [];
  const project = read.value && isRecord(read.value.project) ? read.value.project : null;
  if (!project) {
    if (read.value && !read.problem) problems.push(problem(path, "no <project> element"));
    return { file: null, problems };
  }

  const parent = isRecord(project.parent) ? project.parent : {};
  const props = new Map<string, string>();
  const own = (field: string) => xmlText(project[field]) ?? xmlText(parent[field]);
  for (const [field, value] of [
    ["groupId", own("groupId")],
    ["artifactId", xmlText(project.artifactId)],
    ["version", own("version")],
  ] as const) {
    if (value === undefined) continue;
    props.set(`project.${field}`, value);
    props.set(`pom.${field}`, value);
    props.set(field, value);
  }
  for (const field of ["groupId", "artifactId", "version"]) {
    const value = xmlText(parent[field]);
    if (value !== undefined) props.set(`project.parent.${field}`, value);
  }
  if (isRecord(project.properties)) {
    for (const [key, value] of Object.entries(project.properties)) {
      const v = xmlText(value);
      if (v !== undefined) props.set(key, v);
    }
  }
  const substitute = (value: string): { text: string; missing: string[] } => {
    let out = value;
    for (let depth = 0; depth < MAX_DEPTH && out.includes("${"); depth++) {
      const next = out.replace(/\$\{([^}]+)\}/g, (whole, name: string) => props.get(name) ?? whole);
      if (next === out) break;
      out = next;
    }
    return { text: out, missing: [...out.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!) };
  };

  const managed = new Map<string, string>();
  const management = isRecord(project.dependencyManagement) ? project.dependencyManagement : {};
  for (const dep of dependencyList(management.dependencies)) {
    const coords = coordinates(dep, substitute);
    const version = xmlText(dep.version);
    if (coords && version !== undefined) managed.set(coords, version);
  }

  const lists = [project.dependencies];
  for (const profile of asArray(isRecord(project.profiles) ? project.profiles.profile : undefined)) {
    if (isRecord(profile)) lists.push(profile.dependencies);
  }
  const dependencies: Declared[] = [];
  for (const list of lists) {
    for (const dep of dependencyList(list)) {
      const name = coordinates(dep, substitute);
      if (!name) {
        problems.push(problem(path, "a <dependency> without groupId or artifactId"));
        continue;
      }
      const scope = xmlText(dep.scope) ?? "compile";
      if (scope === "import") continue;
      const declared = xmlText(dep.version) ?? managed.get(name);
      const entry: Declared = { name, version: null, ecosystem: "Maven", direct: true, dev: scope === "test", manifest: path };
      if (declared !== undefined) {
        const { text: resolved, missing } = substitute(declared);
        if (missing.length > 0) {
          problems.push(problem(path, `${name}: unresolved property \${${missing[0]}} in version`));
          entry.range = declared;
        } else {
          entry.range = resolved;
          if (!/^[[(]/.test(resolved) && !resolved.includes(",")) entry.version = resolved;
        }
      }
      dependencies.push(entry);
    }
  }
  const group = props.get("project.groupId");
  const artifact = props.get("project.artifactId");
  return {
    file: {
      kind: "manifest",
      path,
      ecosystem: "Maven",
      dependencies,
      ...(group && artifact ? { packageName: `${group}:${artifact}` } : {}),
    },
    problems,
  };
}

function dependencyList(container: unknown): Record<string, unknown>[] {
  if (!isRecord(container)) return [];
  return asArray(container.dependency).filter(isRecord);
}

function coordinates(dep: Record<string, unknown>, substitute: (v: string) => { text: string }): string | null {
  const group = xmlText(dep.groupId);
  const artifact = xmlText(dep.artifactId);
  if (!group || !artifact) return null;
  return `${substitute(group).text}:${substitute(artifact).text}`;
}
