import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile } from "../../../src/analysis/dependencies/index.js";
import { fixtureText } from "./load-fixture.js";

/** One of each file name the analysis reads, with a real fixture where there is one. */
const SAMPLES: Record<string, string> = {
  "package.json": "npm/specs/package.json",
  "package-lock.json": "npm/workspace-lock-v3/package-lock.json",
  "npm-shrinkwrap.json": "npm/shrinkwrap-v2/npm-shrinkwrap.json",
  "yarn.lock": "npm/yarn-berry-workspace/yarn.lock",
  "pnpm-lock.yaml": "npm/pnpm-v9-workspace/pnpm-lock.yaml",
  "requirements.txt": "python/pip/requirements.txt",
  "pyproject.toml": "python/poetry/pyproject.toml",
  "poetry.lock": "python/poetry/poetry.lock",
  "uv.lock": "python/pep621-uv/uv.lock",
  "go.mod": "go/go.mod",
  "Cargo.toml": "cargo/crates/app/Cargo.toml",
  "Cargo.lock": "cargo/Cargo.lock",
  "pom.xml": "maven/pom.xml",
  "build.gradle": "gradle/groovy/build.gradle",
  "build.gradle.kts": "gradle/kotlin/build.gradle.kts",
  "gradle.lockfile": "gradle/groovy/gradle.lockfile",
  "composer.json": "composer/composer.json",
  "composer.lock": "composer/composer.lock",
  Gemfile: "ruby/Gemfile",
  "Gemfile.lock": "ruby/Gemfile.lock",
  "Orders.Api.csproj": "nuget/cpm/src/Orders.Api/Orders.Api.csproj",
  "Reports.fsproj": "nuget/legacy/Reports/Reports.fsproj",
  "packages.config": "nuget/legacy/Billing/packages.config",
  "packages.lock.json": "nuget/cpm/src/Orders.Api/packages.lock.json",
  "Directory.Packages.props": "nuget/cpm/Directory.Packages.props",
};
const NAMES = Object.keys(SAMPLES);
const STRUCTURED = new Set([
  ...["package.json", "package-lock.json", "npm-shrinkwrap.json", "composer.json", "composer.lock", "packages.lock.json"],
  ...["pom.xml", "Orders.Api.csproj", "Reports.fsproj", "packages.config", "Directory.Packages.props"],
]);

describe("broken files give a problem, never an exception", () => {
  it("truncated JSON says the file ends early", () => {
    const text = fixtureText("npm/workspace-lock-v3/package-lock.json");
    const result = parseDependencyFile("app/package-lock.json", text.slice(0, Math.floor(text.length / 2)));
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.manifest).toBe("app/package-lock.json");
    expect(result.problems[0]!.message).toMatch(
      /^app\/package-lock\.json: (.+ at line \d+ column \d+|Unexpected end of JSON input \(truncated file\?\))$/,
    );
  });

  it("a JSON syntax error is located by line and column, without quoting the file", () => {
    const text = '{\n  "name": "x",\n  "dependencies": {\n    "left-pad": "1.3.0",\n  }\n}\n';
    const result = parseDependencyFile("package.json", text);
    expect(result.problems).toEqual([{ manifest: "package.json", message: expect.stringMatching(/^package\.json: .+ at line 5 column 3$/) }]);
  });

  it.each([
    ["Cargo.toml", '[package]\nname = "x"\n[dependencies]\nserde = { version = "1"\n'],
    ["pyproject.toml", '[project]\ndependencies = ["requests",\n'],
    ["poetry.lock", '[[package]]\nname = "idna"\nversion = 3.6.0\n'],
    ["uv.lock", "version = 1\n[[package]\n"],
    ["Cargo.lock", 'version = 3\n[[package]]\nname = "a"\nname = "b"\n'],
  ])("invalid TOML in %s", (name, text) => {
    const result = parseDependencyFile(name, text);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ manifest: name, message: expect.stringMatching(new RegExp(`^${name.replace(".", "\\.")}: .+ at line \\d+ column \\d+$`)) }]);
  });

  it.each([
    ["pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n   bad: [\n"],
    ["yarn.lock", '__metadata:\n  version: 8\n"a@npm:1":\n  version: [1\n'],
  ])("invalid YAML in %s", (name, text) => {
    const result = parseDependencyFile(name, text);
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toEqual([{ manifest: name, message: expect.stringMatching(/ at line \d+ column \d+$/) }]);
  });

  it("a YAML alias bomb is refused, not expanded", () => {
    const rows = ["a: &a [x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 9; i++) rows.push(`${"abcdefghi"[i]}: &${"abcdefghi"[i]} [${Array(9).fill(`*${"abcdefghi"[i - 1]}`).join(",")}]`);
    const result = parseDependencyFile("pnpm-lock.yaml", rows.join("\n"));
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });

  it("invalid XML is reported with its position, and what parsed before the break is kept", () => {
    const pom = [
      "<project>",
      "  <dependencies>",
      "    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.12</version></dependency>",
      "    <dependency><groupId>junit</groupId>",
      "  </dependencies>",
      "</project>",
    ].join("\n");
    const result = parseDependencyFile("pom.xml", pom);
    expect(result.dependencies).toEqual([
      { name: "org.slf4j:slf4j-api", version: "2.0.12", range: "2.0.12", ecosystem: "Maven", direct: true, dev: false, manifest: "pom.xml" },
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "pom.xml: Expected closing tag 'dependency' (opened in line 4, col 5) instead of closing tag 'dependencies' at line 5 column 3",
      "pom.xml: a <dependency> without groupId or artifactId",
    ]);
  });

  it("XML entity expansion is not performed", () => {
    const entities = ['<!ENTITY a "aaaaaaaaaa">'];
    for (let i = 1; i < 9; i++) entities.push(`<!ENTITY e${i} "${`&${i === 1 ? "a" : `e${i - 1}`};`.repeat(10)}">`);
    const pom =
      `<?xml version="1.0"?><!DOCTYPE p [${entities.join("")}]>` +
      "<project><dependencies><dependency><groupId>&e8;</groupId><artifactId>x</artifactId></dependency></dependencies></project>";
    const result = parseDependencyFile("pom.xml", pom);
    expect(result.dependencies.every((d) => d.name.length < 100)).toBe(true);
  });

  it.each(NAMES)("an empty %s: a problem for JSON and XML formats, nothing at all for the others", (name) => {
    for (const text of ["", "  \n\t\n"]) {
      const result = parseDependencyFile(name, text);
      expect(result.dependencies).toEqual([]);
      if (STRUCTURED.has(name)) expect(result.problems).toEqual([{ manifest: name, message: `${name}: empty file` }]);
      else expect(result.problems).toEqual([]);
    }
  });

  it.each(NAMES)("garbage in %s never throws and yields no made-up packages", (name) => {
    const garbage = [
      "null",
      "[]",
      "42",
      '"just a string"',
      "{}",
      "<a/>",
      "\u0000\u0001\u0002\ufffd\ufffd\u0007",
      "[".repeat(100_000),
      '{"packages": {"node_modules/x": {"version": {"nested": true}}}, "dependencies": 7}',
      "[[package]]\nname = 1\nversion = []\n",
      "---\n- a\n- b\n",
    ];
    for (const text of garbage) {
      const result = parseDependencyFile(name, text);
      expect(Array.isArray(result.dependencies)).toBe(true);
      expect(result.dependencies.every((d) => typeof d.name === "string" && d.name !== "" && d.manifest === name)).toBe(true);
    }
  });

  it("a UTF-16 file read as UTF-8 is a problem, not a crash", () => {
    const utf16 = Buffer.from('\ufeff<?xml version="1.0" encoding="utf-16"?><packages><package id="A" version="1.0.0" /></packages>', "utf16le");
    const result = parseDependencyFile("packages.config", utf16.toString("utf8"));
    expect(result.dependencies).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });

  it("a UTF-8 byte order mark (as Visual Studio writes) is accepted", () => {
    const props = fixtureText("nuget/cpm/Directory.Packages.props");
    expect(props.charCodeAt(0)).toBe(0xfeff);
    expect(parseDependencyFile("Directory.Packages.props", props).problems).toEqual([]);
    const json = parseDependencyFile("package.json", '\ufeff{"dependencies": {"ms": "2.1.3"}}');
    expect(json.dependencies.map((d) => d.name)).toEqual(["ms"]);
  });

  it("non-UTF-8 bytes (Latin-1 decoded as UTF-8) in comments and values leave the rest readable", () => {
    const latin1 = (s: string) => Buffer.from(s, "latin1").toString("utf8");
    const reqs = parseDependencyFile("requirements.txt", latin1("# d\xe9pendances de production\nrequests==2.31.0\nna\xefve-lib>=1\n"));
    expect(reqs.dependencies.map((d) => [d.name, d.version])).toEqual([["requests", "2.31.0"]]);
    expect(reqs.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^requirements\.txt: line 3: cannot read requirement/)]);

    const gemfile = parseDependencyFile("Gemfile", latin1('source "https://rubygems.org"\n# \xa9 Acme\ngem "rack", "3.0.10"\n'));
    expect(gemfile.dependencies.map((d) => [d.name, d.version])).toEqual([["rack", "3.0.10"]]);

    const pkg = parseDependencyFile("package.json", latin1('{"description": "caf\xe9", "dependencies": {"ms": "2.1.3"}}'));
    expect(pkg.dependencies.map((d) => d.name)).toEqual(["ms"]);
  });

  it("a file that is not a dependency file is reported, not parsed", () => {
    expect(parseDependencyFile("src/index.ts", "export {}")).toEqual({
      dependencies: [],
      problems: [{ manifest: "src/index.ts", message: "src/index.ts: not a dependency file this analysis reads" }],
    });
  });

  it("one broken file does not stop the others from being collected", () => {
    const result = collectDependencies([
      { path: "web/package.json", text: '{"dependencies": {"ms": ' },
      { path: "api/requirements.txt", text: "flask==3.0.2\n" },
      { path: "svc/Cargo.toml", text: "[dependencies\n" },
    ]);
    expect(result.dependencies.map((d) => `${d.ecosystem}:${d.name}`)).toEqual(["PyPI:flask"]);
    expect(result.problems.map((p) => p.manifest)).toEqual(["svc/Cargo.toml", "web/package.json"]);
  });
});

describe("5 MB lockfiles are read whole", () => {
  const TARGET = 5 * 1024 * 1024;
  const integrity = "sha512-" + "A".repeat(86) + "==";

  it("package-lock.json v3", () => {
    const packages: Record<string, unknown> = { "": { name: "big", dependencies: { "pkg-0": "^1.0.0" } } };
    let n = 0;
    for (let size = 0; size < TARGET; n++) {
      const entry = { version: `1.0.${n % 97}`, resolved: `https://registry.npmjs.org/pkg-${n}/-/pkg-${n}-1.0.${n % 97}.tgz`, integrity, license: "MIT" };
      packages[`node_modules/pkg-${n}`] = entry;
      size += JSON.stringify(entry).length + 40;
    }
    const text = JSON.stringify({ name: "big", lockfileVersion: 3, requires: true, packages }, null, 2);
    expect(text.length).toBeGreaterThan(TARGET);
    const result = parseDependencyFile("package-lock.json", text);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toHaveLength(n);
    expect(result.dependencies.filter((d) => d.direct).map((d) => d.name)).toEqual(["pkg-0"]);
  });

  it("pnpm-lock.yaml v9", () => {
    const head = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      pkg-0:\n        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n";
    const packages: string[] = [];
    const snapshots: string[] = [];
    let size = head.length;
    let n = 0;
    for (; size < TARGET; n++) {
      const p = `  pkg-${n}@1.0.0:\n    resolution: {integrity: ${integrity}}\n    engines: {node: '>=18'}\n\n`;
      const s = `  pkg-${n}@1.0.0:\n    dependencies:\n      pkg-${n + 1}: 1.0.0\n\n`;
      packages.push(p);
      snapshots.push(s);
      size += p.length + s.length;
    }
    const text = `${head}${packages.join("")}snapshots:\n\n${snapshots.join("")}`;
    const result = parseDependencyFile("pnpm-lock.yaml", text);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toHaveLength(n);
    // a chain from the one production root: nothing is dev
    expect(result.dependencies.some((d) => d.dev)).toBe(false);
  });

  it("yarn.lock v1", () => {
    const rows = ["# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.", "# yarn lockfile v1", "", ""];
    let size = 0;
    let n = 0;
    for (; size < TARGET; n++) {
      const version = `1.0.${n % 13}`;
      const entry = [
        `pkg-${n}@^1.0.0:`,
        `  version "${version}"`,
        `  resolved "https://registry.yarnpkg.com/pkg-${n}/-/pkg-${n}-${version}.tgz#0123456789abcdef"`,
        `  integrity ${integrity}`,
        "  dependencies:",
        `    pkg-${n + 1} "^1.0.0"`,
        "",
      ].join("\n");
      rows.push(entry);
      size += entry.length;
    }
    const result = parseDependencyFile("yarn.lock", rows.join("\n"));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toHaveLength(n);
  });

  it("Cargo.lock", () => {
    const rows = ["version = 3", ""];
    let size = 0;
    let n = 0;
    for (; size < TARGET; n++) {
      const entry = [
        "[[package]]",
        `name = "crate-${n}"`,
        `version = "0.${n % 50}.1"`,
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        `checksum = "${"f".repeat(64)}"`,
        `dependencies = [\n "crate-${n + 1}",\n]`,
        "",
      ].join("\n");
      rows.push(entry);
      size += entry.length;
    }
    const result = parseDependencyFile("Cargo.lock", rows.join("\n"));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toHaveLength(n);
  });
});
