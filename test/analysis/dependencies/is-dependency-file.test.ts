import { describe, expect, it } from "@jest/globals";
import { isDependencyFile } from "../../../src/analysis/dependencies/index.js";

describe("isDependencyFile", () => {
  it.each([
    "package.json",
    "packages/api/package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "requirements.txt",
    "requirements-dev.txt",
    "dev-requirements.txt",
    "requirements/base.txt",
    "pyproject.toml",
    "poetry.lock",
    "uv.lock",
    "go.mod",
    "Cargo.toml",
    "Cargo.lock",
    "services/orders/pom.xml",
    "build.gradle",
    "app/build.gradle.kts",
    "gradle.lockfile",
    "composer.json",
    "composer.lock",
    "Gemfile",
    "Gemfile.lock",
    "gems.rb",
    "gems.locked",
    "src/Orders.Api/Orders.Api.csproj",
    "src/Reports/Reports.fsproj",
    "legacy/Billing.vbproj",
    "packages.config",
    "packages.lock.json",
    "Directory.Packages.props",
    "directory.packages.props",
  ])("reads %s", (path) => {
    expect(isDependencyFile(path)).toBe(true);
  });

  it.each([
    "node_modules/left-pad/package.json",
    "packages/api/node_modules/ms/package.json",
    "package.json5",
    "my-package.json",
    "tsconfig.json",
    "pnpm-workspace.yaml",
    "go.sum",
    "go.work",
    "Cargo.toml.orig",
    "settings.gradle",
    "gradle.properties",
    "Gemfile.bak",
    "requirements.in",
    "docs/requirements.md",
    "Directory.Build.props",
    "App.sln",
    "README.md",
    "src/requirements.py",
  ])("does not read %s", (path) => {
    expect(isDependencyFile(path)).toBe(false);
  });
});
