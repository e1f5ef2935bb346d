import { describe, expect, it } from "@jest/globals";
import { collectDependencies, isDependencyFile, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const npm = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "npm",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

/** The npm, pnpm and yarn berry fixtures lock the same workspace project; their answers must agree. */
function workspaceExpectation(lock: string): Dependency[] {
  return [
    npm("debug", "4.4.3", lock, { direct: true, range: "^4.3.4" }),
    npm("is-number", "6.0.0", lock),
    npm("is-number", "7.0.0", lock, { direct: true, dev: true, range: "^7.0.0" }),
    npm("is-odd", "3.0.1", "packages/web/package.json", { direct: true, range: "^3.0.1" }),
    npm("left-pad", "1.3.0", "packages/api/package.json", { direct: true, dev: true, range: "^1.3.0" }),
    npm("ms", "2.0.0", "packages/api/package.json", { direct: true, range: "2.0.0" }),
    npm("ms", "2.1.3", lock),
  ];
}

describe("package.json", () => {
  it("reads registry requirements, exact pins and aliases, and notes git specs without their credentials", () => {
    const result = parseDependencyFile("package.json", fixtureText("npm/specs/package.json"));
    expect(result.dependencies).toEqual([
      npm("chalk", null, "package.json", { direct: true, range: "^5.3.0" }),
      npm("eslint", null, "package.json", { direct: true, dev: true, range: ">=8 <10" }),
      npm("express", "4.18.2", "package.json", { direct: true, range: "4.18.2" }),
      npm("fsevents", null, "package.json", { direct: true, range: "~2.3.3" }),
      npm("lodash", "4.17.20", "package.json", { direct: true, range: "4.17.20" }),
      npm("typescript", "5.4.5", "package.json", { direct: true, dev: true, range: "=5.4.5" }),
      npm("zod", null, "package.json", { direct: true, range: "latest" }),
    ]);
    expect(result.problems).toEqual([
      { manifest: "package.json", message: "package.json: skipped tiny-tool: not from the npm registry (github:acme/tiny-tool#v1.0.0)" },
      {
        manifest: "package.json",
        message: "package.json: skipped private-fork: not from the npm registry (git+https://git.example.com/acme/fork.git#main)",
      },
    ]);
    expect(JSON.stringify(result)).not.toContain("s3cr3t");
  });

  it("leaves out in-repo specs (workspace:, file:) and peer dependencies", () => {
    const names = parseDependencyFile("package.json", fixtureText("npm/specs/package.json")).dependencies.map((d) => d.name);
    expect(names).not.toContain("@acme/shared");
    expect(names).not.toContain("local-utils");
    expect(names).not.toContain("react");
  });

  it("reports a dependencies field of the wrong type instead of guessing", () => {
    const result = parseDependencyFile("package.json", '{"dependencies": ["left-pad"], "devDependencies": {"jest": 29}}');
    expect(result.dependencies).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'package.json: "dependencies" is not an object',
      "package.json: devDependencies.jest is not a string",
    ]);
  });
});

describe("package-lock.json", () => {
  it("v3 alone: the root and workspace importers are direct, nested node_modules copies are separate versions", () => {
    const result = parseDependencyFile("package-lock.json", fixtureText("npm/workspace-lock-v3/package-lock.json"));
    const lock = "package-lock.json";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      npm("debug", "4.4.3", lock, { direct: true, range: "^4.3.4" }),
      npm("is-number", "6.0.0", lock),
      npm("is-number", "7.0.0", lock, { direct: true, dev: true, range: "^7.0.0" }),
      npm("is-odd", "3.0.1", lock, { direct: true, range: "^3.0.1" }),
      npm("left-pad", "1.3.0", lock, { direct: true, dev: true, range: "^1.3.0" }),
      npm("ms", "2.0.0", lock, { direct: true, range: "2.0.0" }),
      npm("ms", "2.1.3", lock),
    ]);
  });

  it("v3 with its workspace manifests: members keep their own manifest path, the sibling link is not a package", () => {
    const result = collectDependencies(fixtureFiles("npm/workspace-lock-v3", isDependencyFile));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual(workspaceExpectation("package-lock.json"));
  });

  it("v1 alone: nested trees and aliases are read, and nothing is known to be direct", () => {
    const result = parseDependencyFile("package-lock.json", fixtureText("npm/lock-v1/package-lock.json"));
    const lock = "package-lock.json";
    expect(result.dependencies).toEqual([
      npm("debug", "4.1.1", lock),
      npm("is-number", "6.0.0", lock),
      npm("is-number", "7.0.0", lock, { dev: true }),
      npm("is-odd", "3.0.1", lock),
      npm("left-pad", "1.2.0", lock),
      npm("ms", "2.1.2", lock),
    ]);
  });

  it("v1 with package.json: the alias resolves through its folder name and dev comes from the manifest", () => {
    const result = collectDependencies(fixtureFiles("npm/lock-v1"));
    const lock = "package-lock.json";
    expect(result.dependencies).toEqual([
      npm("debug", "4.1.1", lock, { direct: true, range: "^4.1.1" }),
      npm("is-number", "6.0.0", lock),
      npm("is-number", "7.0.0", lock, { direct: true, dev: true, range: "^7.0.0" }),
      npm("is-odd", "3.0.1", lock, { direct: true, range: "^3.0.1" }),
      npm("left-pad", "1.2.0", lock, { direct: true, range: "1.2.0" }),
      npm("ms", "2.1.2", lock),
    ]);
  });

  it("npm-shrinkwrap.json v2: git and file installs are not registry releases", () => {
    const result = parseDependencyFile("tools/npm-shrinkwrap.json", fixtureText("npm/shrinkwrap-v2/npm-shrinkwrap.json"));
    expect(result.dependencies).toEqual([
      npm("left-pad", "1.3.0", "tools/npm-shrinkwrap.json", { direct: true, dev: true, range: "^1.3.0" }),
      npm("ms", "2.1.3", "tools/npm-shrinkwrap.json", { direct: true, range: "^2.1.3" }),
    ]);
  });
});

describe("yarn.lock", () => {
  it("classic v1 alone: every entry, the alias under its real name, all transitive", () => {
    const result = parseDependencyFile("yarn.lock", fixtureText("npm/yarn-classic/yarn.lock"));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      npm("debug", "4.4.3", "yarn.lock"),
      npm("is-number", "6.0.0", "yarn.lock"),
      npm("is-number", "7.0.0", "yarn.lock"),
      npm("is-odd", "3.0.1", "yarn.lock"),
      npm("left-pad", "1.2.0", "yarn.lock"),
      npm("ms", "2.1.3", "yarn.lock"),
    ]);
  });

  it("classic v1 with package.json: requirements find their entries by `name@range`", () => {
    const result = collectDependencies(fixtureFiles("npm/yarn-classic"));
    expect(result.dependencies).toEqual([
      npm("debug", "4.4.3", "yarn.lock", { direct: true, range: "^4.3.4" }),
      npm("is-number", "6.0.0", "yarn.lock"),
      npm("is-number", "7.0.0", "yarn.lock", { direct: true, dev: true, range: "^7.0.0" }),
      npm("is-odd", "3.0.1", "yarn.lock", { direct: true, range: "^3.0.1" }),
      npm("left-pad", "1.2.0", "yarn.lock", { direct: true, range: "1.2.0" }),
      npm("ms", "2.1.3", "yarn.lock"),
    ]);
  });

  it("berry alone: workspaces (resolution workspace:) are importers, but their dev dependencies cannot be told apart", () => {
    const result = parseDependencyFile("yarn.lock", fixtureText("npm/yarn-berry-workspace/yarn.lock"));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      npm("debug", "4.4.3", "yarn.lock", { direct: true, range: "^4.3.4" }),
      npm("is-number", "6.0.0", "yarn.lock"),
      npm("is-number", "7.0.0", "yarn.lock", { direct: true, range: "^7.0.0" }),
      npm("is-odd", "3.0.1", "yarn.lock", { direct: true, range: "^3.0.1" }),
      npm("left-pad", "1.3.0", "yarn.lock", { direct: true, range: "^1.3.0" }),
      npm("ms", "2.0.0", "yarn.lock", { direct: true, range: "2.0.0" }),
      npm("ms", "2.1.3", "yarn.lock"),
    ]);
  });

  it("berry with its manifests gives the same answer as npm's lockfile for the same project", () => {
    const result = collectDependencies(fixtureFiles("npm/yarn-berry-workspace", isDependencyFile));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual(workspaceExpectation("yarn.lock"));
  });

  it("berry: patch: protocol entries are registry packages, git resolutions are not", () => {
    const lock = [
      "__metadata:",
      "  version: 8",
      "  cacheKey: 10c0",
      "",
      '"resolve@patch:resolve@npm%3A^1.22.1#optional!builtin<compat/resolve>":',
      "  version: 1.22.8",
      '  resolution: "resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>::version=1.22.8&hash=c3c19d"',
      "  languageName: node",
      "  linkType: hard",
      "",
      '"tiny-tool@github:acme/tiny-tool#v1.0.0":',
      "  version: 1.0.0",
      '  resolution: "tiny-tool@https://github.com/acme/tiny-tool.git#commit=4f1c2a9e0d6b7c8e9f0a1b2c3d4e5f6a7b8c9d0e"',
      "  languageName: node",
      "  linkType: hard",
      "",
    ].join("\n");
    expect(parseDependencyFile("yarn.lock", lock).dependencies).toEqual([npm("resolve", "1.22.8", "yarn.lock")]);
  });
});

describe("pnpm-lock.yaml", () => {
  it("v9 alone: importers give direct and dev, snapshots give the graph", () => {
    const result = parseDependencyFile("pnpm-lock.yaml", fixtureText("npm/pnpm-v9-workspace/pnpm-lock.yaml"));
    const lock = "pnpm-lock.yaml";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      npm("debug", "4.4.3", lock, { direct: true, range: "^4.3.4" }),
      npm("is-number", "6.0.0", lock),
      npm("is-number", "7.0.0", lock, { direct: true, dev: true, range: "^7.0.0" }),
      npm("is-odd", "3.0.1", lock, { direct: true, range: "^3.0.1" }),
      npm("left-pad", "1.3.0", lock, { direct: true, dev: true, range: "^1.3.0" }),
      npm("ms", "2.0.0", lock, { direct: true, range: "2.0.0" }),
      npm("ms", "2.1.3", lock),
    ]);
  });

  it("v9 with its manifests gives the same answer as npm's lockfile for the same project", () => {
    const result = collectDependencies(fixtureFiles("npm/pnpm-v9-workspace", isDependencyFile));
    expect(result.dependencies).toEqual(workspaceExpectation("pnpm-lock.yaml"));
  });

  it("v6 single project: top-level importers, peer-suffixed keys folded into one version", () => {
    const result = parseDependencyFile("web/pnpm-lock.yaml", fixtureText("npm/pnpm-v6/pnpm-lock.yaml"));
    const lock = "web/pnpm-lock.yaml";
    expect(result.dependencies).toEqual([
      npm("is-number", "7.0.0", lock, { direct: true, dev: true, range: "^7.0.0" }),
      npm("js-tokens", "4.0.0", lock),
      npm("loose-envify", "1.4.0", lock),
      npm("react", "18.3.1", lock, { direct: true, range: "^18.2.0" }),
      npm("react-dom", "18.3.1", lock, { direct: true, range: "^18.2.0" }),
      npm("scheduler", "0.23.2", lock),
    ]);
  });

  it("marks a package dev when only dev dependencies reach it", () => {
    const lock = [
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    dependencies:",
      "      a:",
      "        specifier: ^1.0.0",
      "        version: 1.0.0",
      "    devDependencies:",
      "      b:",
      "        specifier: ^1.0.0",
      "        version: 1.0.0",
      "packages:",
      "  a@1.0.0:",
      "    resolution: {integrity: sha512-aaaa}",
      "  b@1.0.0:",
      "    resolution: {integrity: sha512-bbbb}",
      "  shared@2.0.0:",
      "    resolution: {integrity: sha512-cccc}",
      "  only-dev@3.0.0:",
      "    resolution: {integrity: sha512-dddd}",
      "snapshots:",
      "  a@1.0.0:",
      "    dependencies:",
      "      shared: 2.0.0",
      "  b@1.0.0:",
      "    dependencies:",
      "      shared: 2.0.0",
      "      only-dev: 3.0.0",
      "  shared@2.0.0: {}",
      "  only-dev@3.0.0: {}",
    ].join("\n");
    const byName = Object.fromEntries(parseDependencyFile("pnpm-lock.yaml", lock).dependencies.map((d) => [d.name, d.dev]));
    expect(byName).toEqual({ a: false, b: true, shared: false, "only-dev": true });
  });
});
