/** Which parser reads which file, decided by the file's name alone. */
import { parseCargoLock } from "./cargo/cargo-lock.js";
import { parseCargoToml } from "./cargo/cargo-toml.js";
import { parseComposerJson } from "./composer/composer-json.js";
import { parseComposerLock } from "./composer/composer-lock.js";
import { parseGoMod } from "./go/go-mod.js";
import { parseBuildGradle } from "./gradle/build-gradle.js";
import { parseGradleLockfile } from "./gradle/gradle-lockfile.js";
import { parsePomXml } from "./maven/pom-xml.js";
import { mergeLockfile } from "./merge-lockfile.js";
import { baseName } from "./names.js";
import { parsePackageJson } from "./npm/package-json.js";
import { parsePackageLock } from "./npm/package-lock.js";
import { parsePnpmLock } from "./npm/pnpm-lock.js";
import { parseYarnBerryLock } from "./npm/yarn-lock-berry.js";
import { parseYarnClassicLock } from "./npm/yarn-lock-classic.js";
import { parseMsbuildProject } from "./nuget/msbuild-project.js";
import { parsePackagesConfig } from "./nuget/packages-config.js";
import { parsePackagesLockJson } from "./nuget/packages-lock-json.js";
import type { ParseOutcome } from "./parsed.js";
import { toDependency } from "./parsed.js";
import { parsePoetryLock } from "./python/poetry-lock.js";
import { parsePyprojectToml } from "./python/pyproject-toml.js";
import { isRequirementsPath, parseRequirementsTxt } from "./python/requirements-txt.js";
import { parseUvLock } from "./python/uv-lock.js";
import { problem } from "./read-structured.js";
import { parseGemfile } from "./ruby/gemfile.js";
import { parseGemfileLock } from "./ruby/gemfile-lock.js";
import { sortAndDedupe } from "./sort-and-dedupe.js";
import type { DependencyReport } from "./types.js";

type Parser = (path: string, text: string) => ParseOutcome;

/** A garbage file can yield one note per line; a report needs the first few. */
const MAX_PROBLEMS_PER_FILE = 20;

const BY_NAME: Record<string, Parser> = {
  "package.json": parsePackageJson,
  "package-lock.json": parsePackageLock,
  "npm-shrinkwrap.json": parsePackageLock,
  // Yarn 2+ writes real YAML with a __metadata entry; v1 its own format.
  "yarn.lock": (path, text) => (/^__metadata:/m.test(text) ? parseYarnBerryLock(path, text) : parseYarnClassicLock(path, text)),
  "pnpm-lock.yaml": parsePnpmLock,
  "pyproject.toml": parsePyprojectToml,
  "poetry.lock": parsePoetryLock,
  "uv.lock": parseUvLock,
  "go.mod": parseGoMod,
  "Cargo.toml": parseCargoToml,
  "Cargo.lock": parseCargoLock,
  "pom.xml": parsePomXml,
  "build.gradle": parseBuildGradle,
  "build.gradle.kts": parseBuildGradle,
  "gradle.lockfile": parseGradleLockfile,
  "composer.json": parseComposerJson,
  "composer.lock": parseComposerLock,
  Gemfile: parseGemfile,
  "gems.rb": parseGemfile,
  "Gemfile.lock": parseGemfileLock,
  "gems.locked": parseGemfileLock,
};

/** NuGet files come from Windows, where names are case-insensitive. */
const BY_LOWER_NAME: Record<string, Parser> = {
  "packages.config": parsePackagesConfig,
  "packages.lock.json": parsePackagesLockJson,
  "directory.packages.props": parseMsbuildProject,
};

/** The parser for a path, or undefined when it is not a dependency file. */
export function parserFor(path: string): Parser | undefined {
  if (/(^|\/)node_modules\//.test(path)) return undefined;
  const base = baseName(path);
  const lower = base.toLowerCase();
  return (
    BY_NAME[base] ??
    BY_LOWER_NAME[lower] ??
    (/\.(cs|fs|vb)proj$/.test(lower) ? parseMsbuildProject : undefined) ??
    (isRequirementsPath(path) ? parseRequirementsTxt : undefined)
  );
}

/**
 * A cheap path test (file name rules only) for picking the files to read: manifests and
 * lockfiles of npm, yarn, pnpm, pip, Poetry, uv, Go, Cargo, Maven, Gradle, Composer,
 * Bundler and NuGet. Anything under a `node_modules/` folder is an installed copy, not the
 * project's own, and is refused.
 */
export function isDependencyFile(path: string): boolean {
  return parserFor(path) !== undefined;
}

/** Runs a parser, turning an unexpected exception into a problem: parsers must never throw out. */
export function parseSafely(path: string, text: string): ParseOutcome {
  const parser = parserFor(path);
  if (!parser) return { file: null, problems: [problem(path, "not a dependency file this analysis reads")] };
  try {
    const outcome = parser(path, text);
    if (outcome.problems.length <= MAX_PROBLEMS_PER_FILE) return outcome;
    const rest = outcome.problems.length - MAX_PROBLEMS_PER_FILE;
    return { ...outcome, problems: [...outcome.problems.slice(0, MAX_PROBLEMS_PER_FILE), problem(path, `… and ${rest} more problem(s)`)] };
  } catch (err) {
    return { file: null, problems: [problem(path, `could not be read: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}

/**
 * Reads one manifest or lockfile on its own. A manifest gives what it declares (versions
 * only where pinned exactly); a lockfile gives every package it resolved, direct where the
 * lockfile itself records what the project asked for (package-lock v2+, pnpm, yarn berry,
 * uv, Cargo, Bundler, NuGet) and transitive otherwise. Pure: no file system access.
 * Never throws: a broken file gives a problem and whatever could be read.
 */
export function parseDependencyFile(path: string, text: string): DependencyReport {
  const { file, problems } = parseSafely(path, text);
  if (!file) return { dependencies: [], problems };
  try {
    const dependencies =
      file.kind === "lockfile" ? mergeLockfile(file, []).dependencies : [...file.dependencies, ...(file.central ?? [])].map(toDependency);
    return { dependencies: sortAndDedupe(dependencies), problems };
  } catch (err) {
    return { dependencies: [], problems: [...problems, problem(path, `could not be read: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}
