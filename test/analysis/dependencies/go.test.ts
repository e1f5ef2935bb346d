import { describe, expect, it } from "@jest/globals";
import { parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureText } from "./load-fixture.js";

const go = (name: string, version: string, direct: boolean): Dependency => ({
  name,
  version,
  ecosystem: "Go",
  direct,
  dev: false,
  manifest: "go.mod",
});

describe("go.mod", () => {
  it("reads require blocks and lines, // indirect, versioned and local replaces; drops the v for OSV", () => {
    const result = parseDependencyFile("go.mod", fixtureText("go/go.mod"));
    expect(result.dependencies).toEqual([
      go("github.com/aws/aws-sdk-go-v2", "1.26.0", true),
      go("github.com/bytedance/sonic", "1.11.3", false),
      go("github.com/gin-gonic/gin", "1.9.1", true),
      go("github.com/go-playground/validator/v10", "10.19.0", false),
      // replace for v1.5.0 only: the required v1.6.0 is untouched
      go("github.com/google/uuid", "1.6.0", true),
      go("github.com/pelletier/go-toml/v2", "2.2.0", false),
      go("github.com/ugorji/go/codec", "1.2.12", false),
      go("golang.org/x/net", "0.24.0", true),
      go("golang.org/x/text", "0.14.0", false),
      go("gopkg.in/yaml.v3", "3.0.1", true),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "go.mod: github.com/acme/shared is replaced by the local folder ../shared: not reported",
    ]);
  });

  it("an unversioned replace applies to the required version and renames the module", () => {
    const mod = "module example.com/m\n\nrequire github.com/pkg/errors v0.9.1\n\nreplace github.com/pkg/errors => github.com/acme/errors v0.9.2-fix\n";
    expect(parseDependencyFile("go.mod", mod).dependencies).toEqual([go("github.com/acme/errors", "0.9.2-fix", true)]);
  });

  it("keeps pseudo-versions and +incompatible as written (minus the v)", () => {
    const mod = [
      "module example.com/m",
      "require (",
      "\tgithub.com/docker/docker v24.0.7+incompatible",
      '\t"golang.org/x/exp" v0.0.0-20240222234643-814bf88cf225 // indirect',
      ")",
    ].join("\n");
    expect(parseDependencyFile("go.mod", mod).dependencies).toEqual([
      go("github.com/docker/docker", "24.0.7+incompatible", true),
      go("golang.org/x/exp", "0.0.0-20240222234643-814bf88cf225", false),
    ]);
  });

  it("reports an unclosed block and stray lines, keeping what it could read", () => {
    const result = parseDependencyFile("go.mod", "module m\nwhat is this\nrequire (\n\tgithub.com/a/b v1.0.0\n");
    expect(result.dependencies).toEqual([go("github.com/a/b", "1.0.0", true)]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'go.mod: "require (" block is not closed',
      "go.mod: 1 unreadable line(s), first at line 2",
    ]);
  });
});
