/**
 * pip requirements files. Requirements are PEP 508 lines; `==` alone is a pin (the version),
 * anything else a range. Per-line options (`--hash=…`) and markers are dropped. Includes
 * (`-r`, `-c`) are recorded as notes, not followed: the included file is read on its own.
 * Editables, URLs, VCS and local paths are not index packages and are skipped with a note.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { baseName, redactUrl } from "../names.js";
import { problem, stripBom } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";
import { parseRequirement } from "./pep508.js";

/** Global options that change where pip looks, not what it installs. */
const IGNORED_OPTIONS = new RegExp(
  "^(-i|-f|--index-url|--extra-index-url|--no-index|--find-links|--trusted-host|--pre|--prefer-binary|" +
    "--no-binary|--only-binary|--require-hashes|--use-feature|--config-settings|--global-option|--no-deps)\\b",
);

/**
 * requirements-dev.txt, test-requirements.txt, requirements/lint.txt, docs/requirements.txt
 * and the like are dev: judged by the file name and its folder's name only.
 */
export function isDevRequirementsFile(path: string): boolean {
  const lastTwo = path.toLowerCase().replace(/\.txt$/, "").split("/").slice(-2).join("/");
  const words = lastTwo.split(/[-_./]+/);
  return words.some((w) => ["dev", "develop", "development", "test", "tests", "testing", "lint", "docs", "doc", "ci", "typing"].includes(w));
}

/** Reads a pip requirements file line by line. */
export function parseRequirementsTxt(path: string, text: string): ParseOutcome {
  const dev = isDevRequirementsFile(path);
  const dependencies: Declared[] = [];
  const problems: ManifestProblem[] = [];
  const note = (line: number, message: string) => problems.push(problem(path, `line ${line}: ${message}`));
  const lines = stripBom(text).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!;
    while (line.endsWith("\\") && i + 1 < lines.length) line = line.slice(0, -1) + " " + lines[++i]!;
    // pip: a comment starts at `#` at the start of the line or after whitespace (`#egg=` is not one).
    line = line.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;

    const include = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)/.exec(line);
    if (include) {
      const what = include[1] === "-c" || include[1] === "--constraint" ? "constraints" : "requirements";
      note(lineNo, `includes ${what} file ${include[2]} (read on its own if present)`);
      continue;
    }
    const editable = /^(-e|--editable)(?:\s*=\s*|\s+)(\S+)/.exec(line);
    if (editable) {
      note(lineNo, `skipped editable requirement ${redactUrl(editable[2]!)}`);
      continue;
    }
    if (line.startsWith("-")) {
      if (!IGNORED_OPTIONS.test(line)) note(lineNo, `ignored option ${line.split(/[\s=]/, 1)[0]}`);
      continue;
    }
    // Per-requirement options (`--hash=sha256:…`) follow the requirement.
    // One whitespace character, not `\s+`: the regex must stay linear on a line of spaces.
    const optionAt = line.search(/\s--?[a-z]/);
    const requirement = (optionAt === -1 ? line : line.slice(0, optionAt)).trim();
    if (/^(git|hg|svn|bzr)\+/.test(requirement) || /^[a-z][a-z0-9+.-]*:\/\//i.test(requirement)) {
      note(lineNo, `skipped URL/VCS requirement ${redactUrl(requirement)}`);
      continue;
    }
    const parsed = /^[./~]/.test(requirement) ? ({ kind: "invalid" } as const) : parseRequirement(requirement);
    if (parsed.kind === "url") {
      note(lineNo, `skipped ${parsed.name}: installed from URL ${redactUrl(parsed.url)}`);
      continue;
    }
    if (parsed.kind === "invalid") {
      if (/^[./~]/.test(requirement) || /\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(requirement)) {
        note(lineNo, `skipped local path requirement ${requirement}`);
      } else note(lineNo, `cannot read requirement "${requirement.slice(0, 80)}"`);
      continue;
    }
    const entry: Declared = { name: parsed.name, version: parsed.version, ecosystem: "PyPI", direct: true, dev, manifest: path };
    if (parsed.specifier !== "") entry.range = parsed.specifier;
    dependencies.push(entry);
  }
  return { file: { kind: "manifest", path, ecosystem: "PyPI", dependencies }, problems };
}

/** requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/base.txt. */
export function isRequirementsPath(path: string): boolean {
  const base = baseName(path).toLowerCase();
  if (!base.endsWith(".txt")) return false;
  return base.includes("requirements") || /(^|\/)requirements\/[^/]+$/i.test(path);
}
