/**
 * packages.config (NuGet before PackageReference): `<package id version
 * developmentDependency targetFramework />`, one per installed package with exact versions.
 * It lists transitive packages too without saying which, so all count as declared.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { asArray, isRecord, problem, readXml, xmlText } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

/** Reads packages.config entries. */
export function parsePackagesConfig(path: string, text: string): ParseOutcome {
  const read = readXml(path, text);
  const problems: ManifestProblem[] = read.problem ? [read.problem] : [];
  const root = read.value && isRecord(read.value.packages) ? read.value.packages : null;
  if (!root) {
    if (read.value && !read.problem) problems.push(problem(path, "no <packages> element"));
    return { file: null, problems };
  }
  const dependencies: Declared[] = [];
  for (const item of asArray(root.package).filter(isRecord)) {
    const id = xmlText(item["@_id"]);
    const version = xmlText(item["@_version"]);
    if (!id) continue;
    const entry: Declared = {
      name: id,
      version: version ?? null,
      ecosystem: "NuGet",
      direct: true,
      dev: xmlText(item["@_developmentDependency"])?.toLowerCase() === "true",
      manifest: path,
    };
    const allowed = xmlText(item["@_allowedVersions"]);
    if (allowed !== undefined) entry.range = allowed;
    dependencies.push(entry);
  }
  return { file: { kind: "manifest", path, ecosystem: "NuGet", dependencies }, problems };
}
