import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const crate = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "crates.io",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("Cargo.toml", () => {
  it("reads dependencies, dev-, build- and target tables; path crates are in-repo, git is noted", () => {
    const result = parseDependencyFile("crates/app/Cargo.toml", fixtureText("cargo/crates/app/Cargo.toml"));
    const m = "crates/app/Cargo.toml";
    expect(result.dependencies).toEqual([
      crate("bitflags", null, m, { direct: true, range: "2" }),
      crate("cfg-if", null, m, { direct: true, range: "1" }),
      crate("itoa", "1.0.11", m, { direct: true, range: "=1.0.11" }),
      crate("memchr", null, m, { direct: true, range: "2.7" }),
      crate("ryu", null, m, { direct: true, dev: true, range: "1.0" }),
      // `workspace = true`: the requirement lives in the workspace root, read when collecting
      crate("serde", null, m, { direct: true }),
      crate("util", null, m, { direct: true }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual(["crates/app/Cargo.toml: skipped tracing-fork in dependencies: fetched from git"]);
  });

  it("a renamed dependency is reported under the crate's real name", () => {
    const toml = '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nfutures03 = { package = "futures", version = "0.3.30" }\n';
    expect(parseDependencyFile("Cargo.toml", toml).dependencies).toEqual([crate("futures", null, "Cargo.toml", { direct: true, range: "0.3.30" })]);
  });
});

describe("Cargo.lock", () => {
  it("alone: local crates are importers by name; git crates are left out; edges pick the named version", () => {
    const result = parseDependencyFile("Cargo.lock", fixtureText("cargo/Cargo.lock"));
    const m = "Cargo.lock";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      crate("bitflags", "1.3.2", m, { direct: true }),
      crate("bitflags", "2.5.0", m, { direct: true }),
      crate("cfg-if", "1.0.0", m, { direct: true }),
      crate("itoa", "1.0.11", m, { direct: true }),
      crate("memchr", "2.7.2", m, { direct: true }),
      crate("ryu", "1.0.17", m, { direct: true }),
      crate("serde", "1.0.197", m, { direct: true }),
    ]);
  });

  it("with the workspace: members keep their paths, inherit workspace requirements and get locked versions", () => {
    const result = collectDependencies(fixtureFiles("cargo"));
    expect(result.dependencies).toEqual([
      crate("bitflags", "1.3.2", "crates/util/Cargo.toml", { direct: true, range: "1.3" }),
      crate("bitflags", "2.5.0", "crates/app/Cargo.toml", { direct: true, range: "2" }),
      crate("cfg-if", "1.0.0", "crates/app/Cargo.toml", { direct: true, range: "1" }),
      crate("itoa", "1.0.11", "crates/app/Cargo.toml", { direct: true, range: "=1.0.11" }),
      crate("memchr", "2.7.2", "crates/app/Cargo.toml", { direct: true, range: "2.7" }),
      crate("memchr", "2.7.2", "crates/util/Cargo.toml", { direct: true, range: "2" }),
      crate("ryu", "1.0.17", "crates/app/Cargo.toml", { direct: true, dev: true, range: "1.0" }),
      crate("serde", "1.0.197", "crates/app/Cargo.toml", { direct: true, range: "1.0" }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual(["crates/app/Cargo.toml: skipped tracing-fork in dependencies: fetched from git"]);
  });

  it("transitive crates reached only through dev-dependencies are dev", () => {
    const files = [
      { path: "Cargo.toml", text: '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\nlog = "0.4"\n\n[dev-dependencies]\ncriterion = "0.5"\n' },
      {
        path: "Cargo.lock",
        text: [
          "version = 4",
          '[[package]]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["criterion", "log"]',
          '[[package]]\nname = "log"\nversion = "0.4.21"\nsource = "registry+https://github.com/rust-lang/crates.io-index"',
          '[[package]]\nname = "criterion"\nversion = "0.5.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\ndependencies = ["plotters", "log"]',
          '[[package]]\nname = "plotters"\nversion = "0.3.5"\nsource = "sparse+https://index.crates.io/"',
        ].join("\n\n"),
      },
    ];
    expect(collectDependencies(files).dependencies).toEqual([
      crate("criterion", "0.5.1", "Cargo.lock", { direct: true, dev: true, range: "0.5" }),
      crate("log", "0.4.21", "Cargo.lock", { direct: true, range: "0.4" }),
      crate("plotters", "0.3.5", "Cargo.lock", { dev: true }),
    ]);
  });
});
