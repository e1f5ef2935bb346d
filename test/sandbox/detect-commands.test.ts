import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { configSchema, defaultConfig, type LodestarConfigInput } from "../../src/config/index.js";
import { detectCommands, sandboxLimits } from "../../src/sandbox/index.js";
import { writeFiles } from "../helpers/git-repo.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "lodestar-detect-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) => JSON.stringify({ name: "x", scripts, ...extra });
const detect = (config: LodestarConfigInput = {}) => detectCommands(dir, configSchema.parse(config));
const python = process.platform === "win32" ? "python" : "python3";

describe("detectCommands: JavaScript", () => {
  it("node --test: npm test, with a node coverage command writing lcov", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: "node --test" }) });
    const commands = await detect();
    expect(commands).toMatchObject({ test: ["npm", "test"], ecosystem: "node-test", source: "detected" });
    expect(commands?.install).toBeUndefined(); // nothing to install
    expect(commands?.coverage?.format).toBe("lcov");
    expect(commands?.coverage?.argv.slice(0, 3)).toEqual(["node", "--test", "--experimental-test-coverage"]);
    expect(commands?.coverage?.argv).toContain(`--test-reporter-destination=${commands?.coverage?.report}`);
  });

  it("node --test keeps plain arguments and drops globs Node 20 would not expand", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: "node --test --test-concurrency=1 test/" }) });
    expect((await detect())?.coverage?.argv.slice(-2)).toEqual(["--test-concurrency=1", "test/"]);
    await writeFiles(dir, { "package.json": pkg({ test: "node --test test/*.test.js" }) });
    expect((await detect())?.coverage?.argv.at(-1)).toBe("--test-reporter-destination=stdout");
    await writeFiles(dir, { "package.json": pkg({ test: "node --test && eslint ." }) });
    const chained = await detect();
    expect(chained).toMatchObject({ ecosystem: "node-test", test: ["npm", "test"] });
    expect(chained?.coverage).toBeUndefined();
  });

  it("npm with a lockfile installs with npm ci; a build script is used", async () => {
    await writeFiles(dir, {
      "package.json": pkg({ test: "mocha", build: "tsc" }, { devDependencies: { mocha: "10.0.0" } }),
      "package-lock.json": "{}",
    });
    expect(await detect()).toEqual({ install: ["npm", "ci", "--no-audit", "--no-fund"], build: ["npm", "run", "build"], test: ["npm", "test"], source: "detected", ecosystem: "npm" });
  });

  it("yarn classic, yarn berry and pnpm by lockfile or packageManager", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: "jest" }, { devDependencies: { jest: "29" } }), "yarn.lock": "" });
    expect(await detect()).toMatchObject({ install: ["yarn", "install", "--frozen-lockfile"], test: ["yarn", "test"], ecosystem: "yarn" });
    await writeFiles(dir, { ".yarnrc.yml": "nodeLinker: node-modules\n" });
    expect((await detect())?.install).toEqual(["yarn", "install", "--immutable"]);
    await rm(path.join(dir, "yarn.lock"));
    await writeFiles(dir, { "pnpm-lock.yaml": "lockfileVersion: 9\n" });
    expect(await detect()).toMatchObject({ install: ["pnpm", "install", "--frozen-lockfile"], test: ["pnpm", "test"], ecosystem: "pnpm" });
    await writeFiles(dir, { "package.json": pkg({ test: "jest" }, { devDependencies: { jest: "29" }, packageManager: "yarn@4.1.0" }) });
    expect((await detect())?.ecosystem).toBe("yarn");
  });

  it("jest and vitest (with a coverage provider) get lcov coverage through the package manager", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: "jest --runInBand" }, { devDependencies: { jest: "29" } }) });
    expect((await detect())?.coverage).toEqual({
      argv: ["npm", "run", "test", "--", "--coverage", "--coverageReporters=lcov", "--coverageDirectory=coverage"],
      report: "coverage/lcov.info",
      format: "lcov",
    });
    await writeFiles(dir, { "package.json": pkg({ test: "vitest run" }, { devDependencies: { vitest: "3" } }) });
    expect((await detect())?.coverage).toBeUndefined();
    await writeFiles(dir, { "package.json": pkg({ test: "vitest run" }, { devDependencies: { vitest: "3", "@vitest/coverage-v8": "3" } }), "pnpm-lock.yaml": "" });
    expect((await detect())?.coverage?.argv).toEqual(["pnpm", "run", "test", "--coverage.enabled=true", "--coverage.reporter=lcov", "--coverage.reportsDirectory=coverage"]);
  });

  it("ignores npm's placeholder test script, a broken package.json, and a symlinked one", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: 'echo "Error: no test specified" && exit 1' }) });
    expect(await detect()).toBeNull();
    await writeFiles(dir, { "package.json": "{ not json" });
    expect(await detect()).toBeNull();
    await rm(path.join(dir, "package.json"));
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), "lodestar-detect-out-"));
    await writeFiles(elsewhere, { "package.json": pkg({ test: "node --test" }) });
    await symlink(path.join(elsewhere, "package.json"), path.join(dir, "package.json"));
    expect(await detect()).toBeNull();
    await rm(elsewhere, { recursive: true, force: true });
  });
});

describe("detectCommands: other ecosystems", () => {
  it("pytest from its config, with coverage only when pytest-cov is declared", async () => {
    await writeFiles(dir, { "pyproject.toml": '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n' });
    expect(await detect()).toEqual({ test: [python, "-m", "pytest", "-q"], source: "detected", ecosystem: "pytest" });
    await writeFiles(dir, { "requirements-dev.txt": "pytest==8.0\npytest-cov==5.0\n" });
    expect((await detect())?.coverage).toEqual({ argv: [python, "-m", "pytest", "-q", "--cov", "--cov-report=lcov:coverage/lcov.info"], report: "coverage/lcov.info", format: "lcov" });
  });

  it("pytest from setup.cfg or pytest.ini", async () => {
    await writeFiles(dir, { "setup.cfg": "[metadata]\nname = x\n\n[tool:pytest]\ntestpaths = tests\n" });
    expect((await detect())?.ecosystem).toBe("pytest");
    await rm(path.join(dir, "setup.cfg"));
    await writeFiles(dir, { "pytest.ini": "[pytest]\n" });
    expect((await detect())?.ecosystem).toBe("pytest");
  });

  it("go, cargo, maven and gradle (with their wrappers)", async () => {
    await writeFiles(dir, { "go.mod": "module example.com/x\n\ngo 1.22\n" });
    expect(await detect()).toEqual({ install: ["go", "mod", "download"], build: ["go", "build", "./..."], test: ["go", "test", "./..."], source: "detected", ecosystem: "go" });
    await rm(path.join(dir, "go.mod"));
    await writeFiles(dir, { "Cargo.toml": '[package]\nname = "x"\n' });
    expect(await detect()).toMatchObject({ test: ["cargo", "test", "--offline"], install: ["cargo", "fetch"], ecosystem: "cargo" });
    await rm(path.join(dir, "Cargo.toml"));
    await writeFiles(dir, { "pom.xml": "<project/>\n" });
    expect(await detect()).toMatchObject({ test: ["mvn", "-B", "-q", "test"], ecosystem: "maven" });
    await rm(path.join(dir, "pom.xml"));
    await writeFiles(dir, { "build.gradle.kts": "plugins { java }\n" });
    expect((await detect())?.test).toEqual(["gradle", "--no-daemon", "-q", "test"]);
    await writeFiles(dir, { gradlew: "#!/bin/sh\n" });
    expect(await detect()).toMatchObject({ test: ["./gradlew", "--no-daemon", "-q", "test"], ecosystem: "gradle" });
  });

  it("prefers a package.json with tests over other manifests, and falls through one without", async () => {
    await writeFiles(dir, { "package.json": pkg({ lint: "eslint ." }), "go.mod": "module x\n" });
    expect((await detect())?.ecosystem).toBe("go");
    await writeFiles(dir, { "package.json": pkg({ test: "node --test" }) });
    expect((await detect())?.ecosystem).toBe("node-test");
  });

  it("is null when nothing is found", async () => {
    await writeFiles(dir, { "README.md": "# nothing to run\n" });
    expect(await detect()).toBeNull();
  });
});

describe("detectCommands: config", () => {
  it("takes `commands` from config as they are, without detection", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: "node --test" }) });
    const commands = await detect({
      commands: { install: ["make", "deps"], test: ["make", "test"], coverage: { command: ["make", "coverage"], report: "out/lcov.info", format: "lcov" } },
    });
    expect(commands).toEqual({
      install: ["make", "deps"],
      test: ["make", "test"],
      coverage: { argv: ["make", "coverage"], report: "out/lcov.info", format: "lcov" },
      source: "config",
      ecosystem: "config",
    });
  });

  it("overrides one detected step when config names only that one", async () => {
    await writeFiles(dir, { "package.json": pkg({ test: "node --test" }, { dependencies: { a: "1" } }), "package-lock.json": "{}" });
    const commands = await detect({ commands: { install: ["npm", "ci", "--ignore-scripts"] } });
    expect(commands).toMatchObject({ install: ["npm", "ci", "--ignore-scripts"], test: ["npm", "test"], source: "detected", ecosystem: "node-test" });
  });

  it("rejects shell strings, empty commands and report paths leaving the repo in the config itself", () => {
    expect(configSchema.safeParse({ commands: { test: "npm test" } }).success).toBe(false);
    expect(configSchema.safeParse({ commands: { test: [] } }).success).toBe(false);
    expect(configSchema.safeParse({ commands: { test: ["x"], coverage: { command: ["x"], report: "../lcov.info", format: "lcov" } } }).success).toBe(false);
    expect(configSchema.safeParse({ commands: { test: ["x"], coverage: { command: ["x"], report: "/tmp/lcov.info", format: "lcov" } } }).success).toBe(false);
  });
});

describe("sandboxLimits", () => {
  it("turns the config's minutes, MiB and KiB into the limits a run uses", () => {
    expect(sandboxLimits(defaultConfig())).toEqual({ timeoutMs: 600_000, memoryMb: 2048, outputBytes: 1024 * 1024 });
    expect(sandboxLimits(configSchema.parse({ sandbox: { "timeout-minutes": 2, "memory-mb": 512, "output-kb": 64 } }))).toEqual({ timeoutMs: 120_000, memoryMb: 512, outputBytes: 64 * 1024 });
    expect(configSchema.safeParse({ sandbox: { "timeout-minutes": 0 } }).success).toBe(false);
    expect(configSchema.safeParse({ sandbox: { "memory-mb": 100_000 } }).success).toBe(false);
  });
});
