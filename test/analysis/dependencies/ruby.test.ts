import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const gem = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "RubyGems",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("Gemfile", () => {
  it("reads requirements, group blocks and options; `if` blocks do not end a group; git gems and gemspec are noted", () => {
    const result = parseDependencyFile("Gemfile", fixtureText("ruby/Gemfile"));
    const m = "Gemfile";
    expect(result.dependencies).toEqual([
      gem("bootsnap", null, m, { direct: true }),
      gem("capybara", null, m, { direct: true, dev: true, range: "~> 3.40" }),
      gem("debug", null, m, { direct: true, dev: true }),
      gem("lograge", null, m, { direct: true }),
      gem("nokogiri", null, m, { direct: true }),
      gem("pg", null, m, { direct: true, range: ">= 1.1, < 2.0" }),
      gem("puma", "6.4.2", m, { direct: true, range: "6.4.2" }),
      gem("rails", null, m, { direct: true, range: "~> 7.1.3" }),
      gem("rspec-rails", null, m, { direct: true, dev: true }),
      gem("sentry-ruby", null, m, { direct: true }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "Gemfile: line 13: skipped sidekiq: from github, not RubyGems",
      "Gemfile: line 32: gemspec dependencies are not read",
    ]);
  });
});

describe("Gemfile.lock", () => {
  const expected = (withGemfile: boolean): Dependency[] => {
    const m = "Gemfile.lock";
    const dev = withGemfile;
    return [
      gem("bootsnap", "1.18.3", m, { direct: true }),
      gem("capybara", "3.40.0", m, { direct: true, dev, range: "~> 3.40" }),
      gem("concurrent-ruby", "1.2.3", m),
      gem("connection_pool", "2.4.1", m),
      gem("debug", "1.9.1", m, { direct: true, dev }),
      gem("lograge", "0.14.0", m, { direct: true }),
      gem("msgpack", "1.7.2", m),
      gem("nio4r", "2.7.1", m),
      // two platform builds of one release
      gem("nokogiri", "1.16.3", m, { direct: true }),
      gem("pg", "1.5.6", m, { direct: true, range: ">= 1.1, < 2.0" }),
      gem("puma", "6.4.2", m, { direct: true, range: withGemfile ? "6.4.2" : "= 6.4.2" }),
      gem("racc", "1.7.3", m),
      gem("rack", "3.0.10", m),
      gem("rails", "7.1.3.2", m, { direct: true, range: "~> 7.1.3" }),
      gem("rspec-rails", "6.1.2", m, { direct: true, dev }),
      gem("sentry-ruby", "5.17.1", m, { direct: true }),
    ];
  };

  it("alone: GEM specs with platform suffixes folded, DEPENDENCIES direct, git gems left out, nothing dev", () => {
    const result = parseDependencyFile("Gemfile.lock", fixtureText("ruby/Gemfile.lock"));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual(expected(false));
  });

  it("with the Gemfile: groups decide dev, and a gem reached from production stays production", () => {
    const result = collectDependencies(fixtureFiles("ruby"));
    expect(result.dependencies).toEqual(expected(true));
  });
});
