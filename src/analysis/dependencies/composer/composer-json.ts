/**
 * composer.json: `require` (shipped) and `require-dev` (dev). Platform requirements (php,
 * ext-*, lib-*, composer-*) are not packages. Names are lowercase, as Packagist stores them.
 * A bare version (`1.2.3`, `v1.2.3`) is an exact constraint in Composer.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { isRecord, problem, readJson } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

const SECTIONS = [
  ["require", false],
  ["require-dev", true],
] as const;

/** Requirements on the PHP runtime and its extensions, not on Packagist packages. */
export function isPlatformPackage(name: string): boolean {
  return /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|composer|composer-plugin-api|composer-runtime-api)$|^(ext|lib)-/.test(name);
}

/** Reads composer.json require and require-dev. */
export function parseComposerJson(path: string, text: string): ParseOutcome {
  const read = readJson(path, text);
  if (!read.ok) return { file: null, problems: [read.problem] };
  if (!isRecord(read.value)) return { file: null, problems: [problem(path, "not a JSON object")] };
  const doc = read.value;
  const problems: ManifestProblem[] = [];
  const dependencies: Declared[] = [];
  for (const [section, dev] of SECTIONS) {
    const map = doc[section];
    if (map === undefined) continue;
    if (!isRecord(map)) {
      problems.push(problem(path, `"${section}" is not an object`));
      continue;
    }
    for (const [rawName, range] of Object.entries(map)) {
      const name = rawName.toLowerCase();
      if (isPlatformPackage(name)) continue;
      if (typeof range !== "string") {
        problems.push(problem(path, `${section}.${rawName} is not a string`));
        continue;
      }
      const exact = /^(?:==?)?\s*(v?\d+(?:\.\d+){0,3}(?:-(?:alpha|beta|RC|patch|pl|p)\.?\d*)?)$/i.exec(range.trim());
      dependencies.push({ name, version: exact ? exact[1]! : null, range, ecosystem: "Packagist", direct: true, dev, manifest: path });
    }
  }
  const name = typeof doc.name === "string" ? doc.name.toLowerCase() : undefined;
  return { file: { kind: "manifest", path, ecosystem: "Packagist", dependencies, ...(name ? { packageName: name } : {}) }, problems };
}
