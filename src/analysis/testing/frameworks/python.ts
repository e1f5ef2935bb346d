import { parse as parseToml } from "smol-toml";
import { isTestFile } from "../test-files.js";
import { ancestors, baseOf, dirOf, type FrameworkList, isRecord, joinPath, MAX_MANIFESTS, type RepoIndex } from "./repo-index.js";

/** Files that make a folder a Python project (where pytest finds its rootdir and config). */
const PROJECT_FILES = ["pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini", "setup.py"];

/** `pytest`, `pytest>=8`, `pytest-cov[toml]==5.0`, `pytest ; python_version>"3.8"`: a plugin implies pytest. */
const PYTEST_REQUIREMENT = /^\s*pytest(?:[-_][A-Za-z0-9_.-]+)?\s*(?:[<>=!~;[@ (]|$)/i;
const IMPORTS_PYTEST = /^\s*(?:import\s+pytest\b|from\s+pytest\b)/m;
const IMPORTS_UNITTEST = /^\s*(?:import\s+unittest\b|from\s+unittest\b)|\bunittest\.TestCase\b/m;
/** Django's TestCase is a unittest.TestCase, run by `manage.py test`. */
const IMPORTS_DJANGO_TEST = /^\s*from\s+django\.test\b/m;
/** A module-level `def test_…`: only pytest collects bare test functions. */
const BARE_TEST_FUNCTION = /^(?:async\s+)?def\s+test_\w*\s*\(/m;

/** Strings and table keys under the dependency-ish tables of a pyproject.toml, with the table they are in. */
function pyprojectRequirements(doc: Record<string, unknown>): { where: string; requirement: string }[] {
  const out: { where: string; requirement: string }[] = [];
  const walk = (v: unknown, where: string, depth: number): void => {
    if (depth > 6) return;
    if (typeof v === "string") out.push({ where, requirement: v });
    else if (Array.isArray(v)) for (const x of v) walk(x, where, depth + 1);
    else if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) {
        // Poetry and PDM name a dependency by its key: { pytest = "^8" }.
        out.push({ where, requirement: k });
        walk(x, `${where}.${k}`, depth + 1);
      }
    }
  };
  const project = isRecord(doc.project) ? doc.project : {};
  walk(project.dependencies, "project.dependencies", 0);
  walk(project["optional-dependencies"], "project.optional-dependencies", 0);
  walk(doc["dependency-groups"], "dependency-groups", 0);
  const tool = isRecord(doc.tool) ? doc.tool : {};
  for (const name of ["poetry", "uv", "pdm", "hatch"]) walk(tool[name], `tool.${name}`, 0);
  return out;
}

interface PyProject {
  pytestConfig?: string;
  pytestRequirement?: string;
}

function readPyproject(index: RepoIndex, path: string): PyProject {
  const text = index.read(path);
  if (text === undefined) return {};
  let doc: Record<string, unknown> | undefined;
  try {
    const v: unknown = parseToml(text);
    doc = isRecord(v) ? v : undefined;
  } catch {
    doc = undefined;
  }
  if (!doc) {
    // A pyproject that TOML rejects still tells us a section name.
    const m = /^\s*\[(tool\.pytest(?:\.ini_options)?)\]/m.exec(text);
    return m ? { pytestConfig: `${path} [${m[1]}]` } : {};
  }
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const pytest = isRecord(tool.pytest) ? tool.pytest : undefined;
  const out: PyProject = {};
  if (pytest) out.pytestConfig = `${path} [tool.pytest${isRecord(pytest.ini_options) ? ".ini_options" : ""}]`;
  const req = pyprojectRequirements(doc).find((r) => PYTEST_REQUIREMENT.test(r.requirement));
  if (req) out.pytestRequirement = `${path} ${req.where}: ${req.requirement.trim()}`;
  return out;
}

function sectionIn(index: RepoIndex, path: string, section: RegExp): boolean {
  const text = index.read(path);
  return text !== undefined && section.test(text);
}

/** `requirements*.txt`, `*-requirements.txt`, `requirements/*.txt` by the project folder they sit in. */
function requirementFiles(index: RepoIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ext of ["txt", "in"]) {
    for (const p of index.withExt(ext)) {
      const d = dirOf(p);
      const owner = /requirements/i.test(baseOf(p)) ? d : baseOf(d) === "requirements" ? dirOf(d) : null;
      if (owner === null) continue;
      const list = out.get(owner) ?? [];
      list.push(p);
      out.set(owner, list);
    }
  }
  return out;
}

function runner(index: RepoIndex, dir: string): string {
  if (index.has(joinPath(dir, "uv.lock"))) return "uv run ";
  if (index.has(joinPath(dir, "poetry.lock"))) return "poetry run ";
  return "";
}

/**
 * pytest from its config (pytest.ini, `[tool.pytest.ini_options]`, setup.cfg `[tool:pytest]`,
 * tox.ini `[pytest]`), conftest.py, a declared dependency, or test files that import it or
 * hold bare `test_` functions; unittest when test files use it and nothing says pytest.
 * Each Python project folder (pyproject.toml, setup.py, …; else the root) is one directory.
 */
export function detectPython(index: RepoIndex, found: FrameworkList): void {
  const projectDirs = new Set<string>();
  for (const name of PROJECT_FILES) for (const p of index.named(name).slice(0, MAX_MANIFESTS)) projectDirs.add(dirOf(p));
  const ownerOf = (dir: string): string => [...ancestors(dir)].find((d) => projectDirs.has(d)) ?? "";

  const testFiles = new Map<string, string[]>();
  const conftests = new Map<string, string>();
  for (const p of index.withExt("py")) {
    if (!isTestFile(p)) continue;
    const owner = ownerOf(dirOf(p));
    if (baseOf(p) === "conftest.py") {
      if (!conftests.has(owner)) conftests.set(owner, p);
      continue;
    }
    const list = testFiles.get(owner) ?? [];
    if (list.length < 5) list.push(p);
    testFiles.set(owner, list);
  }

  const requirements = requirementFiles(index);
  const pipfiles = index.named("Pipfile").slice(0, MAX_MANIFESTS).map(dirOf);
  const dirs = [...new Set([...projectDirs, ...conftests.keys(), ...testFiles.keys(), ...requirements.keys(), ...pipfiles])];
  for (const dir of dirs) {
    const at = (name: string): string => joinPath(dir, name);
    const pyproject = index.has(at("pyproject.toml")) ? readPyproject(index, at("pyproject.toml")) : {};
    const files = testFiles.get(dir) ?? [];
    const texts = (): { path: string; text: string }[] => files.map((path) => ({ path, text: index.read(path) ?? "" }));

    const section = (file: string, re: RegExp): boolean => index.has(at(file)) && sectionIn(index, at(file), re);
    // Strongest evidence first: pytest's own config, then conftest.py, declared dependencies, imports.
    const pytestEvidence: (() => string | undefined)[] = [
      () => (index.has(at("pytest.ini")) ? at("pytest.ini") : undefined),
      () => pyproject.pytestConfig,
      () => (section("setup.cfg", /^\s*\[tool:pytest\]/m) ? `${at("setup.cfg")} [tool:pytest]` : undefined),
      () => (section("tox.ini", /^\s*\[pytest\]/m) ? `${at("tox.ini")} [pytest]` : undefined),
      () => conftests.get(dir),
      () => pyproject.pytestRequirement,
      () => {
        for (const req of requirements.get(dir) ?? []) {
          const line = (index.read(req) ?? "").split(/\r?\n/).find((l) => PYTEST_REQUIREMENT.test(l));
          if (line) return `${req} ${line.trim()}`;
        }
        return undefined;
      },
      () => (section("Pipfile", /^\s*"?pytest"?\s*=/m) ? `${at("Pipfile")} pytest` : undefined),
      () => (section("setup.py", /["']pytest\b/) ? `${at("setup.py")} requires pytest` : undefined),
      () => (section("tox.ini", /^\s*(?:deps|commands)\s*=[^\n]*\bpytest\b|^\s+pytest\b/m) ? `${at("tox.ini")} runs pytest` : undefined),
      () => texts().find((f) => IMPORTS_PYTEST.test(f.text))?.path.concat(" imports pytest"),
    ];
    let evidence: string | undefined;
    for (const candidate of pytestEvidence) if ((evidence = candidate())) break;
    if (!evidence) {
      // pytest also runs unittest tests, so unittest is reported only when nothing says pytest.
      const django = texts().find((f) => IMPORTS_DJANGO_TEST.test(f.text));
      const unittest = django ?? texts().find((f) => IMPORTS_UNITTEST.test(f.text));
      if (unittest) {
        found.add({
          name: "unittest",
          language: "Python",
          evidence: django ? `${django.path} imports django.test (unittest-based)` : `${unittest.path} imports unittest`,
          command: index.has(at("manage.py")) ? "python manage.py test" : "python -m unittest discover",
          directory: dir,
        });
        continue;
      }
      evidence = texts().find((f) => BARE_TEST_FUNCTION.test(f.text))?.path.concat(" has bare test functions (pytest style)");
    }
    if (evidence) found.add({ name: "pytest", language: "Python", evidence, command: `${runner(index, dir)}pytest`, directory: dir });
  }
}
