/**
 * A model's answer read as a candidate test file. The model only proposes; every path is
 * checked here before anything is written (FAULTS 17), and the content is never trusted
 * to be code until the filters have run it. Pure.
 */
import { unsafePathReason } from "../../cycle/proposal-policy.js";

/** Longest test file accepted from a model, in characters (a huge answer is no reviewable test). */
export const MAX_CANDIDATE_CHARS = 100_000;

/** The JSON schema of an answer: one complete file. */
export const CANDIDATE_SCHEMA: Record<string, unknown> = {
  type: "object",
  properties: {
    path: { type: "string", minLength: 1, maxLength: 300, description: "Repository-relative path of the test file, / separators." },
    content: { type: "string", minLength: 1, maxLength: MAX_CANDIDATE_CHARS, description: "The complete content of the file." },
  },
  required: ["path", "content"],
  additionalProperties: false,
};

/** A usable candidate, or why the answer cannot be one. */
export type CandidateFile = { ok: true; path: string; content: string } | { ok: false; reason: string };

/** Folders of installed or vendored code: a "test" written there is never the repo's. */
const FOREIGN_DIRS = new Set(["node_modules", "vendor", "bower_components", ".venv", "venv", "site-packages"]);

/**
 * Reads a parsed answer as `{ path, content }`. Refused: anything but that shape; paths that
 * are absolute, leave the repository, hold NUL or backslashes, name `.git`, workflows or
 * CODEOWNERS, or lie in installed or vendored folders; empty or binary content.
 * The content gets a final newline.
 */
export function readCandidate(parsed: unknown): CandidateFile {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { ok: false, reason: "the answer is not a { path, content } object" };
  const { path, content } = parsed as { path?: unknown; content?: unknown };
  if (typeof path !== "string" || typeof content !== "string") return { ok: false, reason: "the answer lacks a string path or content" };
  if (path.includes("\\")) return { ok: false, reason: `the path ${JSON.stringify(path.slice(0, 120))} uses backslashes` };
  const unsafe = unsafePathReason(path);
  if (unsafe) return { ok: false, reason: `unsafe path: ${unsafe}` };
  const clean = path.split("/").filter((s) => s !== "" && s !== ".").join("/");
  if (clean === "") return { ok: false, reason: "the path is empty" };
  const foreign = clean.split("/").find((s) => FOREIGN_DIRS.has(s));
  if (foreign) return { ok: false, reason: `the path ${JSON.stringify(clean)} lies in ${foreign}/, which is not the repository's own code` };
  if (content.trim() === "") return { ok: false, reason: "the file is empty" };
  if (content.includes("\0")) return { ok: false, reason: "the file holds NUL bytes (not text)" };
  if (content.length > MAX_CANDIDATE_CHARS) return { ok: false, reason: `the file is over ${MAX_CANDIDATE_CHARS} characters` };
  return { ok: true, path: clean, content: content.endsWith("\n") ? content : `${content}\n` };
}
