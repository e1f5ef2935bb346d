/**
 * go.mod: `require` lines (one-line or in a block) give module and exact version; a
 * `// indirect` comment marks a module only needed by others (transitive). `replace`
 * swaps a module for another module version, or for a local folder, in which case the code
 * is in the repository and the module is not reported. Versions lose their `v` as OSV's Go
 * ecosystem expects. go.mod is its own lock (minimal version selection), so no merge.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { problem, stripBom } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

interface Requirement {
  module: string;
  version: string;
  indirect: boolean;
}

interface Replacement {
  module: string;
  version?: string;
  to: string;
  toVersion?: string;
}

const DIRECTIVES = new Set(["module", "go", "toolchain", "godebug", "require", "replace", "exclude", "retract", "tool", "ignore"]);

/** Reads go.mod: required modules, direct unless `// indirect`, after `replace`. */
export function parseGoMod(path: string, text: string): ParseOutcome {
  const problems: ManifestProblem[] = [];
  const requires: Requirement[] = [];
  const replaces: Replacement[] = [];
  let block: string | null = null;
  let unreadable = 0;
  let firstUnreadable = 0;
  const lines = stripBom(text).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const commentAt = raw.indexOf("//");
    const comment = commentAt === -1 ? "" : raw.slice(commentAt + 2).trim();
    const code = (commentAt === -1 ? raw : raw.slice(0, commentAt)).trim();
    if (code === "") continue;
    let directive: string;
    let args: string;
    if (block !== null) {
      if (code === ")") {
        block = null;
        continue;
      }
      directive = block;
      args = code;
    } else {
      const m = /^([a-z]+)\s*(.*)$/.exec(code);
      if (!m || !DIRECTIVES.has(m[1]!)) {
        if (unreadable++ === 0) firstUnreadable = i + 1;
        continue;
      }
      directive = m[1]!;
      args = m[2]!.trim();
      if (args === "(") {
        block = directive;
        continue;
      }
    }
    const words = args.split(/\s+/).map(unquote);
    if (directive === "require") {
      if (words.length >= 2) requires.push({ module: words[0]!, version: words[1]!, indirect: /(^|;)\s*indirect\b/.test(comment) });
      else if (unreadable++ === 0) firstUnreadable = i + 1;
    } else if (directive === "replace") {
      const arrow = words.indexOf("=>");
      if (arrow === 1 || arrow === 2) {
        const r: Replacement = { module: words[0]!, to: words[arrow + 1] ?? "" };
        if (arrow === 2) r.version = words[1]!;
        if (words[arrow + 2] !== undefined) r.toVersion = words[arrow + 2]!;
        replaces.push(r);
      } else if (unreadable++ === 0) firstUnreadable = i + 1;
    }
  }
  if (block !== null) problems.push(problem(path, `"${block} (" block is not closed`));
  if (unreadable > 0) problems.push(problem(path, `${unreadable} unreadable line(s), first at line ${firstUnreadable}`));

  const dependencies: Declared[] = [];
  for (const req of requires) {
    // A versioned replace applies to that version only; an unversioned one to every version.
    const rep = replaces.find((r) => r.module === req.module && (r.version === undefined || r.version === req.version));
    let module = req.module;
    let version = req.version;
    if (rep) {
      if (rep.toVersion === undefined) {
        problems.push(problem(path, `${req.module} is replaced by the local folder ${rep.to}: not reported`));
        continue;
      }
      module = rep.to;
      version = rep.toVersion;
    }
    dependencies.push({
      name: module,
      version: version.replace(/^v/, ""),
      ecosystem: "Go",
      direct: !req.indirect,
      dev: false,
      manifest: path,
    });
  }
  return { file: { kind: "manifest", path, ecosystem: "Go", dependencies }, problems };
}

function unquote(word: string): string {
  return word.length >= 2 && (word.startsWith('"') || word.startsWith("`")) ? word.slice(1, -1) : word;
}
