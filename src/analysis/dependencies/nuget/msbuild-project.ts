/**
 * MSBuild project files (*.csproj, *.fsproj, *.vbproj) and Directory.Packages.props.
 *
 * `<PackageReference Include="Id" Version="1.2.3" />`, or with `<Version>` as a child
 * element; `VersionOverride` wins; no version means central package management, filled in
 * from the nearest Directory.Packages.props (`<PackageVersion>`) when collecting. `$(Prop)`
 * is looked up in the file's own `<PropertyGroup>`s. NuGet restores the lowest version that
 * satisfies a bare `1.2.3`, which is 1.2.3 itself, so that is the version; `[1.2.3]` too;
 * ranges and floating versions (`1.*`) are not. A test project (`<IsTestProject>` or a
 * reference to Microsoft.NET.Test.Sdk) has only dev dependencies, and `PrivateAssets="all"`
 * marks a development-only package (analyzers, build tools). MSBuild attribute names are
 * case-insensitive, so they are read that way.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { asArray, isRecord, problem, readXml, xmlText } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

type Element = Record<string, unknown>;

/** Attribute or child element, any case: `Version="1"` or `<Version>1</Version>`. */
function field(item: Element, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(item)) {
    const bare = key.startsWith("@_") ? key.slice(2) : key;
    if (bare.toLowerCase() === lower) return xmlText(value);
  }
  return undefined;
}

function items(project: Element, group: string, item: string): Element[] {
  return asArray(project[group]).filter(isRecord).flatMap((g) => asArray(g[item]).filter(isRecord));
}

/** NuGet version text → exact version (or null) and the range as written. */
export function nugetVersion(text: string): { version: string | null; range: string } {
  const range = text.trim();
  const bracketed = /^\[\s*([^,\]\s]+)\s*\]$/.exec(range);
  if (bracketed) return { version: bracketed[1]!, range };
  return { version: /^\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?$/.test(range) ? range : null, range };
}

/** Reads PackageReference items of a project file, or a Directory.Packages.props. */
export function parseMsbuildProject(path: string, text: string): ParseOutcome {
  const read = readXml(path, text);
  const problems: ManifestProblem[] = read.problem ? [read.problem] : [];
  const project = read.value && isRecord(read.value.Project) ? read.value.Project : null;
  if (!project) {
    if (read.value && !read.problem) problems.push(problem(path, "no <Project> element"));
    return { file: null, problems };
  }
  const props = new Map<string, string>();
  for (const group of asArray(project.PropertyGroup).filter(isRecord)) {
    for (const [key, value] of Object.entries(group)) {
      const v = xmlText(value);
      if (!key.startsWith("@_") && v !== undefined) props.set(key.toLowerCase(), v);
    }
  }
  const expand = (value: string) => value.replace(/\$\(([^)]+)\)/g, (whole, name: string) => props.get(name.toLowerCase()) ?? whole);

  const isProps = /(^|\/)Directory\.Packages\.props$/i.test(path);
  const references = items(project, "ItemGroup", "PackageReference");
  const testProject =
    props.get("istestproject")?.toLowerCase() === "true" ||
    references.some((r) => field(r, "Include")?.toLowerCase() === "microsoft.net.test.sdk");

  const read1 = (item: Element, dev: boolean): Declared | null => {
    const id = field(item, "Include");
    if (!id) return null; // `Update=` items change a reference made elsewhere
    const raw = field(item, "VersionOverride") ?? field(item, "Version");
    const privateAll = field(item, "PrivateAssets")?.toLowerCase().split(/[;,\s]+/).includes("all") ?? false;
    const entry: Declared = { name: expand(id), version: null, ecosystem: "NuGet", direct: true, dev: dev || privateAll, manifest: path };
    if (raw === undefined) {
      entry.inherits = "nuget-central";
      return entry;
    }
    const value = expand(raw);
    if (value.includes("$(")) {
      problems.push(problem(path, `${entry.name}: unresolved property in version "${raw}"`));
      entry.range = raw;
      return entry;
    }
    return { ...entry, ...nugetVersion(value) };
  };

  const dependencies: Declared[] = [];
  for (const item of references) {
    const d = read1(item, testProject);
    if (d) dependencies.push(d);
  }
  if (!isProps) return { file: { kind: "manifest", path, ecosystem: "NuGet", dependencies }, problems };

  // GlobalPackageReference applies to every project below and is meant for build tooling.
  for (const item of items(project, "ItemGroup", "GlobalPackageReference")) {
    const d = read1(item, true);
    if (d) dependencies.push(d);
  }
  const central = items(project, "ItemGroup", "PackageVersion")
    .map((item) => read1(item, false))
    .filter((d): d is Declared => d !== null && d.inherits === undefined);
  return { file: { kind: "manifest", path, ecosystem: "NuGet", dependencies, central }, problems };
}
