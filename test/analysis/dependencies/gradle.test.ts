import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const maven = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "Maven",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("build.gradle", () => {
  it("Groovy: string, map and platform forms; variables from ext and def; comments and project/file deps ignored", () => {
    const result = parseDependencyFile("build.gradle", fixtureText("gradle/groovy/build.gradle"));
    const m = "build.gradle";
    expect(result.dependencies).toEqual([
      maven("com.fasterxml.jackson.core:jackson-databind", "2.17.0", m, { direct: true, range: "2.17.0" }),
      maven("com.google.guava:guava", "33.1.0-jre", m, { direct: true, range: "33.1.0-jre" }),
      maven("org.apache.commons:commons-text", "1.11.0", m, { direct: true, range: "1.11.0" }),
      maven("org.junit.jupiter:junit-jupiter", "5.10.2", m, { direct: true, dev: true, range: "5.10.2" }),
      maven("org.junit.platform:junit-platform-launcher", null, m, { direct: true, dev: true, range: "1.+" }),
      maven("org.mockito:mockito-core", null, m, { direct: true, dev: true, range: "${mockitoVersion}" }),
      maven("org.postgresql:postgresql", "42.7.3", m, { direct: true, range: "42.7.3" }),
      maven("org.projectlombok:lombok", "1.18.32", m, { direct: true, range: "1.18.32" }),
      maven("org.springframework.boot:spring-boot-starter-web", null, m, { direct: true }),
      maven("software.amazon.awssdk:bom", "2.25.16", m, { direct: true, range: "2.25.16" }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'build.gradle: org.mockito:mockito-core: unresolved variable in version "${mockitoVersion}"',
    ]);
  });

  it("Kotlin DSL: call forms, named arguments, @aar classifiers; kotlin() and version catalogs are noted, not guessed", () => {
    const result = parseDependencyFile("build.gradle.kts", fixtureText("gradle/kotlin/build.gradle.kts"));
    const m = "build.gradle.kts";
    expect(result.dependencies).toEqual([
      maven("androidx.test.ext:junit", "1.1.5", m, { direct: true, dev: true, range: "1.1.5" }),
      maven("io.ktor:ktor-server-core", "2.3.9", m, { direct: true, range: "2.3.9" }),
      maven("io.ktor:ktor-server-netty", "2.3.9", m, { direct: true, range: "2.3.9" }),
      maven("io.ktor:ktor-server-test-host", "2.3.9", m, { direct: true, dev: true, range: "2.3.9" }),
      maven("org.jetbrains.exposed:exposed-core", "0.49.0", m, { direct: true, range: "0.49.0" }),
      maven("org.jetbrains.kotlinx:kotlinx-coroutines-bom", "1.8.0", m, { direct: true, range: "1.8.0" }),
      maven("org.slf4j:slf4j-api", "2.0.12", m, { direct: true, range: "2.0.12" }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual(["build.gradle.kts: version-catalog dependencies (libs.…) are not read"]);
  });

  it("does not take plugin ids, repository URLs or buildscript classpath entries for dependencies", () => {
    const text = [
      "buildscript { dependencies { classpath 'com.android.tools.build:gradle:8.3.1' } }",
      "plugins { id 'com.github.ben-manes.versions' version '0.51.0' }",
      'repositories { maven { url "https://jitpack.io:443/releases" } }',
      "dependencies { implementation 'io.reactivex.rxjava3:rxjava:3.1.8' }",
    ].join("\n");
    expect(parseDependencyFile("build.gradle", text).dependencies.map((d) => d.name)).toEqual(["io.reactivex.rxjava3:rxjava"]);
  });
});

describe("gradle.lockfile", () => {
  it("alone: one entry per locked module, dev when locked only in test configurations", () => {
    const result = parseDependencyFile("gradle.lockfile", fixtureText("gradle/groovy/gradle.lockfile"));
    const m = "gradle.lockfile";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      maven("com.fasterxml.jackson.core:jackson-annotations", "2.17.0", m),
      maven("com.fasterxml.jackson.core:jackson-core", "2.17.0", m),
      maven("com.fasterxml.jackson.core:jackson-databind", "2.17.0", m),
      maven("com.google.guava:guava", "33.1.0-jre", m),
      maven("org.apache.commons:commons-text", "1.11.0", m),
      maven("org.apiguardian:apiguardian-api", "1.1.2", m, { dev: true }),
      maven("org.junit.jupiter:junit-jupiter", "5.10.2", m, { dev: true }),
      maven("org.junit.platform:junit-platform-launcher", "1.10.2", m, { dev: true }),
      maven("org.postgresql:postgresql", "42.7.3", m),
      maven("org.projectlombok:lombok", "1.18.32", m),
      maven("org.springframework.boot:spring-boot-starter-web", "3.2.4", m),
    ]);
  });

  it("with build.gradle: declared modules are direct at the locked version; unlocked ones stay declared", () => {
    const result = collectDependencies(fixtureFiles("gradle/groovy"));
    const lock = "gradle.lockfile";
    expect(result.dependencies).toEqual([
      maven("com.fasterxml.jackson.core:jackson-annotations", "2.17.0", lock),
      maven("com.fasterxml.jackson.core:jackson-core", "2.17.0", lock),
      maven("com.fasterxml.jackson.core:jackson-databind", "2.17.0", lock, { direct: true, range: "2.17.0" }),
      maven("com.google.guava:guava", "33.1.0-jre", lock, { direct: true, range: "33.1.0-jre" }),
      maven("org.apache.commons:commons-text", "1.11.0", lock, { direct: true, range: "1.11.0" }),
      maven("org.apiguardian:apiguardian-api", "1.1.2", lock, { dev: true }),
      maven("org.junit.jupiter:junit-jupiter", "5.10.2", lock, { direct: true, dev: true, range: "5.10.2" }),
      maven("org.junit.platform:junit-platform-launcher", "1.10.2", lock, { direct: true, dev: true, range: "1.+" }),
      maven("org.mockito:mockito-core", null, "build.gradle", { direct: true, dev: true, range: "${mockitoVersion}" }),
      maven("org.postgresql:postgresql", "42.7.3", lock, { direct: true, range: "42.7.3" }),
      maven("org.projectlombok:lombok", "1.18.32", lock, { direct: true, range: "1.18.32" }),
      maven("org.springframework.boot:spring-boot-starter-web", "3.2.4", lock, { direct: true }),
      maven("software.amazon.awssdk:bom", "2.25.16", "build.gradle", { direct: true, range: "2.25.16" }),
    ]);
  });
});
