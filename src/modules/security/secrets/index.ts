/**
 * Secrets scanner: provider formats (cloud, VCS, chat, payment, AI, registries…), private keys,
 * JWTs, credentials in URLs and connection strings, and entropy-checked values of secret-named
 * assignments, with a placeholder allowlist. In-repo suppression comments are not honoured
 * (FAULTS 20). Findings carry a mask and a fingerprint, never the secret.
 */
import { registeredRules } from "./detectors/index.js";
import { findCandidates, toFindings } from "./scan.js";
import type { SecretFinding, SecretRule } from "./types.js";

export type { SecretConfidence, SecretFinding, SecretRule } from "./types.js";
export { maskSecret } from "./mask.js";
export { redactSecrets } from "./redact.js";

/**
 * Scans one file's text for secrets. `path` is reported back and decides how values are read
 * (code needs quoted literals; lockfiles get provider formats only). Never throws: binary,
 * huge or malformed input yields the findings that could be made, or none.
 */
export function scanTextForSecrets(path: string, text: string): SecretFinding[] {
  try {
    const safePath = typeof path === "string" ? path : "";
    return toFindings(safePath, text, findCandidates(safePath, text));
  } catch {
    return [];
  }
}

/** Every rule the scanner can report (id, provider, title, confidence), for SARIF rule metadata. */
export function listSecretRules(): SecretRule[] {
  return registeredRules().sort((a, b) => a.id.localeCompare(b.id));
}
