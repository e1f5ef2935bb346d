/**
 * pyproject.toml: PEP 621 `[project] dependencies` and `optional-dependencies` (extras, dev),
 * PEP 735 `[dependency-groups]` (dev), uv's `[tool.uv] dev-dependencies` and workspace
 * members, and Poetry's `[tool.poetry.dependencies]`, `dev-dependencies` and
 * `[tool.poetry.group.<name>.dependencies]` (dev unless the group is "main").
 * `[build-system] requires` is the build backend, not the project's dependencies.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { normalizePypiName, redactUrl } from "../names.js";
import { asArray, asString, isRecord, problem, readToml } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";
import { parseRequirement } from "./pep508.js";

/** Reads PEP 621, PEP 735, uv and Poetry dependency tables of a pyproject.toml. */
export function parsePyprojectToml(path: string, text: string): ParseOutcome {
  const read = readToml(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  const doc = read.value;
  const dependencies: Declared[] = [];
  const problems: ManifestProblem[] = [];

  const addPep508 = (list: unknown, dev: boolean, where: string) => {
    for (const item of asArray(list)) {
      // PEP 735 `{ include-group = "…" }` entries point at other groups, read on their own.
      if (typeof item !== "string") continue;
      const req = parseRequirement(item);
      if (req.kind === "url") problems.push(problem(path, `skipped ${req.name} in ${where}: installed from URL ${redactUrl(req.url)}`));
      else if (req.kind === "invalid") problems.push(problem(path, `cannot read requirement "${item.slice(0, 80)}" in ${where}`));
      else dependencies.push(declared(path, req.name, req.version, req.specifier, dev));
    }
  };

  const project = isRecord(doc.project) ? doc.project : {};
  addPep508(project.dependencies, false, "project.dependencies");
  if (isRecord(project["optional-dependencies"])) {
    for (const [extra, list] of Object.entries(project["optional-dependencies"])) addPep508(list, true, `optional-dependencies.${extra}`);
  }
  if (isRecord(doc["dependency-groups"])) {
    for (const [group, list] of Object.entries(doc["dependency-groups"])) addPep508(list, true, `dependency-groups.${group}`);
  }

  const tool = isRecord(doc.tool) ? doc.tool : {};
  const uv = isRecord(tool.uv) ? tool.uv : {};
  addPep508(uv["dev-dependencies"], true, "tool.uv.dev-dependencies");

  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  const addPoetry = (table: unknown, dev: boolean, where: string) => {
    if (!isRecord(table)) return;
    for (const [rawName, value] of Object.entries(table)) {
      if (rawName.toLowerCase() === "python") continue;
      const name = normalizePypiName(rawName);
      const constraints = asArray(value);
      const source = constraints.find((c) => isRecord(c) && (c.git !== undefined || c.path !== undefined || c.url !== undefined));
      if (source !== undefined) {
        problems.push(problem(path, `skipped ${name} in ${where}: not from a package index`));
        continue;
      }
      const optional = constraints.some((c) => isRecord(c) && c.optional === true);
      const ranges = constraints
        .map((c) => (typeof c === "string" ? c : isRecord(c) ? asString(c.version) : undefined))
        .filter((r): r is string => r !== undefined)
        .map((r) => r.trim());
      const range = ranges.length > 0 ? ranges.join(" || ") : undefined;
      const version = ranges.length === 1 ? poetryExact(ranges[0]!) : null;
      dependencies.push(declared(path, name, version, range, dev || optional));
    }
  };
  addPoetry(poetry.dependencies, false, "tool.poetry.dependencies");
  addPoetry(poetry["dev-dependencies"], true, "tool.poetry.dev-dependencies");
  if (isRecord(poetry.group)) {
    for (const [group, body] of Object.entries(poetry.group)) {
      if (isRecord(body)) addPoetry(body.dependencies, group !== "main", `tool.poetry.group.${group}`);
    }
  }

  const workspace = isRecord(uv.workspace) ? uv.workspace : {};
  const members = asArray(workspace.members).filter((m): m is string => typeof m === "string");
  const name = asString(project.name) ?? asString(poetry.name);
  return {
    file: {
      kind: "manifest",
      path,
      ecosystem: "PyPI",
      dependencies,
      ...(name !== undefined ? { packageName: normalizePypiName(name) } : {}),
      ...(members.length > 0
        ? { workspaces: { include: members, exclude: asArray(workspace.exclude).filter((m): m is string => typeof m === "string") } }
        : {}),
    },
    problems,
  };
}

function declared(path: string, name: string, version: string | null, range: string | undefined, dev: boolean): Declared {
  const d: Declared = { name, version, ecosystem: "PyPI", direct: true, dev, manifest: path };
  if (range !== undefined && range !== "") d.range = range;
  return d;
}

/** Poetry reads a bare version (`"2.31.0"`) or `==2.31.0` as an exact pin. */
function poetryExact(range: string): string | null {
  const m = /^(?:==?\s*)?(\d[0-9A-Za-z.!+-]*)$/.exec(range);
  return m && !range.includes("*") ? m[1]! : null;
}
