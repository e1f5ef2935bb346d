import { FindingCollector } from "./finding-collector.js";
import { scanPython } from "./python/scan-python.js";
import type { CodeFinding } from "./types.js";

const JAVASCRIPT_LIKE = new Set(["JavaScript", "TypeScript", "TSX"]);

/** Linguist language names that have code-pattern rules. */
export const sastLanguages: string[] = ["JavaScript", "TypeScript", "TSX", "Python"];

/**
 * Runs the code-pattern rules for a file on its syntax tree (never on raw text: the same words
 * in a string or a comment do not match). `language` is the Linguist name; other languages
 * give no findings. Never throws: a file that does not parse cleanly is scanned as far as the
 * parser recovers, and an internal failure returns what was found before it.
 */
export async function scanCode(language: string, path: string, text: string): Promise<CodeFinding[]> {
  const out = new FindingCollector(path, text);
  try {
    if (JAVASCRIPT_LIKE.has(language)) {
      // The TypeScript compiler loads on first use (half a second), not with the CLI.
      const { scanJavaScript, scriptKindFor } = await import("./javascript/scan-javascript.js");
      scanJavaScript(path, text, scriptKindFor(language, path), out);
    }
    else if (language === "Python") await scanPython(text, out);
  } catch {
    // Parser or rule failure on odd input: keep what was found.
  }
  return out.findings();
}
