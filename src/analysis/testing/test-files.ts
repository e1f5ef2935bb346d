/**
 * Extensions of source code. A file inside a test folder counts as a test file only when it
 * is code: `test/fixtures/data.json` or `src/test/resources/app.yml` are data the tests read.
 */
const CODE_EXTENSIONS = new Set([
  "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "svelte", "coffee",
  "py", "rb", "go", "rs", "java", "kt", "kts", "scala", "groovy", "clj", "cljs",
  "cs", "fs", "vb", "php", "swift", "m", "mm", "c", "cc", "cpp", "cxx", "h", "hpp",
  "ex", "exs", "erl", "dart", "lua", "pl", "pm", "t", "r", "jl", "hs", "ml", "sh", "bats", "feature",
]);

/** Folders whose code is tests, whatever the file is called (compared lower-cased). */
const TEST_DIRS = new Set(["test", "tests", "__tests__", "__test__", "spec", "specs", "__mocks__", "e2e", "cypress"]);

/** Languages that name test classes `FooTest`, `FooTests`, `FooTestCase`. */
const CLASS_NAME_EXTENSIONS = new Set(["java", "kt", "kts", "scala", "groovy", "cs", "fs", "vb", "php", "swift", "m", "mm"]);

function testDirSegment(seg: string, prev: string | undefined): boolean {
  if (TEST_DIRS.has(seg.toLowerCase())) return true;
  // .NET test projects: `Foo.Tests`, `Foo.UnitTests`, `Foo.Test`, `Foo.Specs`.
  if (/\.[A-Za-z]*Tests?$/.test(seg) || /\.Specs$/.test(seg)) return true;
  // Xcode and SwiftPM test targets: `MyAppTests`, `MyAppUITests` (capital T: not `contests`).
  if (/[A-Za-z0-9]Tests$/.test(seg)) return true;
  // Gradle source sets: `src/integrationTest`, `src/androidTest`, `src/jvmTest`, `src/testFixtures`.
  if (prev === "src" && (/^[a-z][A-Za-z0-9]*Test$/.test(seg) || seg === "testFixtures")) return true;
  return false;
}

const JVM_EXTENSIONS = new Set(["java", "kt", "kts", "scala", "groovy"]);

/** Spock, ScalaTest, Kotest and phpspec name specifications `FooSpec`; in Java or C# it is as often an API spec. */
const SPEC_CLASS_EXTENSIONS = new Set(["groovy", "scala", "kt", "php"]);

function testFileName(stem: string, ext: string): boolean {
  // foo.test.ts, foo.spec.js, login.cy.ts, app.e2e-spec.ts, Calculator.Tests.cs
  if (/.[.](test|tests|spec|specs|cy|e2e|e2e-spec)$/i.test(stem)) return true;
  // foo_test.go, foo_test.py, foo_spec.rb, foo_test.exs, foo_unittest.cc (`_spec.py` is usually an API spec)
  if (/._(test|tests|unittest)$/i.test(stem) || (ext !== "py" && /._(spec|specs)$/i.test(stem))) return true;
  if (ext === "py" && (/^test_./.test(stem) || stem === "conftest" || stem === "tests")) return true;
  if (ext === "rb" && /^test_./.test(stem)) return true;
  // A Rust module of unit tests beside the code (`mod tests;`).
  if (ext === "rs" && stem === "tests") return true;
  if (CLASS_NAME_EXTENSIONS.has(ext)) {
    // UserServiceTest, UserServiceTests, UserServiceTestCase; not Latest, Contest, Protest.
    if (/[A-Za-z0-9_](Test|Tests|TestCase)$/.test(stem)) return true;
    if (SPEC_CLASS_EXTENSIONS.has(ext) && /[A-Za-z0-9_]Spec$/.test(stem)) return true;
  }
  if (JVM_EXTENSIONS.has(ext)) {
    // Maven Failsafe integration tests: UserServiceIT (but not AUDIT).
    if (/[a-z0-9]IT$/.test(stem)) return true;
    // Surefire's default includes `Test*`: TestUserService (but not Testimonial).
    if (/^Test[A-Z0-9_]/.test(stem)) return true;
  }
  return false;
}

/**
 * Whether a repo-relative path is test code, by the conventions of each ecosystem:
 * JS/TS `*.test.*`, `*.spec.*`, `*.cy.*`, `__tests__/`, `test/`, `tests/`, `spec/`;
 * Python `test_*.py`, `*_test.py`, `conftest.py`, `tests.py`, `tests/`; Go `*_test.go`;
 * Rust `tests/` and `tests.rs` (inline `#[cfg(test)]` modules can't be seen from a path);
 * Java/Kotlin `src/test/`, `*Test.java`, `*Tests.java`, `*IT.java`, Gradle `src/*Test/`;
 * C# `*.Tests/` projects and `*Tests.cs`; PHP `tests/` and `*Test.php`; Ruby `*_spec.rb`,
 * `*_test.rb`. Inside a test folder only code counts (fixtures and resources are data).
 * Names that merely contain "test" (`latest.js`, `contest.py`, `attestation.go`) do not count.
 */
export function isTestFile(path: string): boolean {
  if (typeof path !== "string" || path === "") return false;
  const parts = path.replace(/\\/g, "/").split("/");
  const name = parts[parts.length - 1]!;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return false;
  const ext = name.slice(dot + 1).toLowerCase();
  if (!CODE_EXTENSIONS.has(ext)) return false;
  if (testFileName(name.slice(0, dot), ext)) return true;
  for (let i = 0; i < parts.length - 1; i++) {
    if (testDirSegment(parts[i]!, i > 0 ? parts[i - 1] : undefined)) return true;
  }
  return false;
}
