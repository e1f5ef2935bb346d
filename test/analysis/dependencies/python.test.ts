import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const pypi = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "PyPI",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("requirements.txt", () => {
  it("reads pins, ranges, extras, markers and hashes; normalises names; notes what it does not follow", () => {
    const result = parseDependencyFile("requirements.txt", fixtureText("python/pip/requirements.txt"));
    const m = "requirements.txt";
    expect(result.dependencies).toEqual([
      pypi("django", "4.2.11", m, { direct: true, range: "==4.2.11" }),
      pypi("flask-sqlalchemy", null, m, { direct: true, range: "~=3.1" }),
      pypi("numpy", null, m, { direct: true, range: "==1.26.*" }),
      pypi("psycopg2-binary", "2.9.9", m, { direct: true, range: "==2.9.9" }),
      pypi("requests", null, m, { direct: true, range: ">=2.28,<3" }),
      pypi("uvicorn", null, m, { direct: true }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "requirements.txt: line 2: includes requirements file requirements/base.txt (read on its own if present)",
      "requirements.txt: line 3: includes constraints file constraints.txt (read on its own if present)",
      "requirements.txt: line 14: skipped editable requirement git+https://github.com/acme/audit-log.git@v2.1.0#egg=audit-log",
      "requirements.txt: line 15: skipped URL/VCS requirement git+https://github.com/acme/private-sdk.git@main#egg=private-sdk",
      "requirements.txt: line 16: skipped pendulum: installed from URL https://files.example.com/pendulum-3.0.0-py3-none-any.whl",
      "requirements.txt: line 17: skipped local path requirement ./vendor/localpkg",
    ]);
    expect(JSON.stringify(result)).not.toContain("hunter2");
  });

  it("marks requirements-dev.txt dev, and requirements/base.txt not", () => {
    const dev = parseDependencyFile("requirements-dev.txt", fixtureText("python/pip/requirements-dev.txt"));
    expect(dev.dependencies).toEqual([
      pypi("black", "24.3.0", "requirements-dev.txt", { direct: true, dev: true, range: "==24.3.0" }),
      pypi("pytest", "8.1.1", "requirements-dev.txt", { direct: true, dev: true, range: "==8.1.1" }),
      pypi("pytest-cov", null, "requirements-dev.txt", { direct: true, dev: true, range: ">=4.1" }),
    ]);
    const base = parseDependencyFile("requirements/base.txt", fixtureText("python/pip/requirements/base.txt"));
    expect(base.dependencies.every((d) => !d.dev)).toBe(true);
    expect(base.dependencies.map((d) => d.name)).toEqual(["certifi", "charset-normalizer"]);
  });

  it("an unreadable line is a problem, and the lines around it still count", () => {
    const result = parseDependencyFile("requirements.txt", "flask==3.0.2\nthis is not a requirement!\nrequests>=2\n");
    expect(result.dependencies.map((d) => d.name)).toEqual(["flask", "requests"]);
    expect(result.problems.map((p) => p.message)).toEqual(['requirements.txt: line 2: cannot read requirement "this is not a requirement!"']);
  });
});

describe("pyproject.toml", () => {
  it("PEP 621: dependencies, extras and dependency groups (include-group entries are not packages)", () => {
    const result = parseDependencyFile("pyproject.toml", fixtureText("python/pep621-uv/pyproject.toml"));
    const m = "pyproject.toml";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      pypi("httpx", null, m, { direct: true, range: ">=0.27" }),
      pypi("pydantic", "2.6.4", m, { direct: true, range: "==2.6.4" }),
      pypi("pytest", null, m, { direct: true, dev: true, range: ">=8" }),
      pypi("rich", null, m, { direct: true }),
      pypi("ruff", "0.3.4", m, { direct: true, dev: true, range: "==0.3.4" }),
      pypi("weasyprint", null, m, { direct: true, dev: true, range: ">=61" }),
    ]);
  });

  it("Poetry: python is not a package, a bare version is a pin, optional and group deps are dev, git is noted", () => {
    const result = parseDependencyFile("pyproject.toml", fixtureText("python/poetry/pyproject.toml"));
    const m = "pyproject.toml";
    expect(result.dependencies).toEqual([
      pypi("boto3", null, m, { direct: true, dev: true, range: ">=1.34,<2" }),
      pypi("pytest", null, m, { direct: true, dev: true, range: "^8.0" }),
      pypi("pyyaml", "6.0.1", m, { direct: true, range: "6.0.1" }),
      pypi("requests", null, m, { direct: true, range: "^2.31" }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "pyproject.toml: skipped bank-feed in tool.poetry.dependencies: not from a package index",
    ]);
  });

  it("a pyproject without dependencies (a tool config only) gives nothing and no problem", () => {
    expect(parseDependencyFile("pyproject.toml", '[tool.black]\nline-length = 100\n')).toEqual({ dependencies: [], problems: [] });
  });
});

describe("poetry.lock", () => {
  it("alone: every index package, dev from its groups and optional flag, git sources left out", () => {
    const result = parseDependencyFile("poetry.lock", fixtureText("python/poetry/poetry.lock"));
    const m = "poetry.lock";
    expect(result.dependencies).toEqual([
      pypi("boto3", "1.34.69", m, { dev: true }),
      pypi("botocore", "1.34.69", m, { dev: true }),
      pypi("certifi", "2024.2.2", m),
      pypi("charset-normalizer", "3.3.2", m),
      pypi("colorama", "0.4.6", m, { dev: true }),
      pypi("idna", "3.6", m),
      pypi("iniconfig", "2.0.0", m, { dev: true }),
      pypi("jmespath", "1.0.1", m, { dev: true }),
      pypi("pytest", "8.1.1", m, { dev: true }),
      pypi("pyyaml", "6.0.1", m),
      pypi("requests", "2.31.0", m),
      pypi("urllib3", "2.2.1", m),
    ]);
  });

  it("with pyproject.toml: declared packages become direct with their locked version", () => {
    const result = collectDependencies(fixtureFiles("python/poetry"));
    const m = "poetry.lock";
    expect(result.dependencies).toEqual([
      pypi("boto3", "1.34.69", m, { direct: true, dev: true, range: ">=1.34,<2" }),
      pypi("botocore", "1.34.69", m, { dev: true }),
      pypi("certifi", "2024.2.2", m),
      pypi("charset-normalizer", "3.3.2", m),
      pypi("colorama", "0.4.6", m, { dev: true }),
      pypi("idna", "3.6", m),
      pypi("iniconfig", "2.0.0", m, { dev: true }),
      pypi("jmespath", "1.0.1", m, { dev: true }),
      pypi("pytest", "8.1.1", m, { direct: true, dev: true, range: "^8.0" }),
      pypi("pyyaml", "6.0.1", m, { direct: true, range: "6.0.1" }),
      pypi("requests", "2.31.0", m, { direct: true, range: "^2.31" }),
      pypi("urllib3", "2.2.1", m),
    ]);
  });
});

describe("uv.lock", () => {
  const expected = (m: string, withRanges: boolean): Dependency[] => {
    const r = (range: string) => (withRanges ? { range } : {});
    return [
      pypi("annotated-types", "0.6.0", m),
      pypi("anyio", "4.3.0", m),
      pypi("certifi", "2024.2.2", m),
      pypi("h11", "0.14.0", m),
      pypi("httpcore", "1.0.5", m),
      pypi("httpx", "0.27.0", m, { direct: true, ...r(">=0.27") }),
      pypi("idna", "3.6", m),
      pypi("iniconfig", "2.0.0", m, { dev: true }),
      pypi("markdown-it-py", "3.0.0", m),
      pypi("mdurl", "0.1.2", m),
      pypi("packaging", "24.0", m, { dev: true }),
      pypi("pluggy", "1.4.0", m, { dev: true }),
      pypi("pydantic", "2.6.4", m, { direct: true, ...r("==2.6.4") }),
      pypi("pydantic-core", "2.16.3", m),
      pypi("pydyf", "0.9.0", m, { dev: true }),
      pypi("pygments", "2.17.2", m),
      pypi("pytest", "8.1.1", m, { direct: true, dev: true, ...r(">=8") }),
      pypi("rich", "13.7.1", m, { direct: true }),
      pypi("ruff", "0.3.4", m, { direct: true, dev: true, ...r("==0.3.4") }),
      pypi("sniffio", "1.3.1", m),
      pypi("typing-extensions", "4.10.0", m),
      pypi("weasyprint", "61.2", m, { direct: true, dev: true, ...r(">=61") }),
    ];
  };

  it("alone: the editable project is the importer; extras and dev groups, and what only they reach, are dev", () => {
    const result = parseDependencyFile("uv.lock", fixtureText("python/pep621-uv/uv.lock"));
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual(expected("uv.lock", false));
  });

  it("with pyproject.toml: the same packages, with the declared ranges", () => {
    const result = collectDependencies(fixtureFiles("python/pep621-uv"));
    expect(result.dependencies).toEqual(expected("uv.lock", true));
  });
});
