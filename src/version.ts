import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Lodestar's version, from package.json (read once at load). */
export const VERSION: string = (() => {
  for (const candidate of ["../package.json", "../../package.json"]) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === "lodestar" && pkg.version) return pkg.version;
    } catch {
      // Not there from this location (src/ vs dist/ vs the action bundle); try the next.
    }
  }
  return "0.0.0";
})();
