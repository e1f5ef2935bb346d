/** How sure a detector is that a match is a live credential rather than a look-alike. */
export type SecretConfidence = "high" | "medium";

/**
 * One secret found in a file. Positions are 1-based; `endColumn` is the column just after the
 * last character (the SARIF convention). The secret itself never appears here: `masked` shows at
 * most a public 4-character prefix and the last 4 characters, and `fingerprint` is a one-way hash.
 */
export interface SecretFinding {
  /** e.g. "secret/github-token" */
  ruleId: string;
  provider: string;
  title: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** e.g. "ghp_…abcd"; never the secret. */
  masked: string;
  confidence: SecretConfidence;
  /** sha256 (hex) of ruleId + secret, for de-duplication without storing the secret. */
  fingerprint: string;
}

/** What a rule reports; shared by every detector that can produce it. */
export interface SecretRule {
  id: string;
  provider: string;
  title: string;
  confidence: SecretConfidence;
}

/**
 * A secret located by a detector, before overlap resolution and masking. `start`/`end` delimit
 * the span that redaction replaces; `maskFrom` is the text masking may show the tail of (a private
 * key's base64 body rather than its `-----END …-----` line).
 */
export interface Candidate {
  rule: SecretRule;
  start: number;
  end: number;
  secret: string;
  maskFrom?: string;
  /** Overrides the rule's provider where one rule covers several (a connection string's database). */
  provider?: string;
  /** Higher wins when two candidates overlap: provider formats beat structure beats entropy. */
  priority: number;
}

/** How values are written in a file, which decides whether an unquoted value can be a literal. */
export type FileKind = "code" | "config" | "lockfile";

/** Per-scan state handed to detectors. */
export interface ScanContext {
  readonly text: string;
  readonly kind: FileKind;
  /** The file writes `name value` with a blank between (.netrc, .authinfo). */
  readonly blankSeparated: boolean;
  /** The text looks binary: only distinctive provider formats are trusted there. */
  readonly binary: boolean;
  emit(candidate: Candidate): void;
  /** Detectors record work already done (a gate that fired). */
  readonly done: Set<string>;
  /**
   * Start of the last name the assignment detector read. Hits arrive in text order and names do
   * not overlap, so a second trigger inside the same name ("authToken") is recognised by this alone.
   */
  lastNameStart: number;
  /**
   * Characters the context-bound detectors may still read in this file. Proportional to the
   * file's size, so a 10 MB minified line costs a bounded multiple of one pass however often it
   * says "token"; ordinary files never come near it.
   */
  contextBudget: number;
}

/**
 * A detector wakes up only where the prefilter saw one of its triggers (lower-case literals), so
 * a file without any trigger costs one RegExp pass in total.
 */
export interface Detector {
  readonly name: string;
  readonly triggers: readonly string[];
  detect(ctx: ScanContext, hit: number, trigger: string): void;
}

/** Priorities for overlap resolution. */
export const PRIORITY = { provider: 30, structure: 20, generic: 10 } as const;
