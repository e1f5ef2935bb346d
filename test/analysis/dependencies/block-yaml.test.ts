import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";
import { readBlockYaml } from "../../../src/analysis/dependencies/block-yaml.js";
import { parseDependencyFile } from "../../../src/analysis/dependencies/index.js";
import { fixtureText } from "./load-fixture.js";

/** The reference: the `yaml` package with every scalar a string, as the lockfile readers use it. */
const reference = (text: string) => parse(text, { schema: "failsafe", uniqueKeys: false }) as unknown;

describe("the fast block-YAML reader agrees with the yaml package", () => {
  it.each(["npm/pnpm-v9-workspace/pnpm-lock.yaml", "npm/pnpm-v6/pnpm-lock.yaml", "npm/yarn-berry-workspace/yarn.lock"])(
    "on the lockfile written by the real tool: %s",
    (fixture) => {
      const text = fixtureText(fixture);
      const fast = readBlockYaml(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(reference(text));
    },
  );

  it("on quoting, comments, empty values, flow collections and sequences at the key's indentation", () => {
    const text = [
      "# leading comment",
      "lockfileVersion: '9.0'",
      "",
      "settings:",
      "  autoInstallPeers: true   # trailing comment",
      "  note: 'it''s quoted: with a colon'",
      '  escaped: "tab\\there \\"q\\""',
      "  hash: a#b",
      "empty:",
      "packages:",
      "  '@scope/pkg@1.0.0(peer@2.0.0)':",
      "    resolution: {integrity: sha512-abc==, tarball: https://example.com/p.tgz}",
      "    engines: {node: '>=18, <22'}",
      "    cpu: [x64, arm64]",
      "    os: []",
      "    transitivePeerDependencies:",
      "      - supports-color",
      "      - '@types/node'",
      "  plain@2.0.0: {}",
      "list:",
      "- a",
      "- b",
      "after: done",
    ].join("\r\n");
    const fast = readBlockYaml(text);
    expect(fast).toBeDefined();
    expect(fast).toEqual(reference(text));
  });

  it.each([
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a block scalar", "a: |\n  line\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a nested flow collection", "a: {b: [1, 2]}\n"],
    ["a mapping inside a sequence", "a:\n  - b: 1\n"],
    ["a tag", "a: !!str 1\n"],
    ["a tab in the indentation", "a:\n\tb: 1\n"],
    ["a merge key", "a:\n  <<: {}\n"],
    ["a complex key", "? a\n: b\n"],
  ])("gives up on %s, which the yaml package then reads", (_what, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
  });

  it("a pnpm lockfile the fast reader gives up on is still read, through the yaml package", () => {
    const text = fixtureText("npm/pnpm-v6/pnpm-lock.yaml").replace(
      "settings:\n  autoInstallPeers: true",
      "settings: &settings\n  autoInstallPeers: true",
    );
    expect(readBlockYaml(text)).toBeUndefined();
    const viaYaml = parseDependencyFile("pnpm-lock.yaml", text);
    const viaFast = parseDependencyFile("pnpm-lock.yaml", fixtureText("npm/pnpm-v6/pnpm-lock.yaml"));
    expect(viaYaml.problems).toEqual([]);
    expect(viaYaml.dependencies).toEqual(viaFast.dependencies);
  });

  it("a pnpm 10 lockfile with an environment document first: the lockfile proper is read", () => {
    const env = [
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    configDependencies: {}",
      "    packageManagerDependencies:",
      "      pnpm:",
      "        specifier: 10.12.1",
      "        version: 10.12.1",
      "packages:",
      "  pnpm@10.12.1:",
      "    resolution: {integrity: sha512-pnpm==}",
      "snapshots:",
      "  pnpm@10.12.1: {}",
      "",
      "---",
      "",
    ].join("\n");
    const main = fixtureText("npm/pnpm-v9-workspace/pnpm-lock.yaml");
    const result = parseDependencyFile("pnpm-lock.yaml", env + main);
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual(parseDependencyFile("pnpm-lock.yaml", main).dependencies);
  });
});
