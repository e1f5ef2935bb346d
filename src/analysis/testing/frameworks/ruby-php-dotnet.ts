import { dirOf, type FrameworkList, isRecord, joinPath, MAX_MANIFESTS, parseJsonObject, type RepoIndex } from "./repo-index.js";

const GEM_RSPEC = /^\s*gem\s+["']rspec(?:-rails|-core)?["']/m;
const GEM_MINITEST = /^\s*gem\s+["']minitest(?:-reporters)?["']/m;
const GEMSPEC_RSPEC = /add_(?:development_)?dependency\s*\(?\s*["']rspec(?:-core)?["']/;
const GEMSPEC_MINITEST = /add_(?:development_)?dependency\s*\(?\s*["']minitest["']/;

/**
 * RSpec from `.rspec`, a Gemfile or gemspec dependency, or `spec/spec_helper.rb`; Minitest
 * from a Gemfile or gemspec dependency, `test/test_helper.rb` (Rails) or `test/**\/*_test.rb`.
 * Gemfile.lock is not evidence for Minitest: every Rails app locks it through ActiveSupport.
 */
export function detectRuby(index: RepoIndex, found: FrameworkList): void {
  const dirs = new Set<string>();
  for (const name of ["Gemfile", ".rspec"]) for (const p of index.named(name).slice(0, MAX_MANIFESTS)) dirs.add(dirOf(p));
  for (const p of index.withExt("gemspec").slice(0, MAX_MANIFESTS)) dirs.add(dirOf(p));
  for (const p of index.named("spec_helper.rb")) if (p.endsWith("spec/spec_helper.rb")) dirs.add(dirOf(dirOf(p)));
  for (const p of index.named("test_helper.rb")) if (p.endsWith("test/test_helper.rb")) dirs.add(dirOf(dirOf(p)));
  const minitestFiles = new Set<string>();
  for (const p of index.withExt("rb")) {
    const m = /^(?:(.*)\/)?test\/(?:.*\/)?\w+_test\.rb$/.exec(p);
    if (m) minitestFiles.add(m[1] ?? "");
  }

  for (const dir of [...dirs].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    const at = (name: string): string => joinPath(dir, name);
    const gemfile = index.has(at("Gemfile")) ? (index.read(at("Gemfile")) ?? "") : "";
    const gemspec = index.withExt("gemspec").find((p) => dirOf(p) === dir);
    const gemspecText = gemspec ? (index.read(gemspec) ?? "") : "";
    const bundle = index.has(at("Gemfile")) ? "bundle exec " : "";

    const rspec = index.has(at(".rspec"))
      ? at(".rspec")
      : GEM_RSPEC.test(gemfile)
        ? `${at("Gemfile")} gem rspec`
        : gemspec && GEMSPEC_RSPEC.test(gemspecText)
          ? `${gemspec} dependency rspec`
          : index.has(at("spec/spec_helper.rb"))
            ? at("spec/spec_helper.rb")
            : undefined;
    if (rspec) found.add({ name: "rspec", language: "Ruby", evidence: rspec, command: `${bundle}rspec`, directory: dir });

    const minitest = GEM_MINITEST.test(gemfile)
      ? `${at("Gemfile")} gem minitest`
      : gemspec && GEMSPEC_MINITEST.test(gemspecText)
        ? `${gemspec} dependency minitest`
        : index.has(at("test/test_helper.rb"))
          ? at("test/test_helper.rb")
          : minitestFiles.has(dir)
            ? `${at("test")}/**/*_test.rb`
            : undefined;
    if (minitest) {
      const command = index.has(at("bin/rails")) ? "bin/rails test" : `${bundle}rake test`;
      found.add({ name: "minitest", language: "Ruby", evidence: minitest, command, directory: dir });
    }
  }
}

const PHPUNIT_CONFIGS = ["phpunit.xml", "phpunit.xml.dist", "phpunit.dist.xml"];

/** PHPUnit from its config file or composer.json's require-dev. */
export function detectPhp(index: RepoIndex, found: FrameworkList): void {
  const dirs = new Set<string>();
  for (const name of [...PHPUNIT_CONFIGS, "composer.json"]) for (const p of index.named(name).slice(0, MAX_MANIFESTS)) dirs.add(dirOf(p));
  for (const dir of [...dirs].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
    let evidence = PHPUNIT_CONFIGS.map((c) => joinPath(dir, c)).find((c) => index.has(c));
    if (!evidence) {
      const composer = parseJsonObject(index.read(joinPath(dir, "composer.json")));
      for (const field of ["require-dev", "require"]) {
        const deps = composer?.[field];
        if (isRecord(deps) && "phpunit/phpunit" in deps) {
          evidence = `${joinPath(dir, "composer.json")} ${field}.phpunit/phpunit`;
          break;
        }
      }
    }
    if (evidence) found.add({ name: "phpunit", language: "PHP", evidence, command: "vendor/bin/phpunit", directory: dir });
  }
}

const DOTNET_FRAMEWORKS: readonly { name: string; reference: RegExp }[] = [
  { name: "xunit", reference: /<PackageReference\s+Include\s*=\s*"(xunit(?:\.v3)?(?:\.core)?)"/i },
  { name: "nunit", reference: /<PackageReference\s+Include\s*=\s*"(NUnit)"/i },
  { name: "mstest", reference: /<PackageReference\s+Include\s*=\s*"(MSTest(?:\.TestFramework)?)"|<Project\s+Sdk\s*=\s*"(MSTest\.Sdk)[/"]/i },
];

const PROJECT_LANGUAGE: Record<string, string> = { csproj: "C#", fsproj: "F#", vbproj: "Visual Basic .NET" };

/**
 * xUnit, NUnit and MSTest from the package references (or MSTest SDK) of .NET project
 * files. `dotnet test` runs from the folder of the nearest solution file, else the project's.
 */
export function detectDotnet(index: RepoIndex, found: FrameworkList): void {
  const solutions = new Set([...index.withExt("sln"), ...index.withExt("slnx")].map(dirOf));
  const projects = ["csproj", "fsproj", "vbproj"].flatMap((ext) => index.withExt(ext).map((p) => ({ p, ext }))).slice(0, MAX_MANIFESTS);
  for (const { p, ext } of projects) {
    const text = index.read(p);
    if (text === undefined) continue;
    let runFrom = dirOf(p);
    for (let d = runFrom; ; d = dirOf(d)) {
      if (solutions.has(d)) {
        runFrom = d;
        break;
      }
      if (d === "") break;
    }
    for (const fw of DOTNET_FRAMEWORKS) {
      const m = fw.reference.exec(text);
      if (!m) continue;
      const what = m[1] ? `PackageReference ${m[1]}` : `Sdk ${m[2]}`;
      found.add({ name: fw.name, language: PROJECT_LANGUAGE[ext] ?? "C#", evidence: `${p} ${what}`, command: "dotnet test", directory: runFrom });
    }
  }
}
