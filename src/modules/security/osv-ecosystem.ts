/**
 * OSV ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field) for the
 * names manifests and package managers go by. A dependency whose ecosystem is not known here
 * is reported "not checked": sending OSV an unknown ecosystem makes the whole batch fail.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ["npm", "npm"],
  ["yarn", "npm"],
  ["pnpm", "npm"],
  ["pypi", "PyPI"],
  ["pip", "PyPI"],
  ["poetry", "PyPI"],
  ["uv", "PyPI"],
  ["pipenv", "PyPI"],
  ["python", "PyPI"],
  ["go", "Go"],
  ["golang", "Go"],
  ["gomod", "Go"],
  ["go modules", "Go"],
  ["crates.io", "crates.io"],
  ["cargo", "crates.io"],
  ["rust", "crates.io"],
  ["maven", "Maven"],
  ["gradle", "Maven"],
  ["packagist", "Packagist"],
  ["composer", "Packagist"],
  ["rubygems", "RubyGems"],
  ["bundler", "RubyGems"],
  ["gem", "RubyGems"],
  ["nuget", "NuGet"],
  ["hex", "Hex"],
  ["pub", "Pub"],
  ["hackage", "Hackage"],
  ["cran", "CRAN"],
  ["swifturl", "SwiftURL"],
  ["conancenter", "ConanCenter"],
  ["bioconductor", "Bioconductor"],
  ["github actions", "GitHub Actions"],
]);
/** Distribution ecosystems that carry a release suffix (`Debian:12`, `Alpine:v3.20`). */
const DISTRIBUTIONS = /^(?:Debian|Alpine|Ubuntu|Rocky Linux|AlmaLinux|Red Hat|SUSE|openSUSE|Photon OS|Mageia|Wolfi|Chainguard|Azure Linux|Android|Linux|OSS-Fuzz)(?::.+)?$/;

/** The OSV name of an ecosystem, or undefined when OSV does not cover it. */
export function osvEcosystem(ecosystem: string): string | undefined {
  const trimmed = ecosystem.trim();
  return ALIASES.get(trimmed.toLowerCase()) ?? (DISTRIBUTIONS.test(trimmed) ? trimmed : undefined);
}

/** The version as OSV indexes it: Go module versions are stored without their `v`. */
export function osvVersion(ecosystem: string, version: string): string {
  const v = version.trim();
  return ecosystem === "Go" && /^v\d/.test(v) ? v.slice(1) : v;
}

/** A package name compared the way its ecosystem compares names (PEP 503 for PyPI). */
export function comparablePackageName(ecosystem: string, name: string): string {
  if (ecosystem === "PyPI") return name.toLowerCase().replace(/[-_.]+/g, "-");
  if (ecosystem === "npm" || ecosystem === "Go" || ecosystem === "crates.io") return name;
  return name.toLowerCase();
}
