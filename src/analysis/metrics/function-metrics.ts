import { treeSitterParser } from "../syntax/tree-sitter.js";
import { csharpRules } from "./languages/csharp.js";
import { goRules } from "./languages/go.js";
import { javaRules } from "./languages/java.js";
import { pythonRules } from "./languages/python.js";
import { rubyRules } from "./languages/ruby.js";
import { rustRules } from "./languages/rust.js";
import { treeSitterFunctionMetrics } from "./tree-sitter-metrics.js";
import type { TreeSitterRules } from "./tree-sitter-rules.js";
import type { FunctionMetric } from "./types.js";

/**
 * Languages parsed by the TypeScript compiler. The compiler itself is imported only when one
 * of them is measured: loading it costs about half a second, which a run that measures no
 * function (a plain folder, `--metrics none`) should not pay.
 */
const TYPESCRIPT_LANGUAGES: readonly string[] = ["TypeScript", "TSX", "JavaScript", "JSX"];

const TREE_SITTER_RULES: Readonly<Record<string, TreeSitterRules>> = {
  Python: pythonRules,
  Go: goRules,
  Java: javaRules,
  Ruby: rubyRules,
  Rust: rustRules,
  "C#": csharpRules,
};

export interface FunctionMetricsOptions {
  /**
   * Give up on a tree-sitter parse after this long (default 5 s) and return `[]`. Error
   * recovery on text that is not really source (a binary read as text) can take seconds per
   * 10 KB; real files parse in milliseconds. The TypeScript parser has no such hook and is
   * linear on any input.
   */
  timeoutMs?: number;
}

/** Linguist names `functionMetrics` understands. */
export const METRICS_LANGUAGES: readonly string[] = [...TYPESCRIPT_LANGUAGES, ...Object.keys(TREE_SITTER_RULES)];

/**
 * Every function of a source file with its length and cyclomatic complexity, in source order,
 * or null when the language (a Linguist name) is not supported. TypeScript, TSX, JavaScript
 * (and "JSX") go through the TypeScript parser; Python, Go, Java, Ruby, Rust and C# through
 * tree-sitter. Both parsers recover from syntax errors, so broken files still give the
 * functions they could read; a file no parser can handle at all (nesting deep enough to
 * overflow the TypeScript parser's recursion, a tree-sitter parse over `options.timeoutMs`)
 * gives `[]`. Never throws.
 *
 * **Functions.** Declarations with a body (bodiless overloads, abstract and interface
 * methods have no code), methods, constructors, accessors, and anonymous function literals
 * (arrows, lambdas, closures, Go `func` literals, Ruby `->`/`lambda`/`proc` blocks and
 * `define_method` blocks). A plain Ruby block (`each do … end`) is part of its method, as
 * in RuboCop (which also adds one per block passed to a known iterating method; not here).
 * Code outside any function is not counted. A nested function is its own
 * entry and adds nothing to the function around it.
 *
 * **Names** are qualified with `.` through the enclosing named classes, modules, impls,
 * traits and functions: `Stack.push`, `outer.inner`, Go `Server.Handle` (receiver type),
 * Rust `Point.fmt` (the implementing type), C# `Account.Balance.get`, JS `A.x.get`. A
 * literal takes the name it is assigned to (`const f = () => …` → `f`, `{ f: … }` → `f`,
 * `a.b = function…` → `a.b`); otherwise it is `<anonymous>`. Object literals and anonymous
 * classes qualify names only when assigned to a name. C# namespaces and Java packages are not
 * part of names.
 *
 * **Complexity** is 1 plus one for each decision point, the same rules in every language:
 * - `if` and each `else if`/`elif`/`elsif`, `unless`, modifier `if`/`unless`, Rust `if let`
 *   and `let … else`; the conditional expression (`?:`, Python `a if c else b`);
 * - each loop: `for`, `for-in`/`for-of`/`foreach`/range `for`, `while`, `do … while`, `until`,
 *   Rust `loop`, Go's bare `for {}`, and each `for` of a Python comprehension;
 * - each `case` label of a switch (`case 1, 2:` is one label; `case 1: case 2:` two), Go type
 *   switch and `select` cases, Ruby `when` and `in`, each arm of a Rust `match`, a C# switch
 *   expression or a Python `match`, except catch-all arms: `default`, `else`, and a bare `_`
 *   pattern. This is the switch rule applied to arms: a Rust `match` ending in `_ =>` adds
 *   arms − 1 (rust-code-analysis counts every arm, one more); an exhaustive `match` without
 *   `_` adds one per arm, as a `switch` without `default` does;
 * - each guard: a Rust match-arm `if`, C#/Java `when`, a Python case `if`, a Ruby `in … if`,
 *   a C# `catch … when`, and each `if` of a Python comprehension;
 * - each exception handler: `catch`, `except`, `rescue` (also the `rescue` modifier);
 * - each short-circuit operator: `&&`, `||`, `??`, Python and Ruby `and`/`or`, and the
 *   logical assignments `&&=`, `||=`, `??=`.
 *
 * Not counted: `else`, `finally`/`ensure`, `default`, `break`/`continue`/`return`/`goto`,
 * optional chaining (`?.`), Rust's `?` operator, default parameter values, pattern
 * combinators (C# `is 1 or 2`), and code inside Rust macro invocations (token trees that no
 * parser expands). ESLint 9's `complexity` also counts `?.` and default values, so it reads
 * higher on code that uses them; radon also counts `for … else` and `try … else`;
 * rust-code-analysis also counts `?` and the `_` arm.
 */
export async function functionMetrics(language: string, text: string, options: FunctionMetricsOptions = {}): Promise<FunctionMetric[] | null> {
  if (TYPESCRIPT_LANGUAGES.includes(language)) {
    try {
      const { typescriptFunctionMetrics } = await import("./typescript-metrics.js");
      return typescriptFunctionMetrics(language, text);
    } catch {
      return [];
    }
  }
  const rules = TREE_SITTER_RULES[language];
  if (!rules) return null;
  let parser;
  try {
    parser = await treeSitterParser(language);
  } catch {
    return [];
  }
  if (!parser) return [];
  const deadline = performance.now() + (options.timeoutMs ?? 5000);
  let tree;
  try {
    // The parser is shared: a parse someone else cancelled would otherwise be resumed here.
    parser.reset();
    tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
  } catch {
    tree = null;
  }
  if (!tree) {
    // A cancelled parse resumes on the next call unless the parser is reset.
    parser.reset();
    return [];
  }
  try {
    return treeSitterFunctionMetrics(tree, rules);
  } catch {
    return [];
  } finally {
    tree.delete();
  }
}
