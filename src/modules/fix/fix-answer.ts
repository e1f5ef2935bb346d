/**
 * The answer the model gives for an issue, and the checks that need no sandbox: which paths it
 * may write, and that a test edit only adds. Pure.
 */
import { isTestFile } from "../../analysis/testing/index.js";
import { unsafePathReason } from "../../cycle/proposal-policy.js";

/** A file as the model wants it: its full new content. */
export interface FileChange {
  /** Repository-relative, `/` separators. */
  path: string;
  content: string;
}

/** What the model is asked for (see {@link FIX_ANSWER_SCHEMA}). */
export interface FixAnswer {
  explanation: string;
  /** The issue describes wrong behaviour: then a test that reproduces it is required. */
  bug: boolean;
  /** Source files, full new contents. */
  changes: FileChange[];
  /** The test that fails before the change and passes after (required for a bug). */
  test?: FileChange;
}

/** Bounds on an answer: a fix is small, and a huge answer is a fault, not a fix (FAULTS 25). */
export const FIX_ANSWER_LIMITS = {
  explanationChars: 4000,
  files: 5,
  pathChars: 300,
  fileChars: 100_000,
} as const;

const fileSchema = {
  type: "object",
  properties: {
    path: { type: "string", minLength: 1, maxLength: FIX_ANSWER_LIMITS.pathChars },
    content: { type: "string", maxLength: FIX_ANSWER_LIMITS.fileChars },
  },
  required: ["path", "content"],
  additionalProperties: false,
} as const;

/** The JSON schema of {@link FixAnswer}, handed to the router (constrained decoding, then checked). */
export const FIX_ANSWER_SCHEMA: Record<string, unknown> = {
  type: "object",
  properties: {
    explanation: { type: "string", minLength: 1, maxLength: FIX_ANSWER_LIMITS.explanationChars },
    bug: { type: "boolean" },
    changes: { type: "array", minItems: 1, maxItems: FIX_ANSWER_LIMITS.files, items: fileSchema },
    test: fileSchema,
  },
  required: ["explanation", "bug", "changes"],
  additionalProperties: false,
};

/**
 * Extensions of source code a fix may change. Shell scripts are left out on purpose: install
 * and CI scripts are what a hostile issue would aim at (FAULTS 23), and they are not "the code".
 */
const SOURCE_EXTENSIONS = new Set([
  "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "svelte",
  "py", "rb", "go", "rs", "java", "kt", "scala", "groovy", "clj", "cljs",
  "cs", "fs", "php", "swift", "m", "mm", "c", "cc", "cpp", "cxx", "h", "hpp",
  "ex", "exs", "erl", "dart", "lua", "pl", "pm", "r", "jl", "hs", "ml",
]);

/**
 * Code files that decide how the tests run or what gets installed: changing one could make a
 * suite pass by not testing (a test runner config), or run code at install time.
 */
const BUILD_FILES = [
  /(^|\/)[^/]+\.config\.[cm]?[jt]s$/i, // jest.config.js, vite.config.ts, eslint.config.mjs…
  /(^|\/)(setup|noxfile|fabfile|tasks|manage)\.py$/i,
  /(^|\/)build\.rs$/i,
  /(^|\/)(build|settings)\.gradle(\.kts)?$/i,
  /(^|\/)(gruntfile|gulpfile|jakefile|rakefile)(\.[a-z]+)?$/i,
  /(^|\/)conftest\.py$/i,
];

const extensionOf = (p: string): string => {
  const name = p.slice(p.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
};

/** Why a path is not a source file the fix may write, or null when it is. */
function codePathReason(path: string): string | null {
  const unsafe = unsafePathReason(path);
  if (unsafe) return unsafe;
  if (path.includes("\\")) return `backslash in path ${JSON.stringify(path)}`;
  if (normalizePath(path).split("/").some((part) => part.startsWith("."))) return `hidden file or folder: ${path}`;
  if (!SOURCE_EXTENSIONS.has(extensionOf(path))) return `not a source file: ${path}`;
  if (BUILD_FILES.some((re) => re.test(path))) return `a build or test-runner file: ${path}`;
  return null;
}

/** A path as written to disk: `./a//b` → `a/b` (the checks have ruled out `..` and absolute paths). */
export function normalizePath(path: string): string {
  return path.split("/").filter((p) => p !== "" && p !== ".").join("/");
}

/**
 * Why the answer's paths cannot be written, or null: every change must be a source file that is
 * not a test (existing tests are what judges the fix; they are not the fix's to edit), the test
 * must be a test file, and no path may appear twice.
 */
export function answerPathProblem(answer: FixAnswer): string | null {
  const seen = new Set<string>();
  for (const change of answer.changes) {
    const why = codePathReason(change.path);
    if (why) return `change rejected: ${why}`;
    if (isTestFile(change.path)) return `change rejected: ${change.path} is a test file (only the one new test may touch tests)`;
    const p = normalizePath(change.path);
    if (seen.has(p)) return `change rejected: ${p} appears twice`;
    seen.add(p);
  }
  if (answer.test) {
    const why = codePathReason(answer.test.path);
    if (why) return `test rejected: ${why}`;
    if (!isTestFile(answer.test.path)) return `test rejected: ${answer.test.path} is not where the repository's tests live`;
    if (seen.has(normalizePath(answer.test.path))) return `test rejected: ${answer.test.path} is also one of the changes`;
  }
  return null;
}

/**
 * Whether `after` only adds lines to `before`: every old line is still there, in order. A test
 * file the fix extends must keep every existing assertion.
 */
export function onlyAdds(before: string, after: string): boolean {
  const oldLines = before.split("\n");
  const newLines = after.split("\n");
  let i = 0;
  for (const line of newLines) {
    if (i < oldLines.length && line === oldLines[i]) i++;
  }
  // A missing final newline is not a removed line.
  return i === oldLines.length || (i === oldLines.length - 1 && oldLines[i] === "");
}

/** Words of a bug report: what breaks, and the "expected X, got Y" shape of one. */
const BUG_WORDS =
  /\b(bugs?|crash(?:es|ed|ing)?|broken|breaks|regression|incorrect(?:ly)?|wrong(?:ly)?|fails?|failing|failed|exceptions?|errors?|throws?|panics?|doesn'?t work|does not work|expected|unexpected(?:ly)?|instead of|should (?:be|return|give))\b/i;

/**
 * Whether the issue reads like a bug report. With the model's own `bug` flag this decides whether
 * a reproducing test is required: a model cannot skip the test by calling a bug a feature.
 */
export function issueLooksLikeBug(issue: { title: string; body: string }): boolean {
  return BUG_WORDS.test(issue.title) || BUG_WORDS.test(issue.body);
}
