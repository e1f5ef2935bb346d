/**
 * package.json: `dependencies` and `optionalDependencies` (shipped), `devDependencies` (dev).
 * `peerDependencies` are left out: the consumer installs them, and when npm does it for this
 * project they appear in the lockfile. In-repo specs (workspace:, file:, link:) are not
 * third-party packages; git and URL specs are skipped with a note.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { asString, isRecord, problem, readJson } from "../read-structured.js";
import { redactUrl } from "../names.js";
import { classifyNpmSpec } from "./npm-spec.js";

const SECTIONS = [
  ["dependencies", false],
  ["optionalDependencies", false],
  ["devDependencies", true],
] as const;

/** Reads package.json dependency sections, its name and its workspaces. */
export function parsePackageJson(path: string, text: string): ParseOutcome {
  const read = readJson(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  if (!isRecord(read.value)) return { file: null, problems: [problem(path, "not a JSON object")] };
  const doc = read.value;
  const problems = [];
  const dependencies: Declared[] = [];
  for (const [section, dev] of SECTIONS) {
    const entries = doc[section];
    if (entries === undefined) continue;
    if (!isRecord(entries)) {
      problems.push(problem(path, `"${section}" is not an object`));
      continue;
    }
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value !== "string") {
        problems.push(problem(path, `${section}.${key} is not a string`));
        continue;
      }
      const spec = classifyNpmSpec(key, value);
      if (spec.kind === "local") continue;
      if (spec.kind === "remote") {
        problems.push(problem(path, `skipped ${key}: not from the npm registry (${redactUrl(value)})`));
        continue;
      }
      dependencies.push({
        name: spec.name,
        version: spec.version,
        range: spec.range,
        ecosystem: "npm",
        direct: true,
        dev,
        manifest: path,
        key,
        spec: value,
      });
    }
  }
  const file = {
    kind: "manifest" as const,
    path,
    ecosystem: "npm" as const,
    dependencies,
    ...(asString(doc.name) !== undefined ? { packageName: asString(doc.name)! } : {}),
    ...workspacesOf(doc.workspaces),
  };
  return { file, problems };
}

/** npm/yarn `workspaces`: a list of globs, or `{ packages: [...] }` (yarn classic). */
function workspacesOf(value: unknown): { workspaces?: { include: string[]; exclude: string[] } } {
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.packages) ? value.packages : null;
  if (!list) return {};
  return { workspaces: { include: list.filter((g): g is string => typeof g === "string"), exclude: [] } };
}
