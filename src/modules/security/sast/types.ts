/** Stable identifiers of the code-pattern rules; they appear in SARIF and in fingerprints. */
export type SastRuleId =
  | "sast/eval"
  | "sast/command-injection"
  | "sast/sql-injection"
  | "sast/path-traversal"
  | "sast/tls-verification-disabled"
  | "sast/weak-password-hash"
  | "sast/insecure-deserialization";

/** Metadata of one rule, enough for SARIF `tool.driver.rules`. */
export interface SastRule {
  id: SastRuleId;
  title: string;
  level: "error" | "warning";
  /** e.g. "CWE-95". */
  cwe: string;
  /** What the rule looks for and how to fix it, in a few sentences. */
  help: string;
}

/**
 * One match of a rule in a file. Lines and columns are 1-based and count UTF-16 code units,
 * like editors and SARIF; `endColumn` is the column just after the last character (SARIF).
 */
export interface CodeFinding {
  ruleId: SastRuleId;
  title: string;
  level: "error" | "warning";
  cwe: string;
  message: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The source line where the match starts, trimmed, at most 200 characters. */
  snippet?: string;
}
