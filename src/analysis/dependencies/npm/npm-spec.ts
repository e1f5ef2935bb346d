/** How package.json and npm lockfiles spell a requirement, and which ones come from the registry. */

export type NpmSpec =
  | { kind: "registry"; name: string; range: string; version: string | null }
  /** In-repo code: workspace:, file:, link:, portal: — not a third-party package. */
  | { kind: "local" }
  /** Git, tarball URL or GitHub shorthand: a package, but not the registry's. */
  | { kind: "remote" };

const EXACT = /^v?=?\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

/** Versions the npm registry can publish; anything else in a lockfile is a git/file/link entry. */
export function isRegistryVersion(version: unknown): version is string {
  return typeof version === "string" && /^\d+\.\d+\.\d+/.test(version);
}

/** An exact semver pin (`1.2.3`, `=1.2.3`, `v1.2.3`) gives that version, else null. */
export function exactNpmVersion(range: string): string | null {
  return EXACT.exec(range.trim())?.[1] ?? null;
}

/** Whether a package.json requirement is a registry range (and for which real name), local or remote. */
export function classifyNpmSpec(name: string, raw: string): NpmSpec {
  const spec = raw.trim();
  if (/^(workspace|file|link|portal):/.test(spec) || spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("~/")) {
    return { kind: "local" };
  }
  if (spec.startsWith("npm:")) {
    // Alias: `"foo": "npm:bar@^1"` installs bar under the folder foo.
    const target = spec.slice(4);
    const at = target.lastIndexOf("@");
    if (at > 0) return registry(target.slice(0, at), target.slice(at + 1));
    return registry(name, target);
  }
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:|https?:)/.test(spec) || /^[^@\s/]+\/[^\s]+$/.test(spec)) {
    return { kind: "remote" };
  }
  return registry(name, spec === "" ? "*" : spec);
}

function registry(name: string, range: string): NpmSpec {
  return { kind: "registry", name, range, version: exactNpmVersion(range) };
}
