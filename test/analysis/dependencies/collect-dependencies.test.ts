import { describe, expect, it } from "@jest/globals";
import { collectDependencies, isDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles } from "./load-fixture.js";

const under = (prefix: string, files: { path: string; text: string }[]) => files.map((f) => ({ path: `${prefix}/${f.path}`, text: f.text }));
const withPrefix = (prefix: string, deps: Dependency[]) => deps.map((d) => ({ ...d, manifest: `${prefix}/${d.manifest}` }));

describe("collectDependencies", () => {
  it("a monorepo of separate projects: each keeps its own manifest paths and its own merge", () => {
    const parts = [
      ["apps/web", fixtureFiles("npm/yarn-classic")],
      ["services/ledger", fixtureFiles("python/poetry")],
      ["tools/ingest", fixtureFiles("go")],
      ["native", fixtureFiles("cargo")],
      ["php", fixtureFiles("composer")],
    ] as const;
    const all = collectDependencies(parts.flatMap(([prefix, files]) => under(prefix, [...files])));
    // Same as collecting each project alone and moving it into its folder.
    const expected = parts.flatMap(([prefix, files]) => withPrefix(prefix, collectDependencies([...files]).dependencies));
    expect(all.dependencies).toHaveLength(expected.length);
    expect(all.dependencies).toEqual(expect.arrayContaining(expected));
    expect(new Set(all.dependencies.map((d) => d.manifest.split("/")[0]))).toEqual(new Set(["apps", "services", "tools", "native", "php"]));
  });

  it("the result does not depend on the order files are given in", () => {
    const files = [
      ...fixtureFiles("nuget/cpm"),
      ...under("py", fixtureFiles("python/pep621-uv")),
      ...under("js", fixtureFiles("npm/workspace-lock-v3", isDependencyFile)),
    ];
    const forward = collectDependencies(files);
    const backward = collectDependencies([...files].reverse());
    expect(backward).toEqual(forward);
  });

  it("sorts by ecosystem, then name, then version with numbers compared as numbers", () => {
    const result = collectDependencies([
      { path: "requirements.txt", text: "zope.interface==6.2\n" },
      { path: "b/requirements.txt", text: "attrs==23.10.0\n" },
      { path: "a/requirements.txt", text: "attrs==23.9.0\n" },
      { path: "package.json", text: '{"dependencies": {"ms": "2.1.3"}}' },
      { path: "go.mod", text: "module m\nrequire golang.org/x/text v0.14.0\n" },
    ]);
    expect(result.dependencies.map((d) => `${d.ecosystem} ${d.name} ${d.version}`)).toEqual([
      "Go golang.org/x/text 0.14.0",
      "PyPI attrs 23.9.0",
      "PyPI attrs 23.10.0",
      "PyPI zope-interface 6.2",
      "npm ms 2.1.3",
    ]);
  });

  it("one entry per (ecosystem, name, version, folder): direct if any was, dev only if all were", () => {
    const result = collectDependencies([
      { path: "requirements.txt", text: "requests>=2.28\npytest==8.1.1\n" },
      { path: "requirements-dev.txt", text: "requests>=2.31\npytest==8.1.1\nmypy==1.9.0\n" },
      { path: "docs/requirements.txt", text: "requests>=2.28\n" },
    ]);
    expect(result.dependencies).toEqual([
      { name: "mypy", version: "1.9.0", range: "==1.9.0", ecosystem: "PyPI", direct: true, dev: true, manifest: "requirements-dev.txt" },
      { name: "pytest", version: "8.1.1", range: "==8.1.1", ecosystem: "PyPI", direct: true, dev: false, manifest: "requirements-dev.txt" },
      { name: "requests", version: null, range: ">=2.28", ecosystem: "PyPI", direct: true, dev: true, manifest: "docs/requirements.txt" },
      { name: "requests", version: null, range: ">=2.31", ecosystem: "PyPI", direct: true, dev: false, manifest: "requirements-dev.txt" },
    ]);
  });

  it("the nearest lockfile wins; a folder outside the workspace globs with no lockfile stays unmerged", () => {
    const files = [
      { path: "package.json", text: '{"name": "root", "workspaces": ["packages/*"], "devDependencies": {"left-pad": "^1.3.0"}}' },
      { path: "packages/a/package.json", text: '{"name": "a", "dependencies": {"ms": "^2.1.3"}}' },
      {
        path: "yarn.lock",
        text: '# yarn lockfile v1\n\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n\nms@^2.1.3:\n  version "2.1.3"\n',
      },
      { path: "examples/demo/package.json", text: '{"name": "demo", "dependencies": {"ms": "^2.0.0"}}' },
      {
        path: "examples/demo/package-lock.json",
        text: JSON.stringify({ lockfileVersion: 3, packages: { "": { dependencies: { ms: "^2.0.0" } }, "node_modules/ms": { version: "2.0.0" } } }),
      },
      { path: "scripts/package.json", text: '{"name": "scripts", "dependencies": {"ms": "^2.1.2"}}' },
    ];
    expect(collectDependencies(files).dependencies).toEqual([
      { name: "left-pad", version: "1.3.0", range: "^1.3.0", ecosystem: "npm", direct: true, dev: true, manifest: "yarn.lock" },
      { name: "ms", version: null, range: "^2.1.2", ecosystem: "npm", direct: true, dev: false, manifest: "scripts/package.json" },
      { name: "ms", version: "2.0.0", range: "^2.0.0", ecosystem: "npm", direct: true, dev: false, manifest: "examples/demo/package-lock.json" },
      { name: "ms", version: "2.1.3", range: "^2.1.3", ecosystem: "npm", direct: true, dev: false, manifest: "packages/a/package.json" },
    ]);
  });

  it("a dependency the lockfile does not know (stale lock) is reported as declared", () => {
    const files = [
      { path: "Gemfile", text: 'source "https://rubygems.org"\ngem "rack", "~> 3.0"\ngem "oj", "3.16.3"\n' },
      { path: "Gemfile.lock", text: "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.10)\n\nDEPENDENCIES\n  rack (~> 3.0)\n" },
    ];
    expect(collectDependencies(files).dependencies).toEqual([
      { name: "oj", version: "3.16.3", range: "3.16.3", ecosystem: "RubyGems", direct: true, dev: false, manifest: "Gemfile" },
      { name: "rack", version: "3.0.10", range: "~> 3.0", ecosystem: "RubyGems", direct: true, dev: false, manifest: "Gemfile.lock" },
    ]);
  });

  it("a requirement the lockfile's importer does not record is not matched to a transitive copy of the same name", () => {
    const files = [
      { path: "package.json", text: '{"dependencies": {"debug": "^4.3.4", "ms": "^3.0.0"}}' },
      {
        path: "package-lock.json",
        text: JSON.stringify({
          lockfileVersion: 3,
          packages: {
            "": { dependencies: { debug: "^4.3.4" } },
            "node_modules/debug": { version: "4.3.4", dependencies: { ms: "2.1.2" } },
            "node_modules/ms": { version: "2.1.2" },
          },
        }),
      },
    ];
    expect(collectDependencies(files).dependencies).toEqual([
      { name: "debug", version: "4.3.4", range: "^4.3.4", ecosystem: "npm", direct: true, dev: false, manifest: "package-lock.json" },
      { name: "ms", version: null, range: "^3.0.0", ecosystem: "npm", direct: true, dev: false, manifest: "package.json" },
      { name: "ms", version: "2.1.2", ecosystem: "npm", direct: false, dev: false, manifest: "package-lock.json" },
    ]);
  });

  it("two lockfiles in one folder both apply, and what they agree on is reported once", () => {
    const files = [
      { path: "package.json", text: '{"dependencies": {"ms": "^2.1.0"}}' },
      {
        path: "package-lock.json",
        text: JSON.stringify({ lockfileVersion: 3, packages: { "": { dependencies: { ms: "^2.1.0" } }, "node_modules/ms": { version: "2.1.3" } } }),
      },
      { path: "yarn.lock", text: '# yarn lockfile v1\n\n\nms@^2.1.0:\n  version "2.1.2"\n' },
    ];
    expect(collectDependencies(files).dependencies).toEqual([
      { name: "ms", version: "2.1.2", range: "^2.1.0", ecosystem: "npm", direct: true, dev: false, manifest: "yarn.lock" },
      { name: "ms", version: "2.1.3", range: "^2.1.0", ecosystem: "npm", direct: true, dev: false, manifest: "package-lock.json" },
    ]);
    const agreeing = [files[0]!, files[1]!, { path: "yarn.lock", text: '# yarn lockfile v1\n\n\nms@^2.1.0:\n  version "2.1.3"\n' }];
    expect(collectDependencies(agreeing).dependencies).toEqual([
      { name: "ms", version: "2.1.3", range: "^2.1.0", ecosystem: "npm", direct: true, dev: false, manifest: "package-lock.json" },
    ]);
  });

  it("a manifest never merges with another ecosystem's lockfile", () => {
    const files = [
      { path: "requirements.txt", text: "ms==1.0\n" },
      { path: "package-lock.json", text: JSON.stringify({ lockfileVersion: 3, packages: { "": {}, "node_modules/ms": { version: "2.1.3" } } }) },
    ];
    expect(collectDependencies(files).dependencies.map((d) => `${d.ecosystem} ${d.name} ${d.version} ${d.manifest}`)).toEqual([
      "PyPI ms 1.0 requirements.txt",
      "npm ms 2.1.3 package-lock.json",
    ]);
  });

  it("reads the same path once, and reports files it does not read", () => {
    const result = collectDependencies([
      { path: "go.mod", text: "module m\nrequire github.com/a/b v1.0.0\n" },
      { path: "go.mod", text: "module m\nrequire github.com/c/d v2.0.0\n" },
      { path: "README.md", text: "# hi" },
    ]);
    expect(result.dependencies.map((d) => d.name)).toEqual(["github.com/a/b"]);
    expect(result.problems).toEqual([{ manifest: "README.md", message: "README.md: not a dependency file this analysis reads" }]);
  });

  it("nothing in, nothing out", () => {
    expect(collectDependencies([])).toEqual({ dependencies: [], problems: [] });
  });
});
