import { promises as fs } from "node:fs";
import { hasFile, readManifest } from "./read-manifest.js";
import type { RepoCommands } from "./types.js";

/** The Python launcher: `python3` where Unix installs ship it, `python` on Windows. */
const PYTHON = process.platform === "win32" ? "python" : "python3";

/** Text of the Python manifests that can declare pytest or pytest-cov. */
async function pythonManifests(repoDir: string): Promise<string> {
  const names = ["pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "Pipfile", "requirements.txt"];
  const entries = await fs.readdir(repoDir).catch(() => [] as string[]);
  // requirements-dev.txt, requirements_test.txt, …
  for (const e of entries) if (/^requirements[-_.\w]*\.(txt|in)$/i.test(e) && !names.includes(e)) names.push(e);
  const texts = await Promise.all(names.map((n) => readManifest(repoDir, n)));
  return texts.filter((t): t is string => t !== null).join("\n");
}

/**
 * pytest, when configured (pytest.ini, `[tool.pytest…]`, `[tool:pytest]`, tox's `[pytest]`,
 * a root conftest.py) or declared. No install step: we will not pip-install into the
 * interpreter Lodestar runs with; a repo that needs one says so in `commands.install`.
 * Coverage only when pytest-cov is declared (it provides `--cov`).
 */
export async function detectPytest(repoDir: string): Promise<RepoCommands | null> {
  const manifests = await pythonManifests(repoDir);
  const configured =
    (await hasFile(repoDir, "pytest.ini")) ||
    (await hasFile(repoDir, "conftest.py")) ||
    /\[tool\.pytest|\[tool:pytest\]|^\[pytest\]/m.test(manifests) ||
    /(^|["'\s,[])pytest([<>=~!\s"',\]]|$)/m.test(manifests);
  if (!configured) return null;
  const test = [PYTHON, "-m", "pytest", "-q"];
  return {
    test,
    ...(/pytest-cov/i.test(manifests) ? { coverage: { argv: [...test, "--cov", "--cov-report=lcov:coverage/lcov.info"], report: "coverage/lcov.info", format: "lcov" as const } } : {}),
    source: "detected",
    ecosystem: "pytest",
  };
}

/**
 * go.mod: modules are downloaded by the install step (the one with network) into the
 * workspace's GOPATH. No coverage: `-coverprofile` is Go's own format, not one we read.
 */
export async function detectGo(repoDir: string): Promise<RepoCommands | null> {
  if (!(await hasFile(repoDir, "go.mod"))) return null;
  return { install: ["go", "mod", "download"], build: ["go", "build", "./..."], test: ["go", "test", "./..."], source: "detected", ecosystem: "go" };
}

/** Cargo.toml: `cargo fetch` with network, then build and test offline from the fetched crates. */
export async function detectCargo(repoDir: string): Promise<RepoCommands | null> {
  if (!(await hasFile(repoDir, "Cargo.toml"))) return null;
  return { install: ["cargo", "fetch"], build: ["cargo", "build", "--offline"], test: ["cargo", "test", "--offline"], source: "detected", ecosystem: "cargo" };
}

/** pom.xml: the Maven wrapper when the repo ships one; dependencies fetched by the install step. */
export async function detectMaven(repoDir: string): Promise<RepoCommands | null> {
  if (!(await hasFile(repoDir, "pom.xml"))) return null;
  const mvn = (await hasFile(repoDir, "mvnw")) && process.platform !== "win32" ? "./mvnw" : "mvn";
  return { install: [mvn, "-B", "-q", "dependency:go-offline"], test: [mvn, "-B", "-q", "test"], source: "detected", ecosystem: "maven" };
}

/**
 * build.gradle(.kts): `./gradlew` when the wrapper exists, else `gradle`; never the daemon
 * (it would outlive the run, and the sandbox kills it anyway).
 */
export async function detectGradle(repoDir: string): Promise<RepoCommands | null> {
  const found = await Promise.all(["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"].map((f) => hasFile(repoDir, f)));
  if (!found.some(Boolean)) return null;
  const gradle = (await hasFile(repoDir, "gradlew")) && process.platform !== "win32" ? "./gradlew" : "gradle";
  return {
    install: [gradle, "--no-daemon", "-q", "testClasses"],
    test: [gradle, "--no-daemon", "-q", "test"],
    source: "detected",
    ecosystem: "gradle",
  };
}

