import { hasFile, readManifest } from "./read-manifest.js";
import type { CoverageCommand, RepoCommands } from "./types.js";

type PackageManager = "npm" | "yarn" | "pnpm";

interface PackageJson {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  packageManager?: unknown;
}

/** Where the node-test coverage command writes its lcov report (kept out of diffs by the workspace). */
export const NODE_TEST_LCOV = ".lodestar-lcov.info";

/** npm's placeholder for a package without tests. */
const NO_TEST = /no test specified/;
/** Characters that need a shell: such a script is run only through the package manager. */
const SHELL_SYNTAX = /[|&;<>()$`"'\\\n]|^\s*\w+=/;
const GLOB = /[*?[\]{}]/;

/** The words of a script that needs no shell, or null when it does (operators, quotes, variables). */
export function simpleWords(script: string): string[] | null {
  if (SHELL_SYNTAX.test(script)) return null;
  const words = script.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : null;
}

/**
 * Commands for a package.json with a real `test` script, or null. The package manager comes
 * from `packageManager`, else the lockfile; installs are frozen to the lockfile when there is one.
 */
export async function detectNode(repoDir: string): Promise<RepoCommands | null> {
  const text = await readManifest(repoDir, "package.json");
  if (text === null) return null;
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(text) as PackageJson;
  } catch {
    return null;
  }
  if (!pkg || typeof pkg !== "object") return null;
  const scripts = pkg.scripts && typeof pkg.scripts === "object" ? pkg.scripts : {};
  const testScript = typeof scripts.test === "string" ? scripts.test.trim() : "";
  if (testScript === "" || NO_TEST.test(testScript)) return null;

  const pm = await packageManager(repoDir, pkg);
  const install = await installCommand(repoDir, pm, pkg);
  const words = simpleWords(testScript);
  const nodeTest = /^node\s+(.*\s)?--test(\s|$)/.test(testScript);
  const coverage = nodeTest ? nodeTestCoverage(testScript) : words ? runnerCoverage(pm, words, pkg) : undefined;
  return {
    ...(install ? { install } : {}),
    ...(typeof scripts.build === "string" && scripts.build.trim() !== "" ? { build: [pm, "run", "build"] } : {}),
    test: [pm, "test"],
    ...(coverage ? { coverage } : {}),
    source: "detected",
    ecosystem: nodeTest ? "node-test" : pm,
  };
}

async function packageManager(repoDir: string, pkg: PackageJson): Promise<PackageManager> {
  const declared = typeof pkg.packageManager === "string" ? /^(npm|yarn|pnpm)@/.exec(pkg.packageManager)?.[1] : undefined;
  if (declared) return declared as PackageManager;
  if (await hasFile(repoDir, "pnpm-lock.yaml")) return "pnpm";
  if (await hasFile(repoDir, "yarn.lock")) return "yarn";
  return "npm";
}

function hasDependencies(pkg: PackageJson): boolean {
  return [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies].some((d) => d && typeof d === "object" && Object.keys(d).length > 0);
}

function declares(pkg: PackageJson, name: string): boolean {
  return [pkg.dependencies, pkg.devDependencies].some((d) => d && typeof d === "object" && Object.hasOwn(d, name));
}

/** The install step (the one that may use the network), or undefined when there is nothing to install. */
async function installCommand(repoDir: string, pm: PackageManager, pkg: PackageJson): Promise<string[] | undefined> {
  if (!hasDependencies(pkg)) return undefined;
  if (pm === "pnpm") return (await hasFile(repoDir, "pnpm-lock.yaml")) ? ["pnpm", "install", "--frozen-lockfile"] : ["pnpm", "install"];
  if (pm === "yarn") {
    if (!(await hasFile(repoDir, "yarn.lock"))) return ["yarn", "install"];
    // Yarn 2+ (a .yarnrc.yml, or packageManager yarn@2+) spells the frozen install --immutable.
    const berry = (await hasFile(repoDir, ".yarnrc.yml")) || (typeof pkg.packageManager === "string" && /^yarn@([2-9]|\d{2,})/.test(pkg.packageManager));
    return berry ? ["yarn", "install", "--immutable"] : ["yarn", "install", "--frozen-lockfile"];
  }
  const locked = (await hasFile(repoDir, "package-lock.json")) || (await hasFile(repoDir, "npm-shrinkwrap.json"));
  return locked ? ["npm", "ci", "--no-audit", "--no-fund"] : ["npm", "install", "--no-audit", "--no-fund"];
}

/**
 * `node --test` with the built-in coverage written as lcov to a file, and the spec reporter on
 * stdout for people and models to read. The script's own arguments are kept when they need no
 * shell; globs are dropped (Node 20 does not expand them), leaving Node's default discovery,
 * which also finds the test files a generator adds next to the existing ones.
 */
function nodeTestCoverage(script: string): CoverageCommand | undefined {
  const words = simpleWords(script);
  if (!words || words[0] !== "node") return undefined;
  const rest = words.slice(1).filter((w) => w !== "--test" && !w.startsWith("--test-reporter") && w !== "--experimental-test-coverage");
  const args = rest.some((w) => !w.startsWith("-") && GLOB.test(w)) ? rest.filter((w) => w.startsWith("-")) : rest;
  return {
    argv: [
      "node",
      "--test",
      "--experimental-test-coverage",
      "--test-reporter=lcov",
      `--test-reporter-destination=${NODE_TEST_LCOV}`,
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      ...args,
    ],
    report: NODE_TEST_LCOV,
    format: "lcov",
  };
}

/**
 * Coverage for a test script that is one plain jest or vitest call: the script runs through the
 * package manager (so node_modules/.bin is on PATH) with the runner's own lcov flags appended.
 * Vitest only with a coverage provider declared (it would otherwise try to install one).
 */
function runnerCoverage(pm: PackageManager, words: string[], pkg: PackageJson): CoverageCommand | undefined {
  let flags: string[];
  if (words[0] === "jest") flags = ["--coverage", "--coverageReporters=lcov", "--coverageDirectory=coverage"];
  else if (words[0] === "vitest" && (declares(pkg, "@vitest/coverage-v8") || declares(pkg, "@vitest/coverage-istanbul")))
    flags = ["--coverage.enabled=true", "--coverage.reporter=lcov", "--coverage.reportsDirectory=coverage"];
  else return undefined;
  // `npm run x -- args` and `yarn|pnpm run x args` all append args to the script.
  const argv = pm === "npm" ? ["npm", "run", "test", "--", ...flags] : [pm, "run", "test", ...flags];
  return { argv, report: "coverage/lcov.info", format: "lcov" };
}
