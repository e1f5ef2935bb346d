import type { FileKind } from "./types.js";

/** Languages where an unquoted right-hand side is an expression, never a literal secret. */
const CODE_EXTENSIONS = new Set([
  "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "vue", "svelte", "py", "pyw", "go", "java", "kt", "kts",
  "scala", "groovy", "gradle", "rb", "php", "cs", "vb", "fs", "rs", "swift", "c", "h", "cc", "cpp", "cxx", "hpp",
  "hh", "m", "mm", "dart", "lua", "pl", "pm", "r", "jl", "ex", "exs", "erl", "clj", "cljs", "hs", "ml", "elm",
  "sol", "ps1", "psm1", "coffee", "cr", "nim", "zig", "v",
  // Source maps: JSON whose strings are source code.
  "map",
]);

/** Lockfiles hold long base64 and hex by design; only distinctive provider formats are trusted there. */
const LOCKFILES = new Set([
  "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "cargo.lock",
  "poetry.lock", "uv.lock", "pipfile.lock", "pdm.lock", "composer.lock", "gemfile.lock", "go.sum", "go.work.sum",
  "packages.lock.json", "gradle.lockfile", "flake.lock", "mix.lock", "pubspec.lock", "podfile.lock",
  "package.resolved", "deno.lock", "conan.lock", "paket.lock",
]);

/** How values are written in `path`: code (literals are quoted), lockfile, or config (anything else). */
export function fileKindOf(path: string): FileKind {
  const base = (path.split(/[\\/]/).pop() ?? "").toLowerCase();
  if (LOCKFILES.has(base)) return "lockfile";
  const dot = base.lastIndexOf(".");
  if (dot > 0 && CODE_EXTENSIONS.has(base.slice(dot + 1))) return "code";
  return "config";
}

/** Files whose entries are `name value` pairs separated by blanks (`machine h login u password p`). */
export function isBlankSeparated(path: string): boolean {
  const base = (path.split(/[\\/]/).pop() ?? "").toLowerCase();
  return base === ".netrc" || base === "_netrc" || base === ".authinfo";
}
