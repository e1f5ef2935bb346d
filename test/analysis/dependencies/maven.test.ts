import { describe, expect, it } from "@jest/globals";
import { parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureText } from "./load-fixture.js";

type Flags = { dev?: boolean; range?: string };
const maven = (name: string, version: string | null, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "Maven",
  direct: true,
  dev: f.dev ?? false,
  manifest: "pom.xml",
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("pom.xml", () => {
  it("resolves properties (nested, project.*), managed versions, scopes and profiles; leaves plugins and BOM imports out", () => {
    const result = parseDependencyFile("pom.xml", fixtureText("maven/pom.xml"));
    expect(result.dependencies).toEqual([
      maven("com.acme:orders-model", "2.3.0", { range: "2.3.0" }),
      maven("com.fasterxml.jackson.core:jackson-databind", "2.15.4", { range: "2.15.4" }),
      maven("com.google.guava:guava", null, { range: "[32.0,34.0)" }),
      maven("io.micrometer:micrometer-core", "1.12.4", { range: "1.12.4" }),
      maven("jakarta.servlet:jakarta.servlet-api", "6.0.0", { range: "6.0.0" }),
      maven("org.apache.commons:commons-lang3", null, { range: "${commons.version}" }),
      maven("org.junit.jupiter:junit-jupiter", "5.10.2", { dev: true, range: "5.10.2" }),
      maven("org.slf4j:slf4j-api", "2.0.12", { range: "2.0.12" }),
      // managed by the imported Spring Boot BOM, which is another file
      maven("org.springframework.boot:spring-boot-starter-web", null),
    ]);
  });

  it("says which property it could not resolve", () => {
    const result = parseDependencyFile("pom.xml", fixtureText("maven/pom.xml"));
    expect(result.problems).toEqual([
      { manifest: "pom.xml", message: "pom.xml: org.apache.commons:commons-lang3: unresolved property ${commons.version} in version" },
    ]);
  });

  it("stops on a property cycle instead of looping", () => {
    const pom = `<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version>
      <properties><a.version>\${b.version}</a.version><b.version>\${a.version}</b.version></properties>
      <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>\${a.version}</version></dependency></dependencies>
    </project>`;
    const result = parseDependencyFile("pom.xml", pom);
    expect(result.dependencies).toEqual([maven("x:y", null, { range: "${a.version}" })]);
    expect(result.problems).toHaveLength(1);
  });

  it("a pom without dependencies gives nothing and no problem", () => {
    const pom = "<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>parent</artifactId><version>1</version><packaging>pom</packaging></project>";
    expect(parseDependencyFile("pom.xml", pom)).toEqual({ dependencies: [], problems: [] });
  });
});
