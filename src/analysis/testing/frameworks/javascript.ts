import { isTestFile } from "../test-files.js";
import { ancestors, dirOf, type FrameworkList, isRecord, joinPath, MAX_MANIFESTS, parseJsonObject, type RepoIndex } from "./repo-index.js";

interface JsFramework {
  name: string;
  /** Packages whose presence in dependencies means the framework. */
  deps: readonly string[];
  /** Config files next to package.json. */
  configs: readonly string[];
  /** Top-level package.json key holding its config. */
  pkgKey?: string;
  /** How the test script invokes it. */
  script: RegExp;
  /** The command without a test script, after the package manager's exec prefix. */
  run: string;
}

const JS = ["js", "ts", "mjs", "cjs", "mts", "cts"];
const configs = (stem: string, exts: readonly string[] = JS): string[] => exts.map((e) => `${stem}.${e}`);

const FRAMEWORKS: readonly JsFramework[] = [
  // react-scripts and craco run Jest under their own name.
  { name: "jest", deps: ["jest", "jest-cli", "ts-jest", "@jest/globals"], configs: configs("jest.config", [...JS, "json"]), pkgKey: "jest", script: /\bjest\b|\breact-scripts\s+test\b|\bcraco\s+test\b/, run: "jest" },
  { name: "vitest", deps: ["vitest"], configs: [...configs("vitest.config"), ...configs("vitest.workspace", [...JS, "json"])], script: /\bvitest\b/, run: "vitest run" },
  { name: "mocha", deps: ["mocha"], configs: configs(".mocharc", ["js", "cjs", "mjs", "json", "jsonc", "yml", "yaml"]), pkgKey: "mocha", script: /\bmocha\b/, run: "mocha" },
  { name: "ava", deps: ["ava"], configs: configs("ava.config", ["js", "cjs", "mjs"]), pkgKey: "ava", script: /(^|[\s;&|(])ava\b/, run: "ava" },
  // Angular's `ng test` runs Jasmine specs through Karma.
  { name: "jasmine", deps: ["jasmine", "jasmine-core", "karma-jasmine"], configs: ["spec/support/jasmine.json", "spec/support/jasmine.mjs", "spec/support/jasmine.js"], script: /\bjasmine\b|\bng\s+test\b|\bkarma\s+start\b/, run: "jasmine" },
  { name: "playwright", deps: ["@playwright/test"], configs: configs("playwright.config"), script: /\bplaywright\s+test\b/, run: "playwright test" },
  { name: "cypress", deps: ["cypress"], configs: [...configs("cypress.config"), "cypress.json"], script: /\bcypress\s+run\b/, run: "cypress run" },
];

const NODE_TEST_SCRIPT = /\b(node|tsx)\b[^;&|]*\s--test\b|\bborp\b/;
const NODE_TEST_IMPORT = /\bfrom\s*["']node:test["']|\brequire\(\s*["']node:test["']\s*\)|\bimport\(\s*["']node:test["']\s*\)/;
/** What `npm init` writes: a test script that only fails. */
const PLACEHOLDER_TEST = /no test specified/;

type PackageManager = "npm" | "pnpm" | "yarn" | "bun";
const LOCKFILES: readonly [string, PackageManager][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
];
const EXEC: Record<PackageManager, string> = { npm: "npx", pnpm: "pnpm exec", yarn: "yarn", bun: "bunx" };
const RUN_TEST: Record<PackageManager, string> = { npm: "npm test", pnpm: "pnpm test", yarn: "yarn test", bun: "bun run test" };

function packageManager(index: RepoIndex, dir: string, pkg: Record<string, unknown> | undefined): PackageManager {
  const declared = typeof pkg?.packageManager === "string" ? /^(npm|pnpm|yarn|bun)@/.exec(pkg.packageManager)?.[1] : undefined;
  if (declared) return declared as PackageManager;
  for (const d of ancestors(dir)) for (const [file, pm] of LOCKFILES) if (index.has(joinPath(d, file))) return pm;
  return "npm";
}

/** `npm run test:unit` inside a script is replaced by that script, a few levels deep. */
function expandScript(scripts: Record<string, unknown>, name: string, depth = 0): string {
  const text = scripts[name];
  if (typeof text !== "string") return "";
  if (depth >= 4) return text;
  return text.replace(/\b(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.@/-]+)/g, (whole, ref: string) =>
    ref !== name && typeof scripts[ref] === "string" ? `${whole} ${expandScript(scripts, ref, depth + 1)}` : whole,
  );
}

function dependencyNames(pkg: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const field of ["devDependencies", "dependencies", "optionalDependencies"]) {
    const deps = pkg[field];
    if (isRecord(deps)) for (const name of Object.keys(deps)) if (!out.has(name)) out.set(name, field);
  }
  return out;
}

/**
 * JavaScript and TypeScript frameworks, per package.json (each workspace package is its own
 * directory): config files first, then dependencies, the package.json key, the test script,
 * and for node:test the imports of the package's test files.
 */
export function detectJavaScript(index: RepoIndex, found: FrameworkList): void {
  const manifests = index.named("package.json").slice(0, MAX_MANIFESTS);
  const packageDirs = new Set(manifests.map(dirOf));
  // Test files by the package they belong to, for node:test, which has no config or dependency.
  const testFiles = new Map<string, string[]>();
  for (const ext of JS) {
    for (const p of index.withExt(ext)) {
      if (!isTestFile(p)) continue;
      const owner = [...ancestors(dirOf(p))].find((d) => packageDirs.has(d));
      if (owner === undefined) continue;
      const list = testFiles.get(owner) ?? [];
      if (list.length < 5) list.push(p);
      testFiles.set(owner, list);
    }
  }

  for (const manifest of manifests) {
    const dir = dirOf(manifest);
    const pkg = parseJsonObject(index.read(manifest));
    const deps = pkg ? dependencyNames(pkg) : new Map<string, string>();
    const scripts = pkg && isRecord(pkg.scripts) ? pkg.scripts : {};
    const rawTest = typeof scripts.test === "string" && !PLACEHOLDER_TEST.test(scripts.test) ? scripts.test : undefined;
    const testScript = rawTest === undefined ? "" : expandScript(scripts, "test");
    const pm = packageManager(index, dir, pkg);
    const language = [...ancestors(dir)].some((d) => index.has(joinPath(d, "tsconfig.json"))) ? "TypeScript" : "JavaScript";
    const scriptNamesNoRunner = rawTest !== undefined && !FRAMEWORKS.some((f) => f.script.test(testScript)) && !NODE_TEST_SCRIPT.test(testScript);
    const command = (script: RegExp, run: string): string =>
      rawTest !== undefined && (script.test(testScript) || scriptNamesNoRunner) ? RUN_TEST[pm] : `${EXEC[pm]} ${run}`;

    let anyFramework = false;
    for (const fw of FRAMEWORKS) {
      const config = fw.configs.map((c) => joinPath(dir, c)).find((c) => index.has(c));
      const dep = fw.deps.find((d) => deps.has(d));
      const evidence = config
        ? config
        : dep
          ? `${manifest} ${deps.get(dep)}.${dep}`
          : fw.pkgKey && pkg && isRecord(pkg[fw.pkgKey])
            ? `${manifest} "${fw.pkgKey}" key`
            : rawTest !== undefined && fw.script.test(testScript)
              ? `${manifest} scripts.test`
              : undefined;
      if (!evidence) continue;
      anyFramework = true;
      found.add({ name: fw.name, language, evidence, command: command(fw.script, fw.run), directory: dir });
    }

    if (rawTest !== undefined && NODE_TEST_SCRIPT.test(testScript)) {
      found.add({ name: "node:test", language, evidence: `${manifest} scripts.test`, command: RUN_TEST[pm], directory: dir });
    } else if (!anyFramework) {
      const importing = (testFiles.get(dir) ?? []).find((p) => NODE_TEST_IMPORT.test(index.read(p) ?? ""));
      if (importing) {
        found.add({ name: "node:test", language, evidence: `${importing} imports node:test`, command: rawTest !== undefined ? RUN_TEST[pm] : "node --test", directory: dir });
      }
    }
  }
}
