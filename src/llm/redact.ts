/**
 * Redaction before anything leaves the machine (DESIGN §4, FAULTS 24): files matching the
 * config's `never-send` globs are withheld, and every secret the security module's detectors
 * recognise is replaced by a marker such as `[REDACTED:secret/github-token]`. Pure.
 */
import path from "node:path";
import picomatch from "picomatch";
import { redactSecrets, scanTextForSecrets } from "../modules/security/secrets/index.js";
import type { ChatMessage } from "./types.js";

/** A prompt as the router holds it before a cloud call: the messages and the repo files quoted in them. */
export interface PromptParts {
  messages: ChatMessage[];
  context?: { path: string; content: string }[];
}

/** The prompt after redaction, with what was done to it (for the decision log; never the secrets). */
export interface RedactionResult extends PromptParts {
  secretsRedacted: number;
  /** Context paths left out because they match a `never-send` glob. */
  filesWithheld: string[];
}

/** A repo path in the form the globs are written for: forward slashes, no leading `./` or `/`. */
export function normaliseRepoPath(file: string): string {
  const forward = file.replace(/\\/g, "/");
  return path.posix.normalize(forward).replace(/^(\.\/)+/, "").replace(/^\/+/, "");
}

/**
 * A matcher for `never-send` globs (picomatch, `dot: true` so `**` also reaches dot folders).
 * Matching is case-insensitive: on macOS and Windows `.ENV` is the same file as `.env`.
 */
export function neverSendMatcher(globs: readonly string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch([...globs], { dot: true, nocase: true });
  return (file) => {
    const rel = normaliseRepoPath(file);
    // Also test the bare file name, so a glob like ".env" catches nested files the way
    // a user writing it expects (gitignore-style).
    return match(rel) || match(path.posix.basename(rel));
  };
}

/**
 * Redacts a file's text with the generic detector pass, then once more reading the text as
 * the kind of file it is (a `.netrc`'s `password p` pairs are only recognised by name).
 */
function redactFile(file: string, text: string): { text: string; count: number } {
  const first = redactSecrets(text);
  const leftover = scanTextForSecrets(file, first.text);
  if (leftover.length === 0) return first;
  const lineStarts = [0];
  for (let i = first.text.indexOf("\n"); i !== -1; i = first.text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const spans = leftover
    .map((f) => ({ id: f.ruleId, start: (lineStarts[f.line - 1] ?? 0) + f.column - 1, end: (lineStarts[f.endLine - 1] ?? 0) + f.endColumn - 1 }))
    .sort((a, b) => b.start - a.start);
  let out = first.text;
  let last = Infinity;
  for (const s of spans) {
    if (s.end > last) continue; // overlaps a span already replaced
    out = `${out.slice(0, s.start)}[REDACTED:${s.id}]${out.slice(s.end)}`;
    last = s.start;
  }
  return { text: out, count: first.count + leftover.length };
}

/**
 * Before any cloud call: context files matching `never-send` globs (picomatch, dot:true) are
 * dropped, and every secret in the messages and the remaining context (paths included) is
 * replaced by a marker such as "[REDACTED:secret/github-token]". Pure: the input is not changed.
 */
export function redactForCloud(parts: PromptParts, options: { neverSend: readonly string[] }): RedactionResult {
  const withheld = neverSendMatcher(options.neverSend);
  let secretsRedacted = 0;
  const clean = (text: string, file?: string): string => {
    const result = file === undefined ? redactSecrets(text) : redactFile(file, text);
    secretsRedacted += result.count;
    return result.text;
  };

  const messages = parts.messages.map((m) => ({ ...m, content: clean(m.content) }));
  const filesWithheld: string[] = [];
  let context: PromptParts["context"];
  if (parts.context !== undefined) {
    context = [];
    for (const file of parts.context) {
      if (withheld(file.path)) {
        filesWithheld.push(file.path);
        continue;
      }
      context.push({ path: clean(file.path), content: clean(file.content, file.path) });
    }
  }
  return { messages, ...(context !== undefined ? { context } : {}), secretsRedacted, filesWithheld };
}
