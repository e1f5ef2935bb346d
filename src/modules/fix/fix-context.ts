/**
 * What the model reads for an issue: the files the issue's words point at (the same ranking as
 * `lodestar ask`), and the existing tests beside them as examples of the repo's test style.
 */
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { isTestFile } from "../../analysis/testing/index.js";
import { isBinary } from "../../analysis/classify.js";
import { pickContext } from "../../analysis/relevant-files.js";
import type { ContextFile } from "../../llm/index.js";

/** How many test files are added as style examples, and how much of each. */
export const TEST_EXAMPLES = { files: 2, fileChars: 8000, fileBytes: 256 * 1024 } as const;

const stemOf = (p: string): string => {
  const name = p.slice(p.lastIndexOf("/") + 1);
  // slug.test.js → slug; test_slug.py → slug; SlugTest.java → slug; slug_test.go → slug
  return name
    .replace(/\.[^.]+$/, "")
    .replace(/[._-](test|tests|spec|specs)$/i, "")
    .replace(/^test[_-]/i, "")
    .replace(/(Test|Tests|Spec)$/, "")
    .toLowerCase();
};

/**
 * Test files for the chosen sources, best first: a test named after a source file, then tests in
 * the same folder tree, then any test (some style example beats none).
 */
export function nearbyTests(sources: readonly string[], testFiles: readonly string[]): string[] {
  const stems = new Set(sources.map(stemOf));
  const dirs = sources.map((s) => path.posix.dirname(s).split("/")[0] ?? "");
  const score = (t: string): number => {
    if (stems.has(stemOf(t))) return 3;
    const top = path.posix.dirname(t).split("/")[0] ?? "";
    return dirs.includes(top) ? 2 : 1;
  };
  return [...testFiles]
    .map((t) => ({ t, s: score(t), depth: t.split("/").length }))
    .sort((a, b) => b.s - a.s || a.depth - b.depth || a.t.localeCompare(b.t))
    .map((x) => x.t);
}

/** A repository file's text, or undefined (symlink, binary, too big, unreadable). */
async function readText(root: string, rel: string): Promise<string | undefined> {
  const full = path.join(root, rel);
  try {
    const stats = await lstat(full);
    if (!stats.isFile() || stats.size > TEST_EXAMPLES.fileBytes) return undefined;
    const bytes = await readFile(full);
    return isBinary(bytes) ? undefined : bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * The context of a fix: files relevant to the issue text, then up to two existing tests near them
 * (skipped when the ranking already chose them). `testFiles` are the analysis's test paths.
 */
export async function fixContext(root: string, issue: { title: string; body: string }, testFiles: readonly string[]): Promise<ContextFile[]> {
  const relevant = await pickContext(root, `${issue.title}\n${issue.body}`);
  const chosen = new Set(relevant.map((f) => f.path));
  const sources = relevant.map((f) => f.path).filter((p) => !isTestFile(p));
  const examples: ContextFile[] = [];
  const hasTest = relevant.some((f) => isTestFile(f.path));
  for (const test of nearbyTests(sources, testFiles)) {
    if (examples.length + (hasTest ? 1 : 0) >= TEST_EXAMPLES.files) break;
    if (chosen.has(test)) continue;
    const content = await readText(root, test);
    if (content === undefined) continue;
    examples.push({ path: test, content: content.length > TEST_EXAMPLES.fileChars ? `${content.slice(0, TEST_EXAMPLES.fileChars)}\n… (cut)\n` : content });
  }
  return [...relevant, ...examples];
}
