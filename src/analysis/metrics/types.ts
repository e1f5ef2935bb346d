/**
 * What a function is, syntactically. "arrow" is kept apart from "lambda" because JS/TS code
 * bases use both arrows and `function` expressions and reviewers ask which one is long.
 * - function: a named top-level or nested function (JS/TS, Python, Go, Rust, Ruby, C# local function)
 * - method: a function declared in a class-like body (class, struct, impl, trait, module, object literal)
 * - constructor: JS/TS `constructor`, Java/C# constructors, C# destructors
 * - accessor: a getter/setter (JS/TS `get`/`set`, C# property/indexer/event accessors and
 *   expression-bodied properties)
 * - arrow: a JS/TS arrow function
 * - lambda: any other anonymous function literal (JS/TS `function` expressions without a name
 *   are "function"; Python `lambda`, Java/C# lambdas and anonymous methods, Go `func` literals,
 *   Rust closures, Ruby `->`/`lambda`/`proc` blocks)
 */
export type FunctionKind = "function" | "method" | "constructor" | "accessor" | "arrow" | "lambda";

/** Length and cyclomatic complexity of one function. Lines are 1-based and inclusive. */
export interface FunctionMetric {
  /** Qualified with `.` through enclosing named classes/modules and functions, e.g. `Stack.push`, `outer.inner`. */
  name: string;
  kind: FunctionKind;
  /** Line of the declaration itself, after any decorators, annotations or attributes. */
  startLine: number;
  endLine: number;
  /** `endLine - startLine + 1`. */
  lines: number;
  /** McCabe cyclomatic complexity (see `functionMetrics` for the exact rules). At least 1. */
  complexity: number;
}

/** A file's functions summarised. */
export interface FileComplexity {
  functions: number;
  /** Sum of the functions' complexities (0 when the file has no function). */
  total: number;
  /** The most complex function's complexity (0 when the file has no function). */
  max: number;
}

/** How much a file changed in the churn window. */
export interface FileChurn {
  /** Commits that touched the file (binary changes included). */
  commits: number;
  /** Lines added over those commits (binary changes add nothing). */
  added: number;
  /** Lines deleted over those commits (binary changes add nothing). */
  deleted: number;
}

/** A file ranked by churn × complexity. */
export interface Hotspot {
  path: string;
  /** Commits in the churn window. */
  churn: number;
  /** The file's total complexity (sum over its functions). */
  complexity: number;
  /** Code lines of the file, for display; not part of the score. */
  code: number;
  /** `churn × complexity`, not normalised. */
  score: number;
  /** 1-based position in the ranking. */
  rank: number;
}
