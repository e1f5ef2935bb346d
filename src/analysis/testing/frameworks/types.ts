/** A test framework found in a repository, with what gave it away and how to run it. */
export interface TestFramework {
  /**
   * "jest", "vitest", "mocha", "ava", "node:test", "jasmine", "playwright", "cypress",
   * "pytest", "unittest", "go test", "cargo test", "junit", "testng", "maven-surefire",
   * "gradle", "rspec", "minitest", "phpunit", "xunit", "nunit" or "mstest".
   */
  name: string;
  /** Linguist name of the language the tests are written in. */
  language: string;
  /** The file (and key) that shows it, e.g. "package.json devDependencies.jest", "pytest.ini". */
  evidence: string;
  /** The command a sandbox would run, from `directory`: "npm test", "pytest", "go test ./...". */
  command?: string;
  /** Repo-relative directory the command runs in; "" is the repository root. */
  directory: string;
}

/** What framework detection reads: the repository's paths, and the text of a few of them. */
export interface DetectTestFrameworksInput {
  /** Repo-relative paths with `/` separators (e.g. `git ls-files`). */
  paths: readonly string[];
  /** A file's text, or undefined when it is missing or unreadable. */
  readText: (path: string) => string | undefined;
}
