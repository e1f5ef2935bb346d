import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const php = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "Packagist",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("composer.json", () => {
  it("reads require and require-dev, lowercases names, leaves out php and extensions", () => {
    const result = parseDependencyFile("composer.json", fixtureText("composer/composer.json"));
    const m = "composer.json";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      php("guzzlehttp/guzzle", "7.8.1", m, { direct: true, range: "7.8.1" }),
      php("monolog/monolog", null, m, { direct: true, range: "^3.5" }),
      php("phpunit/phpunit", null, m, { direct: true, dev: true, range: "^10.5" }),
      php("symfony/console", null, m, { direct: true, range: "^6.4 || ^7.0" }),
    ]);
  });
});

describe("composer.lock", () => {
  it("alone: packages and packages-dev with versions as Composer wrote them", () => {
    const result = parseDependencyFile("composer.lock", fixtureText("composer/composer.lock"));
    const m = "composer.lock";
    expect(result.dependencies).toEqual([
      php("guzzlehttp/guzzle", "7.8.1", m),
      php("guzzlehttp/promises", "2.0.2", m),
      php("monolog/monolog", "3.5.0", m),
      php("phpunit/phpunit", "10.5.13", m, { dev: true }),
      php("psr/log", "3.0.0", m),
      php("sebastian/diff", "5.1.1", m, { dev: true }),
      php("symfony/console", "v7.0.4", m),
    ]);
  });

  it("with composer.json: required packages become direct, matched case-insensitively", () => {
    const result = collectDependencies(fixtureFiles("composer"));
    const m = "composer.lock";
    expect(result.dependencies).toEqual([
      php("guzzlehttp/guzzle", "7.8.1", m, { direct: true, range: "7.8.1" }),
      php("guzzlehttp/promises", "2.0.2", m),
      php("monolog/monolog", "3.5.0", m, { direct: true, range: "^3.5" }),
      php("phpunit/phpunit", "10.5.13", m, { direct: true, dev: true, range: "^10.5" }),
      php("psr/log", "3.0.0", m),
      php("sebastian/diff", "5.1.1", m, { dev: true }),
      php("symfony/console", "v7.0.4", m, { direct: true, range: "^6.4 || ^7.0" }),
    ]);
  });
});
