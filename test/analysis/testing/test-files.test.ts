import { describe, expect, it } from "@jest/globals";
import { isTestFile } from "../../../src/analysis/testing/index.js";

const TESTS = [
  // JavaScript / TypeScript
  "src/cart.test.ts",
  "src/components/Button.spec.tsx",
  "lib/queue.test.mjs",
  "src/__tests__/cart.ts",
  "test/cart.js",
  "tests/e2e/login.ts",
  "cypress/e2e/checkout.cy.ts",
  "cypress/support/commands.js",
  "apps/web-e2e/src/app.e2e-spec.ts",
  "src/__mocks__/fs.js",
  // Python
  "tests/test_pricing.py",
  "src/shop/pricing_test.py",
  "tests/conftest.py",
  "conftest.py",
  "shop/tests.py",
  "tests/integration/helpers.py",
  // Go
  "internal/cache/lru_test.go",
  // Rust
  "tests/integration.rs",
  "crates/core/tests/parse.rs",
  "src/parser/tests.rs",
  // Java / Kotlin / Groovy
  "src/test/java/com/acme/Anything.java",
  "core/src/main/java/com/acme/UserServiceTest.java",
  "src/it/java/com/acme/UserServiceIT.java",
  "src/main/java/com/acme/OrderTests.java",
  "src/main/java/com/acme/TestOrder.java",
  "app/src/androidTest/java/com/acme/MainActivityTest.kt",
  "lib/src/integrationTest/kotlin/com/acme/Db.kt",
  "src/test/groovy/com/acme/UserSpec.groovy",
  // C# / .NET
  "tests/Calc.Tests/Calculator.cs",
  "src/Calc.UnitTests/Helpers.cs",
  "src/Calc/CalculatorTests.cs",
  // PHP
  "tests/Unit/InvoiceTest.php",
  "src/Billing/InvoiceTest.php",
  // Ruby
  "spec/models/user_spec.rb",
  "test/models/user_test.rb",
  "test/test_helper.rb",
  "lib/test_parser.rb",
  // Others
  "Tests/AppTests/AppTests.swift",
  "MyAppUITests/LaunchTests.swift",
  "test/calc_test.exs",
  "src/base/string_util_unittest.cc",
];

const NOT_TESTS = [
  "latest.js",
  "src/latest.ts",
  "contest.py",
  "src/contest/rules.py",
  "pkg/attestation/attestation.go",
  "cmd/latest_version.go",
  "src/testimonials/index.ts",
  "src/components/LatestPosts.tsx",
  "src/ab-test.ts",
  "scripts/run-tests.sh",
  "src/main/java/com/acme/Testimonial.java",
  "src/main/java/com/acme/Contest.java",
  "src/main/java/com/acme/AUDIT.java",
  "src/main/java/com/acme/ApiSpec.java",
  "app/models/manifest.rb",
  "lib/spectrum.rb",
  "src/protest_data.go",
  "pkg/testutil/helpers.go",
  "internal/testdata/sample.go",
  "api/openapi_spec.py",
  "jest.config.js",
  "cypress.config.ts",
  "vitest.config.mts",
  // Data and docs in test folders are what tests read, not tests.
  "test/fixtures/cart.json",
  "src/test/resources/application.yml",
  "tests/README.md",
  "src/__tests__/__snapshots__/cart.test.ts.snap",
  "docs/testing.md",
  ".github/workflows/test.yml",
  "requirements-test.txt",
  "src/Models/Protest.cs",
  "Makefile",
  "",
];

describe("isTestFile", () => {
  it.each(TESTS)("%s is a test file", (p) => {
    expect(isTestFile(p)).toBe(true);
  });

  it.each(NOT_TESTS)("%s is not a test file", (p) => {
    expect(isTestFile(p)).toBe(false);
  });

  it("accepts Windows separators", () => {
    expect(isTestFile("src\\__tests__\\cart.ts")).toBe(true);
    expect(isTestFile("src\\latest.ts")).toBe(false);
  });

  it("does not throw on non-strings", () => {
    expect(isTestFile(undefined as unknown as string)).toBe(false);
    expect(isTestFile(42 as unknown as string)).toBe(false);
  });
});
