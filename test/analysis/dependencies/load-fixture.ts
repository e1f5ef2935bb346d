import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** One fixture file's text, by its path under fixtures/. */
export function fixtureText(relative: string): string {
  return readFileSync(path.join(FIXTURES, relative), "utf8");
}

/**
 * Every file under a fixture folder, with paths relative to that folder as the analysis
 * would give them (repo-relative, `/` separators), filtered by `keep`.
 */
export function fixtureFiles(folder: string, keep: (p: string) => boolean = () => true): { path: string; text: string }[] {
  const root = path.join(FIXTURES, folder);
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const rel = path.relative(root, full).split(path.sep).join("/");
        if (keep(rel)) out.push({ path: rel, text: readFileSync(full, "utf8") });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
