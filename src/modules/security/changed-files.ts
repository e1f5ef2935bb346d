import { languageOf } from "../../analysis/languages.js";
import type { Evidence, Finding, LodestarModule, ModuleResult } from "../types.js";
import { sastLanguages, scanCode, type CodeFinding } from "./sast/index.js";
import { scanTextForSecrets, type SecretFinding } from "./secrets/index.js";
import type { SecurityReport } from "./scan-repository.js";
import { securityFindings, securityRules } from "./to-findings.js";

/** Lines `[start, end]` of a file, 1-based and inclusive. */
export type LineRange = readonly [start: number, end: number];

/** One changed file's new content, read into memory by the front door. */
export interface ChangedText {
  path: string;
  text: string;
  /**
   * The lines the change added or modified, or "all" when GitHub gave no line diff for the
   * file (a diff too large to show): then every line counts as changed, and findings say so.
   */
  changedLines: readonly LineRange[] | "all";
}

/** What the quick check hands the module: contents it fetched and what it could not fetch. */
export interface ChangedFilesInput {
  files: readonly ChangedText[];
  /** How many files the change touched, removed ones included. */
  changedFiles: number;
  /** Files left out by design (removed, binary, nothing added), by reason: counted, not a gap. */
  skipped: Readonly<Record<string, number>>;
  /** Work that could not be done (a cap reached, a request that failed): the check cannot end green. */
  incomplete: readonly string[];
  /** How the changed files were found, e.g. "compare main...3f2a1b0c9d8e". */
  source: string;
}

export const CHANGED_FILES_RULE = "security/changed-files-scanned";

const ALL_LINES_EVIDENCE: Evidence = {
  kind: "scan",
  description: "GitHub gave no line diff for this file (too large to show), so every line of it counted as changed",
};

/** Whether any line of `[start, end]` is in `ranges` (sorted or not). */
export function touchesChangedLines(ranges: readonly LineRange[] | "all", start: number, end = start): boolean {
  if (ranges === "all") return true;
  return ranges.some(([from, to]) => start <= to && end >= from);
}

function lineCount(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n : n + 1;
}

function changedLineCount(file: ChangedText, lines: number): number {
  if (file.changedLines === "all") return lines;
  return file.changedLines.reduce((sum, [from, to]) => sum + Math.max(0, Math.min(to, lines) - from + 1), 0);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** A name from the repository (a branch) as a code span: no Markdown, no @-mention, no table break. */
const codeSpan = (text: string) => `\`${text.replace(/[`|\r\n]/g, "?")}\``;

/**
 * The security module of the quick check: secrets and code patterns (SAST) in the changed
 * files' contents, which the front door fetched through the API. Only findings on lines the
 * change added or modified are kept: the quick check is about this change, and the nightly
 * cycle covers the rest. Dependencies (OSV) are not part of it. Deterministic, no model, and
 * it runs nothing of the repository, so a fork's pull request is scanned the same way.
 */
export function changedFilesSecurityModule(input: ChangedFilesInput): LodestarModule {
  return {
    name: "security",
    description: "Secrets and code patterns on the changed lines (quick check)",
    executesRepoCode: false,
    async run({ signal }): Promise<ModuleResult> {
      const sast = new Set(sastLanguages);
      const secrets: SecretFinding[] = [];
      const code: CodeFinding[] = [];
      const wholeFiles = new Set<string>();
      let lines = 0;
      let changed = 0;
      let bytes = 0;
      let scanned = 0;
      for (const file of input.files) {
        if (signal.aborted) break;
        const fileLines = lineCount(file.text);
        lines += fileLines;
        changed += changedLineCount(file, fileLines);
        bytes += file.text.length;
        scanned++;
        if (file.changedLines === "all") wholeFiles.add(file.path);
        const onChange = (f: { line: number; endLine: number }) => touchesChangedLines(file.changedLines, f.line, f.endLine);
        secrets.push(...scanTextForSecrets(file.path, file.text).filter(onChange));
        const language = languageOf(file.path);
        if (language && sast.has(language)) code.push(...(await scanCode(language, file.path, file.text)).filter(onChange));
      }
      const report: SecurityReport = {
        secrets,
        code,
        // Not asked in the quick check: the nightly cycle checks dependencies against OSV.
        dependencies: { status: "ok", checked: 0, unchecked: [], vulnerabilities: [] },
        filesScanned: scanned,
        bytesScanned: bytes,
        unreadable: [],
      };
      const { findings } = securityFindings(report);
      for (const f of findings) {
        if (f.location && wholeFiles.has(f.location.path)) f.evidence.push(ALL_LINES_EVIDENCE);
      }
      const incomplete = [...input.incomplete];
      if (signal.aborted && scanned < input.files.length) incomplete.push(`stopped after ${scanned} of ${input.files.length} files`);
      findings.push(scannedNote(input, { scanned, lines, changed, bytes, wholeFiles: wholeFiles.size, findings: findings.length }));
      return { findings, proposals: [], incomplete, rules: securityRules(report) };
    },
  };
}

/** The summary line that says what the quick check read, so an empty result is never mistaken for a full scan. */
function scannedNote(
  input: ChangedFilesInput,
  n: { scanned: number; lines: number; changed: number; bytes: number; wholeFiles: number; findings: number },
): Finding {
  const skipped = Object.entries(input.skipped).filter(([, count]) => count > 0);
  const message =
    `${plural(n.scanned, "changed file")} of ${input.changedFiles} scanned for secrets and code patterns ` +
    `(${plural(n.lines, "line")}, ${plural(n.changed, "changed line")}), found by ${codeSpan(input.source)}; ` +
    `${plural(n.findings, "finding")} on changed lines` +
    (n.wholeFiles ? `; ${plural(n.wholeFiles, "file")} without a line diff counted as changed throughout` : "") +
    (skipped.length ? `; not scanned: ${skipped.map(([why, count]) => `${count} ${why}`).join(", ")}` : "") +
    (input.incomplete.length ? `; incomplete: ${input.incomplete.join("; ")}` : "") +
    ".";
  return {
    module: "security",
    ruleId: CHANGED_FILES_RULE,
    level: "note",
    title: "Changed files scanned",
    message,
    evidence: [
      {
        kind: "scan",
        description: `changed files fetched through the GitHub API (${input.source}); nothing of the commit was run`,
        data: { changedFiles: input.changedFiles, scanned: n.scanned, lines: n.lines, changedLines: n.changed, bytes: n.bytes, skipped: input.skipped },
      },
    ],
  };
}
