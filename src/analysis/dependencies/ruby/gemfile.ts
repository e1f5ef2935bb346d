/**
 * Gemfile (or gems.rb), read line by line rather than run: `gem "name", "req", …, key: value`.
 * A gem inside `group … do` blocks or with `group:`/`groups:` options is dev unless one of
 * its groups is default or production. Gems from git/github/path (option or enclosing block)
 * are not RubyGems releases: skipped with a note. A single `= 1.2.3` or `1.2.3`
 * requirement is an exact pin.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { problem, stripBom } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

const NOT_DEV = new Set(["default", "production", "staging"]);

interface Block {
  groups: string[];
  source?: string;
}

/** Reads gem declarations of a Gemfile. */
export function parseGemfile(path: string, text: string): ParseOutcome {
  const problems: ManifestProblem[] = [];
  const dependencies: Declared[] = [];
  const stack: Block[] = [];
  const lines = stripBom(text).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripRubyComment(lines[i]!).trim();
    if (line === "") continue;
    if (/^end\b/.test(line)) {
      stack.pop();
      continue;
    }
    // `if`/`unless`/`case`… close with `end` too, and must not pop an enclosing group.
    const opensBlock = /\bdo(\s*\|[^|]*\|)?\s*$/.test(line) || /^(if|unless|case|begin|while|until|def|class|module)\b/.test(line);
    const group = /^group\s*\(?\s*(.*?)\)?\s+do\b/.exec(line);
    if (group) {
      stack.push({ groups: symbols(group[1]!) });
      continue;
    }
    const sourceBlock = /^(git|github|path)\s*\(?\s*["']([^"']+)["']/.exec(line);
    if (sourceBlock && opensBlock) {
      stack.push({ groups: [], source: `${sourceBlock[1]} ${sourceBlock[2]}` });
      continue;
    }
    if (/^gemspec\b/.test(line)) {
      problems.push(problem(path, `line ${i + 1}: gemspec dependencies are not read`));
      continue;
    }
    const gem = /^gem\s*\(?\s*(["'])([^"']+)\1(.*)$/.exec(line);
    if (!gem) {
      if (opensBlock) stack.push({ groups: [] });
      continue;
    }
    const name = gem[2]!;
    const { requirements, options } = gemArguments(gem[3]!);
    const enclosingSource = stack.find((b) => b.source !== undefined)?.source;
    const optionSource = ["git", "github", "path"].find((k) => options.has(k));
    if (optionSource || enclosingSource) {
      problems.push(problem(path, `line ${i + 1}: skipped ${name}: from ${optionSource ?? enclosingSource!.split(" ")[0]}, not RubyGems`));
      if (opensBlock) stack.push({ groups: [] });
      continue;
    }
    const groups = [...stack.flatMap((b) => b.groups), ...symbols(options.get("group") ?? options.get("groups") ?? "")];
    const dev = groups.length > 0 && !groups.some((g) => NOT_DEV.has(g));
    const entry: Declared = { name, version: null, ecosystem: "RubyGems", direct: true, dev, manifest: path };
    if (requirements.length > 0) {
      entry.range = requirements.join(", ");
      const exact = requirements.length === 1 ? /^=?\s*(\d[\w.]*)$/.exec(requirements[0]!) : null;
      if (exact) entry.version = exact[1]!;
    }
    dependencies.push(entry);
    if (opensBlock) stack.push({ groups: [] });
  }
  return { file: { kind: "manifest", path, ecosystem: "RubyGems", dependencies }, problems };
}

/** `, "~> 1.0", ">= 1.0.1", require: false, group: [:dev, :test]` → requirements and options. */
function gemArguments(rest: string): { requirements: string[]; options: Map<string, string> } {
  const requirements: string[] = [];
  const options = new Map<string, string>();
  const optionAt = /(?:^|,)\s*(?::(\w+)\s*=>|(\w+):(?!:))/g;
  const first = optionAt.exec(rest);
  const head = first ? rest.slice(0, first.index) : rest;
  for (const m of head.matchAll(/(["'])([^"']*)\1/g)) requirements.push(m[2]!.trim());
  if (first) {
    const tail = rest.slice(first.index);
    const parts = [...tail.matchAll(/(?:^|,)\s*(?::(\w+)\s*=>|(\w+):(?!:))\s*((?:\[[^\]]*\]|%[iw][[(][^\])]*[\])]|[^,])*)/g)];
    for (const p of parts) options.set((p[1] ?? p[2])!, p[3]!.trim());
  }
  return { requirements, options };
}

/** `:development, :test`, `[:test]`, `%i[development test]`, `"test"` → names. */
function symbols(text: string): string[] {
  const words = text.replace(/%[iw][[(]|[\])]/g, " ").match(/:?["']?[A-Za-z_]\w*["']?/g) ?? [];
  return words.map((w) => w.replace(/^:|["']/g, "")).filter((w) => w !== "" && w !== "do");
}

function stripRubyComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}
