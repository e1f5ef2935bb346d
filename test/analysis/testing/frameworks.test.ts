import { describe, expect, it } from "@jest/globals";
import { detectTestFrameworks, type TestFramework } from "../../../src/analysis/testing/index.js";

/** An in-memory repository: paths and their text (an empty string is an empty file). */
function detect(files: Record<string, string>): TestFramework[] {
  return detectTestFrameworks({ paths: Object.keys(files), readText: (p) => files[p] });
}

function names(found: TestFramework[]): string[] {
  return found.map((f) => `${f.directory || "."}:${f.name}`);
}

const json = (v: unknown): string => JSON.stringify(v, null, 2);

describe("detectTestFrameworks: JavaScript and TypeScript", () => {
  it("finds Jest from its config file, run through the test script", () => {
    const found = detect({
      "package.json": json({ name: "cart", scripts: { test: "jest --coverage" }, devDependencies: { jest: "^30.0.0", "ts-jest": "^29.2.0" } }),
      "package-lock.json": "{}",
      "jest.config.ts": "export default { preset: 'ts-jest' };",
      "tsconfig.json": "{}",
      "src/cart.ts": "",
      "src/cart.test.ts": "import { Cart } from './cart';",
    });
    expect(found).toEqual([{ name: "jest", language: "TypeScript", evidence: "jest.config.ts", command: "npm test", directory: "" }]);
  });

  it("reports each workspace package of a pnpm monorepo, with the exec command for a runner the test script does not call", () => {
    const found = detect({
      "package.json": json({ private: true, scripts: { test: "turbo run test" }, devDependencies: { turbo: "^2.0.0" } }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'",
      "pnpm-workspace.yaml": "packages: ['packages/*']",
      "packages/api/package.json": json({ name: "@acme/api", scripts: { test: "vitest run" }, devDependencies: { vitest: "^3.2.0" } }),
      "packages/api/vitest.config.ts": "export default {}",
      "packages/web/package.json": json({
        name: "@acme/web",
        scripts: { test: "pnpm run test:unit", "test:unit": "vitest", "test:e2e": "playwright test" },
        devDependencies: { vitest: "^3.2.0", "@playwright/test": "^1.48.0" },
      }),
      "packages/web/playwright.config.ts": "export default {}",
      "packages/web/e2e/home.spec.ts": "",
    });
    expect(found).toEqual([
      { name: "vitest", language: "JavaScript", evidence: "packages/api/vitest.config.ts", command: "pnpm test", directory: "packages/api" },
      { name: "vitest", language: "JavaScript", evidence: "packages/web/package.json devDependencies.vitest", command: "pnpm test", directory: "packages/web" },
      { name: "playwright", language: "JavaScript", evidence: "packages/web/playwright.config.ts", command: "pnpm exec playwright test", directory: "packages/web" },
    ]);
  });

  it("finds mocha from .mocharc, ava from its package.json key, and cypress beside Jest with yarn", () => {
    expect(detect({ "package.json": json({ scripts: { test: "nyc mocha" }, devDependencies: { nyc: "^17.0.0" } }), ".mocharc.yml": "spec: test/**/*.spec.js" })).toEqual([
      { name: "mocha", language: "JavaScript", evidence: ".mocharc.yml", command: "npm test", directory: "" },
    ]);
    expect(detect({ "package.json": json({ scripts: { test: "xo && ava" }, ava: { files: ["test/**/*"] } }) })).toEqual([
      { name: "ava", language: "JavaScript", evidence: 'package.json "ava" key', command: "npm test", directory: "" },
    ]);
    expect(
      names(
        detect({
          "package.json": json({ scripts: { test: "react-scripts test", "cy:run": "cypress run" }, dependencies: { "react-scripts": "5.0.1" }, devDependencies: { cypress: "^13.0.0" } }),
          "yarn.lock": "",
          "cypress.config.ts": "",
        }),
      ),
    ).toEqual([".:jest", ".:cypress"]);
  });

  it("reads Angular's ng test as Jasmine through Karma", () => {
    const found = detect({
      "package.json": json({ scripts: { test: "ng test" }, devDependencies: { "jasmine-core": "~5.1.0", karma: "~6.4.0", "karma-jasmine": "~5.1.0" } }),
      "angular.json": "{}",
    });
    expect(found).toEqual([{ name: "jasmine", language: "JavaScript", evidence: "package.json devDependencies.jasmine-core", command: "npm test", directory: "" }]);
  });

  it("finds node:test from the test script, or from test files importing it", () => {
    expect(detect({ "package.json": json({ type: "module", scripts: { test: "node --test test/" } }), "test/queue.test.mjs": "import { test } from 'node:test';" })).toEqual([
      { name: "node:test", language: "JavaScript", evidence: "package.json scripts.test", command: "npm test", directory: "" },
    ]);
    expect(
      detect({
        "package.json": json({ name: "q", type: "module" }),
        "lib/queue.mjs": "",
        "test/queue.test.mjs": "import { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';",
      }),
    ).toEqual([{ name: "node:test", language: "JavaScript", evidence: "test/queue.test.mjs imports node:test", command: "node --test", directory: "" }]);
  });

  it("finds nothing for npm init's placeholder test script and test files without a runner", () => {
    expect(
      detect({
        "package.json": json({ name: "x", scripts: { test: 'echo "Error: no test specified" && exit 1' }, dependencies: { express: "^4.19.0" } }),
        "test/app.test.js": "const assert = require('assert');",
      }),
    ).toEqual([]);
  });
});

describe("detectTestFrameworks: Python", () => {
  it("finds pytest from pytest.ini, pyproject, setup.cfg and tox.ini", () => {
    expect(detect({ "pytest.ini": "[pytest]\naddopts = -q\n", "tests/test_a.py": "def test_a():\n    assert True\n" })).toEqual([
      { name: "pytest", language: "Python", evidence: "pytest.ini", command: "pytest", directory: "" },
    ]);
    const pyproject = '[project]\nname = "shop"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n';
    expect(detect({ "pyproject.toml": pyproject, "uv.lock": "version = 1" })).toEqual([
      { name: "pytest", language: "Python", evidence: "pyproject.toml [tool.pytest.ini_options]", command: "uv run pytest", directory: "" },
    ]);
    expect(detect({ "setup.cfg": "[metadata]\nname = shop\n\n[tool:pytest]\ntestpaths = tests\n", "setup.py": "from setuptools import setup\nsetup()\n" })[0]?.evidence).toBe("setup.cfg [tool:pytest]");
    expect(detect({ "tox.ini": "[tox]\nenvlist = py312\n\n[pytest]\nminversion = 8.0\n" })[0]?.evidence).toBe("tox.ini [pytest]");
  });

  it("finds pytest from a declared dependency: requirements, Poetry groups, PEP 735 groups", () => {
    expect(detect({ "requirements-dev.txt": "-r requirements.txt\nblack==24.4.2\npytest-cov==5.0.0\n", "requirements.txt": "requests==2.32.3\n" })).toEqual([
      { name: "pytest", language: "Python", evidence: "requirements-dev.txt pytest-cov==5.0.0", command: "pytest", directory: "" },
    ]);
    const poetry = '[tool.poetry]\nname = "shop"\n\n[tool.poetry.dependencies]\npython = "^3.12"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8.2"\n';
    expect(detect({ "pyproject.toml": poetry, "poetry.lock": "" })).toEqual([
      { name: "pytest", language: "Python", evidence: "pyproject.toml tool.poetry.group.dev.dependencies: pytest", command: "poetry run pytest", directory: "" },
    ]);
    const groups = '[project]\nname = "shop"\ndependencies = ["httpx>=0.27"]\n\n[dependency-groups]\ntest = ["pytest>=8.3", "pytest-asyncio"]\n';
    expect(detect({ "pyproject.toml": groups })[0]?.evidence).toBe("pyproject.toml dependency-groups.test: pytest>=8.3");
  });

  it("finds pytest from a conftest.py, an import, or bare test functions", () => {
    expect(detect({ "src/app.py": "", "tests/conftest.py": "import pytest\n" })[0]?.evidence).toBe("tests/conftest.py");
    expect(detect({ "tests/test_api.py": "import pytest\n\n@pytest.fixture\ndef client():\n    ...\n" })[0]?.evidence).toBe("tests/test_api.py imports pytest");
    expect(detect({ "tests/test_math.py": "from app import add\n\ndef test_add():\n    assert add(1, 2) == 3\n" })[0]?.evidence).toBe("tests/test_math.py has bare test functions (pytest style)");
  });

  it("finds unittest when tests use it and nothing says pytest, and Django's runner", () => {
    expect(detect({ "tests/test_slug.py": "import unittest\n\nclass SlugTest(unittest.TestCase):\n    def test_x(self):\n        pass\n" })).toEqual([
      { name: "unittest", language: "Python", evidence: "tests/test_slug.py imports unittest", command: "python -m unittest discover", directory: "" },
    ]);
    expect(detect({ "manage.py": "#!/usr/bin/env python\n", "shop/models.py": "", "shop/tests.py": "from django.test import TestCase\n\nclass ShopTests(TestCase):\n    pass\n" })).toEqual([
      { name: "unittest", language: "Python", evidence: "shop/tests.py imports django.test (unittest-based)", command: "python manage.py test", directory: "" },
    ]);
  });

  it("does not take a pytest-looking package name for pytest", () => {
    expect(detect({ "requirements.txt": "pytestify==1.0\nflask==3.0.3\n" })).toEqual([]);
  });
});

describe("detectTestFrameworks: Go and Rust", () => {
  it("runs go test per module that has _test.go files", () => {
    const found = detect({
      "go.mod": "module example.com/shop\n\ngo 1.22\n",
      "cart/cart.go": "",
      "cart/cart_test.go": "",
      "cart/price_test.go": "",
      "tools/go.mod": "module example.com/shop/tools\n",
      "tools/gen/gen_test.go": "",
      "docs/go.mod": "module example.com/shop/docs\n",
      "docs/main.go": "",
      "pkg/attestation.go": "",
    });
    expect(found).toEqual([
      { name: "go test", language: "Go", evidence: "go.mod + 2 *_test.go files", command: "go test ./...", directory: "" },
      { name: "go test", language: "Go", evidence: "tools/go.mod + 1 *_test.go file", command: "go test ./...", directory: "tools" },
    ]);
  });

  it("runs cargo test once for a workspace, and per standalone crate", () => {
    expect(
      detect({
        "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\nresolver = "2"\n',
        "crates/core/Cargo.toml": '[package]\nname = "core"\n',
        "crates/core/tests/parse.rs": "",
        "crates/cli/Cargo.toml": '[package]\nname = "cli"\n',
      }),
    ).toEqual([{ name: "cargo test", language: "Rust", evidence: "Cargo.toml [workspace]", command: "cargo test --workspace", directory: "" }]);
    expect(detect({ "Cargo.toml": '[package]\nname = "ring"\n', "src/lib.rs": "", "tests/wrap.rs": "" })).toEqual([
      { name: "cargo test", language: "Rust", evidence: "Cargo.toml + tests/", command: "cargo test", directory: "" },
    ]);
  });
});

const pom = (deps: string, extra = ""): string => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>billing</artifactId>
  <version>1.0.0-SNAPSHOT</version>
  <dependencies>${deps}</dependencies>
  ${extra}
</project>`;

describe("detectTestFrameworks: Java and Kotlin", () => {
  it("finds JUnit 5 in a pom.xml and runs the Maven wrapper", () => {
    const found = detect({
      "pom.xml": pom("<dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.2</version><scope>test</scope></dependency>"),
      mvnw: "",
      "src/test/java/com/acme/InvoiceTest.java": "",
    });
    expect(found).toEqual([{ name: "junit", language: "Java", evidence: "pom.xml dependency org.junit.jupiter:junit-jupiter", command: "./mvnw test", directory: "" }]);
  });

  it("runs a module's TestNG tests from the top pom of a multi-module build; Spring Boot's starter means JUnit", () => {
    const found = detect({
      "pom.xml": pom("", "<modules><module>core</module><module>web</module></modules>"),
      "core/pom.xml": pom("<dependency><groupId>org.testng</groupId><artifactId>testng</artifactId><version>7.10.2</version><scope>test</scope></dependency>"),
      "web/pom.xml": pom("<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-test</artifactId><scope>test</scope></dependency>"),
    });
    expect(found).toEqual([
      { name: "testng", language: "Java", evidence: "core/pom.xml dependency org.testng:testng", command: "mvn test", directory: "" },
      { name: "junit", language: "Java", evidence: "web/pom.xml dependency org.springframework.boot:spring-boot-starter-test", command: "mvn test", directory: "" },
    ]);
  });

  it("falls back to maven-surefire when the framework comes from a parent pom", () => {
    const surefire = "<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin></plugins></build>";
    expect(detect({ "pom.xml": pom("", surefire) })).toEqual([
      { name: "maven-surefire", language: "Java", evidence: "pom.xml plugin maven-surefire-plugin", command: "mvn test", directory: "" },
    ]);
    expect(detect({ "pom.xml": pom(""), "src/test/java/com/acme/AppTest.java": "" })[0]?.evidence).toBe("pom.xml + src/test");
    expect(detect({ "pom.xml": pom(""), "src/main/java/com/acme/App.java": "" })).toEqual([]);
    const profile = "<profiles><profile><id>it</id><dependencies><dependency><groupId>org.testng</groupId><artifactId>testng</artifactId></dependency></dependencies></profile></profiles>";
    expect(detect({ "pom.xml": pom("", profile) })[0]).toMatchObject({ name: "testng", evidence: "pom.xml dependency org.testng:testng" });
  });

  it("finds JUnit in a Kotlin Gradle build and TestNG in a Groovy one", () => {
    const kts = 'plugins {\n    kotlin("jvm") version "2.0.0"\n}\n\ndependencies {\n    testImplementation(kotlin("test"))\n}\n\ntasks.test {\n    useJUnitPlatform()\n}\n';
    expect(detect({ "settings.gradle.kts": "", "build.gradle.kts": kts, gradlew: "", "src/test/kotlin/com/acme/InvoiceTest.kt": "" })).toEqual([
      { name: "junit", language: "Kotlin", evidence: "build.gradle.kts: useJUnitPlatform()", command: "./gradlew test", directory: "" },
    ]);
    const groovy = "plugins { id 'java' }\n\ndependencies {\n    testImplementation 'org.testng:testng:7.10.2'\n}\n\ntest { useTestNG() }\n";
    expect(detect({ "build.gradle": groovy })).toEqual([
      { name: "testng", language: "Java", evidence: "build.gradle: testImplementation 'org.testng:testng:7.10.2'", command: "gradle test", directory: "" },
    ]);
    expect(detect({ "build.gradle": "plugins { id 'java' }\n", "src/test/java/AppTest.java": "" })[0]).toMatchObject({ name: "gradle", command: "gradle test" });
  });
});

describe("detectTestFrameworks: Ruby, PHP, .NET", () => {
  it("finds RSpec in a Rails app, and not Minitest from Rails' lockfile", () => {
    const found = detect({
      Gemfile: 'source "https://rubygems.org"\n\ngem "rails", "~> 7.1"\n\ngroup :development, :test do\n  gem "rspec-rails", "~> 6.1"\nend\n',
      "Gemfile.lock": "GEM\n  specs:\n    minitest (5.22.3)\n    rspec-core (3.13.0)\n",
      ".rspec": "--require spec_helper\n",
      "bin/rails": "",
      "spec/spec_helper.rb": "",
      "spec/models/user_spec.rb": "",
    });
    expect(found).toEqual([{ name: "rspec", language: "Ruby", evidence: ".rspec", command: "bundle exec rspec", directory: "" }]);
  });

  it("finds Minitest in a default Rails app and in a gem", () => {
    expect(detect({ Gemfile: 'gem "rails"\n', "bin/rails": "", "test/test_helper.rb": "", "test/models/user_test.rb": "" })).toEqual([
      { name: "minitest", language: "Ruby", evidence: "test/test_helper.rb", command: "bin/rails test", directory: "" },
    ]);
    expect(detect({ "slugger.gemspec": 'Gem::Specification.new do |s|\n  s.add_development_dependency "minitest", "~> 5.0"\nend\n', Rakefile: "" })).toEqual([
      { name: "minitest", language: "Ruby", evidence: "slugger.gemspec dependency minitest", command: "rake test", directory: "" },
    ]);
  });

  it("finds PHPUnit from phpunit.xml.dist or composer.json", () => {
    expect(detect({ "composer.json": json({ require: { php: "^8.2" } }), "phpunit.xml.dist": "<phpunit/>" })).toEqual([
      { name: "phpunit", language: "PHP", evidence: "phpunit.xml.dist", command: "vendor/bin/phpunit", directory: "" },
    ]);
    expect(detect({ "composer.json": json({ "require-dev": { "phpunit/phpunit": "^11.0" } }) })[0]?.evidence).toBe("composer.json require-dev.phpunit/phpunit");
    expect(detect({ "composer.json": json({ require: { "laravel/framework": "^11.0" } }) })).toEqual([]);
  });

  it("finds xUnit, NUnit and MSTest test projects, run from the solution folder", () => {
    const csproj = (refs: string): string => `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework><IsPackable>false</IsPackable></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.10.0" />\n${refs}\n  </ItemGroup>\n</Project>`;
    const found = detect({
      "Calc.sln": "",
      "src/Calc.Core/Calc.Core.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>',
      "tests/Calc.Tests/Calc.Tests.csproj": csproj('    <PackageReference Include="xunit" Version="2.8.1" />\n    <PackageReference Include="coverlet.collector" Version="6.0.2" />'),
      "tests/Calc.Specs/Calc.Specs.fsproj": csproj('    <PackageReference Include="NUnit" Version="4.1.0" />'),
      "tools/Gen.Tests/Gen.Tests.csproj": '<Project Sdk="MSTest.Sdk/3.4.3">\n</Project>',
    });
    expect(found).toEqual([
      { name: "xunit", language: "C#", evidence: "tests/Calc.Tests/Calc.Tests.csproj PackageReference xunit", command: "dotnet test", directory: "" },
      { name: "mstest", language: "C#", evidence: "tools/Gen.Tests/Gen.Tests.csproj Sdk MSTest.Sdk", command: "dotnet test", directory: "" },
      { name: "nunit", language: "F#", evidence: "tests/Calc.Specs/Calc.Specs.fsproj PackageReference NUnit", command: "dotnet test", directory: "" },
    ]);
    // Without a solution, each test project runs on its own.
    expect(detect({ "Calc.Tests/Calc.Tests.csproj": csproj('    <PackageReference Include="xunit.v3" Version="1.0.0" />') })).toEqual([
      { name: "xunit", language: "C#", evidence: "Calc.Tests/Calc.Tests.csproj PackageReference xunit.v3", command: "dotnet test", directory: "Calc.Tests" },
    ]);
  });
});

describe("detectTestFrameworks: repositories without tests, and bad input", () => {
  it("finds nothing in a repository with no test framework", () => {
    expect(
      detect({
        "README.md": "# tool",
        Makefile: "all:\n\tcc -o tool main.c\n",
        "src/main.c": "",
        "docs/testing.md": "",
        "package.json": json({ name: "docs-site", scripts: { build: "vitepress build" }, devDependencies: { vitepress: "^1.3.0" } }),
        "go.mod": "module example.com/tool\n",
        "main.go": "",
      }),
    ).toEqual([]);
  });

  it("ignores frameworks of dependencies and test fixtures", () => {
    expect(
      detect({
        "node_modules/left-pad/package.json": json({ devDependencies: { mocha: "*" } }),
        "test/fixtures/sample-app/package.json": json({ devDependencies: { ava: "*" } }),
        "vendor/acme/lib/phpunit.xml": "<phpunit/>",
        "internal/testdata/mod/go.mod": "module x\n",
        "internal/testdata/mod/x_test.go": "",
      }),
    ).toEqual([]);
  });

  it("survives broken manifests, keeping what other files show", () => {
    const found = detect({
      "package.json": '{ "name": "broken", "devDependencies": { "jest": ',
      "jest.config.js": "module.exports = {};",
      "pom.xml": "<project><dependencies><dependency><artifactId>junit",
      "pyproject.toml": '[project\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n',
      "Cargo.toml": "\u0000\u0001\u0002",
      "test/Broken.Tests/Broken.Tests.csproj": "\uFFFD\uFFFD<Pro",
    });
    expect(found).toEqual([
      { name: "jest", language: "JavaScript", evidence: "jest.config.js", command: "npx jest", directory: "" },
      { name: "pytest", language: "Python", evidence: "pyproject.toml [tool.pytest.ini_options]", command: "pytest", directory: "" },
      { name: "cargo test", language: "Rust", evidence: "Cargo.toml", command: "cargo test", directory: "" },
    ]);
  });

  it("never throws, whatever readText and paths do", () => {
    const paths = ["package.json", "pytest.ini", 7 as unknown as string, "", "go.mod", "a_test.go"];
    expect(() => detectTestFrameworks({ paths, readText: () => { throw new Error("EACCES"); } })).not.toThrow();
    expect(names(detectTestFrameworks({ paths, readText: () => { throw new Error("EACCES"); } }))).toEqual([".:pytest", ".:go test"]);
    expect(detectTestFrameworks({ paths, readText: () => 42 as unknown as string })).toHaveLength(2);
    expect(detectTestFrameworks(undefined as unknown as { paths: string[]; readText: () => undefined })).toEqual([]);
  });

  it("handles a 60,000-file listing, reading only the manifests", () => {
    const files: Record<string, string> = { "package.json": json({ scripts: { test: "vitest" }, devDependencies: { vitest: "^3.2.0" } }) };
    for (let i = 0; i < 60_000; i++) files[`src/m${i % 300}/f${i}.${i % 2 ? "ts" : "test.ts"}`] = "";
    const read: string[] = [];
    const found = detectTestFrameworks({ paths: Object.keys(files), readText: (p) => (read.push(p), files[p]) });
    expect(names(found)).toEqual([".:vitest"]);
    expect(read).toEqual(["package.json"]);
  });
});
