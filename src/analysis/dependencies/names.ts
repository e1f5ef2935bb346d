/** Name and path rules the parsers and the merge share. */
import type { Ecosystem } from "./types.js";

/** PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The form two names are compared in: NuGet and Composer ids are case-insensitive. */
export function nameKey(ecosystem: Ecosystem, name: string): string {
  if (ecosystem === "NuGet" || ecosystem === "Packagist") return name.toLowerCase();
  if (ecosystem === "PyPI") return normalizePypiName(name);
  return name;
}

/** The file name of a `/`-separated path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The folder of a repo-relative path, "" at the root. */
export function dirName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** `child` relative to `parent` (both folders), or null when it is not inside it. */
export function relativeDir(parent: string, child: string): string | null {
  if (parent === "") return child;
  if (child === parent) return "";
  return child.startsWith(`${parent}/`) ? child.slice(parent.length + 1) : null;
}

/** Folder spelling in lockfiles and workspace globs: no `./`, no trailing `/`, "." is "". */
export function normalizeDir(dir: string): string {
  let d = dir.replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (d === ".") d = "";
  return d;
}

const globCache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    let source = "";
    const g = normalizeDir(glob);
    for (let i = 0; i < g.length; i++) {
      const c = g[i]!;
      if (c === "*" && g[i + 1] === "*") {
        source += ".*";
        i++;
        if (g[i + 1] === "/") i++;
      } else if (c === "*") source += "[^/]*";
      else if (c === "?") source += "[^/]";
      else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    re = new RegExp(`^${source}$`);
    globCache.set(glob, re);
  }
  return re;
}

/** Whether a member folder matches workspace globs (npm/yarn `!pattern` negations included). */
export function matchesWorkspace(dir: string, workspaces: { include: string[]; exclude: string[] }): boolean {
  let matched = false;
  for (const pattern of workspaces.include) {
    if (pattern.startsWith("!")) {
      if (globRegExp(pattern.slice(1)).test(dir)) matched = false;
    } else if (globRegExp(pattern).test(dir)) matched = true;
  }
  return matched && !workspaces.exclude.some((p) => globRegExp(p).test(dir));
}

/** Removes `user:password@` from a URL before it appears in a message. */
export function redactUrl(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/g, "//");
}
