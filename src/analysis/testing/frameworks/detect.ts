import { detectGo, detectRust } from "./go-rust.js";
import { detectJavaScript } from "./javascript.js";
import { detectJvm } from "./jvm.js";
import { detectPython } from "./python.js";
import { FrameworkList, RepoIndex } from "./repo-index.js";
import { detectDotnet, detectPhp, detectRuby } from "./ruby-php-dotnet.js";
import type { DetectTestFrameworksInput, TestFramework } from "./types.js";

const DETECTORS = [detectJavaScript, detectPython, detectGo, detectRust, detectJvm, detectRuby, detectPhp, detectDotnet];

/**
 * The test frameworks a repository uses, from its paths and a few small files read through
 * `readText` (package.json, pytest.ini, pyproject.toml, go.mod, Cargo.toml, pom.xml,
 * build.gradle, Gemfile, phpunit.xml, *.csproj, …). One entry per framework and directory
 * (monorepo packages each get theirs), shallowest first; the root's come first. Dependency
 * folders and test fixtures are ignored. Never throws: a detector that fails on odd input is
 * skipped and the others still report.
 */
export function detectTestFrameworks(input: DetectTestFrameworksInput): TestFramework[] {
  const paths = Array.isArray(input?.paths) ? input.paths : [];
  const readText = typeof input?.readText === "function" ? input.readText : () => undefined;
  const index = new RepoIndex(paths, readText);
  const found = new FrameworkList();
  for (const detect of DETECTORS) {
    try {
      detect(index, found);
    } catch {
      // Each detector guards its own parsing; this only keeps a bug in one from hiding the rest.
    }
  }
  const depth = (d: string): number => (d === "" ? 0 : d.split("/").length);
  return found
    .list()
    .map((fw, i) => ({ fw, i }))
    .sort((a, b) => depth(a.fw.directory) - depth(b.fw.directory) || (a.fw.directory < b.fw.directory ? -1 : a.fw.directory > b.fw.directory ? 1 : a.i - b.i))
    .map(({ fw }) => fw);
}
