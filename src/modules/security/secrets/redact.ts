import { findCandidates } from "./scan.js";

/**
 * Replaces every secret in `text` with `[REDACTED:<ruleId>]` (the model layer calls this before
 * anything leaves the machine). Unknown file type, so bare `KEY=value` lines count as literals.
 */
export function redactSecrets(text: string): { text: string; count: number } {
  if (typeof text !== "string") return { text: "", count: 0 };
  try {
    const candidates = findCandidates("", text);
    let out = "";
    let at = 0;
    for (const c of candidates) {
      out += text.slice(at, c.start) + `[REDACTED:${c.rule.id}]`;
      at = c.end;
    }
    return { text: out + text.slice(at), count: candidates.length };
  } catch {
    // Fail closed: if redaction cannot be trusted, nothing of the text is passed on.
    return { text: "[REDACTED:secret/unscannable]", count: 1 };
  }
}
