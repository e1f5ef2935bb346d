import { XMLParser } from "fast-xml-parser";
import { isTestFile } from "../test-files.js";
import { ancestors, dirOf, type FrameworkList, isRecord, joinPath, MAX_MANIFESTS, type RepoIndex } from "./repo-index.js";

const pomParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // Coordinates never need entities; not expanding them keeps a hostile DOCTYPE inert.
  processEntities: false,
  isArray: (name) => name === "dependency" || name === "plugin" || name === "profile",
});

interface Coordinates {
  groupId: string;
  artifactId: string;
}

/** JUnit, directly or through a starter that brings it (Spring Boot, Quarkus, Micronaut). */
function isJunit(c: Coordinates): boolean {
  return (
    c.groupId === "junit" ||
    c.groupId.startsWith("org.junit") ||
    c.artifactId === "spring-boot-starter-test" ||
    /^quarkus-junit/.test(c.artifactId) ||
    /^micronaut-test-junit/.test(c.artifactId)
  );
}

function isTestng(c: Coordinates): boolean {
  return c.artifactId === "testng";
}

function coordinates(list: unknown): Coordinates[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((d) => ({
    groupId: typeof d.groupId === "string" ? d.groupId : "",
    artifactId: typeof d.artifactId === "string" ? d.artifactId : "",
  }));
}

/** The dependencies and build plugins of a pom.xml (profiles included), or null when it is not XML. */
function readPom(text: string): { deps: Coordinates[]; plugins: Coordinates[] } | null {
  let doc: unknown;
  try {
    doc = pomParser.parse(text, true);
  } catch {
    return null;
  }
  const project = isRecord(doc) && isRecord(doc.project) ? doc.project : null;
  if (!project) return null;
  const deps: Coordinates[] = [];
  const plugins: Coordinates[] = [];
  const profiles = isRecord(project.profiles) && Array.isArray(project.profiles.profile) ? project.profiles.profile : [];
  const scopes: unknown[] = [project, ...profiles];
  for (const scope of scopes) {
    if (!isRecord(scope)) continue;
    if (isRecord(scope.dependencies)) deps.push(...coordinates(scope.dependencies.dependency));
    const build = isRecord(scope.build) ? scope.build : {};
    if (isRecord(build.plugins)) plugins.push(...coordinates(build.plugins.plugin));
    if (isRecord(build.pluginManagement) && isRecord(build.pluginManagement.plugins)) plugins.push(...coordinates(build.pluginManagement.plugins.plugin));
  }
  return { deps, plugins };
}

/** Counts of Kotlin and Java test files under each folder, computed once. */
function testLanguageCounts(index: RepoIndex): Map<string, { kt: number; java: number }> {
  const counts = new Map<string, { kt: number; java: number }>();
  for (const ext of ["kt", "java"] as const) {
    for (const p of index.withExt(ext)) {
      if (!isTestFile(p)) continue;
      for (const d of ancestors(dirOf(p))) {
        const c = counts.get(d) ?? { kt: 0, java: 0 };
        c[ext]++;
        counts.set(d, c);
      }
    }
  }
  return counts;
}

/** Kotlin when most of the folder's test files are Kotlin, else Java. */
function jvmLanguage(counts: Map<string, { kt: number; java: number }>, dir: string): string {
  const c = counts.get(dir);
  return c && c.kt > c.java ? "Kotlin" : "Java";
}

function hasTestSources(index: RepoIndex, dir: string): boolean {
  return ["java", "kotlin", "groovy", "scala"].some((l) => index.hasDir(joinPath(dir, `src/test/${l}`)));
}

/**
 * Maven: JUnit or TestNG from pom.xml dependencies (Spring Boot's test starter brings JUnit),
 * else "maven-surefire" when the surefire plugin is configured or `src/test` exists (the
 * framework then comes from a parent pom). A multi-module build runs from its top pom.xml.
 */
function detectMaven(index: RepoIndex, found: FrameworkList, counts: Map<string, { kt: number; java: number }>): void {
  for (const pom of index.named("pom.xml").slice(0, MAX_MANIFESTS)) {
    const dir = dirOf(pom);
    const top = index.highest(dir, ["pom.xml"]) ?? dir;
    const wrapper = index.nearest(dir, ["mvnw"]);
    const runFrom = wrapper ?? top;
    const command = wrapper !== null ? "./mvnw test" : "mvn test";
    const language = jvmLanguage(counts, dir);
    const text = index.read(pom);
    const parsed = text === undefined ? null : readPom(text);
    const deps = parsed?.deps ?? [];
    const junit = deps.find(isJunit);
    const testng = deps.find(isTestng);
    if (junit) found.add({ name: "junit", language, evidence: `${pom} dependency ${junit.groupId}:${junit.artifactId}`, command, directory: runFrom });
    if (testng) found.add({ name: "testng", language, evidence: `${pom} dependency ${testng.groupId}:${testng.artifactId}`, command, directory: runFrom });
    if (junit || testng) continue;
    const surefire = parsed?.plugins.find((p) => p.artifactId === "maven-surefire-plugin");
    if (surefire) found.add({ name: "maven-surefire", language, evidence: `${pom} plugin maven-surefire-plugin`, command, directory: runFrom });
    else if (hasTestSources(index, dir)) found.add({ name: "maven-surefire", language, evidence: `${pom} + ${joinPath(dir, "src/test")}`, command, directory: runFrom });
  }
}

const GRADLE_JUNIT = /^.*(?:\bjunit\b|junit-jupiter|useJUnitPlatform\s*\(|useJUnit\s*\(|spring-boot-starter-test|libs\.junit\b).*$/m;
const GRADLE_TESTNG = /^.*(?:\btestng\b|useTestNG\s*\().*$/im;

/**
 * Gradle: JUnit or TestNG from a build script's dependencies or test task, else "gradle"
 * when there are test sources. Commands run from the folder with the wrapper or settings file.
 */
function detectGradle(index: RepoIndex, found: FrameworkList, counts: Map<string, { kt: number; java: number }>): void {
  const scripts = [...index.named("build.gradle"), ...index.named("build.gradle.kts")].slice(0, MAX_MANIFESTS);
  for (const script of scripts) {
    const dir = dirOf(script);
    const wrapper = index.nearest(dir, ["gradlew"]);
    const settings = index.highest(dir, ["settings.gradle", "settings.gradle.kts"]);
    const runFrom = wrapper ?? settings ?? dir;
    const command = wrapper !== null ? "./gradlew test" : "gradle test";
    const language = jvmLanguage(counts, dir);
    const text = index.read(script) ?? "";
    // Version catalogs name the libraries the script refers to as `libs.…`.
    const catalog = index.read(joinPath(runFrom, "gradle/libs.versions.toml")) ?? "";
    const junit = GRADLE_JUNIT.exec(text);
    const testng = GRADLE_TESTNG.exec(text);
    if (junit) found.add({ name: "junit", language, evidence: `${script}: ${junit[0].trim().slice(0, 100)}`, command, directory: runFrom });
    if (testng) found.add({ name: "testng", language, evidence: `${script}: ${testng[0].trim().slice(0, 100)}`, command, directory: runFrom });
    if (junit || testng) continue;
    const fromCatalog = /^.*junit.*$/m.exec(catalog);
    if (fromCatalog && /\blibs\./.test(text)) {
      found.add({ name: "junit", language, evidence: `${joinPath(runFrom, "gradle/libs.versions.toml")}: ${fromCatalog[0].trim().slice(0, 100)}`, command, directory: runFrom });
    } else if (hasTestSources(index, dir)) {
      found.add({ name: "gradle", language, evidence: `${script} + ${joinPath(dir, "src/test")}`, command, directory: runFrom });
    }
  }
}

/** Java and Kotlin test frameworks from Maven and Gradle builds. */
export function detectJvm(index: RepoIndex, found: FrameworkList): void {
  if (index.named("pom.xml").length === 0 && index.named("build.gradle").length === 0 && index.named("build.gradle.kts").length === 0) return;
  const counts = testLanguageCounts(index);
  detectMaven(index, found, counts);
  detectGradle(index, found, counts);
}
