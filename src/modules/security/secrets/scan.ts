import { DETECTORS } from "./detectors/index.js";
import { fileKindOf, isBlankSeparated } from "./file-kind.js";
import { fingerprintSecret, maskSecret } from "./mask.js";
import { LineIndex } from "./positions.js";
import { buildPrefilter } from "./prefilter.js";
import type { Candidate, ScanContext, SecretFinding } from "./types.js";

const PREFILTER = buildPrefilter(DETECTORS);
/** Context-bound detectors may read this many characters per character of the file (plus a floor). */
const CONTEXT_WORK_PER_CHAR = 4;
const CONTEXT_WORK_FLOOR = 1_000_000;

/** NUL in the first 8 KB is what git and most tools take as binary. */
function looksBinary(text: string): boolean {
  // indexOf is a fast memchr-like search even when it runs to the end; a bounded backward
  // lastIndexOf was measurably slower.
  const nul = text.indexOf("\u0000");
  return nul >= 0 && nul < 8192;
}

/**
 * Keeps one candidate per overlapping region: provider formats beat structural matches, which
 * beat entropy guesses; at equal priority the longer span wins.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.priority - a.priority || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const last = kept[kept.length - 1];
    if (!last || c.start >= last.end) {
      kept.push(c);
      continue;
    }
    const better = c.priority > last.priority || (c.priority === last.priority && c.end - c.start > last.end - last.start);
    if (better) kept[kept.length - 1] = c;
  }
  return kept;
}

/**
 * Every secret in `text`, located and de-duplicated, before masking. Never throws: a detector
 * that fails on odd input loses its own findings, nothing else.
 */
export function findCandidates(path: string, text: string): Candidate[] {
  if (typeof text !== "string" || text.length === 0) return [];
  const found: Candidate[] = [];
  const seen = new Set<string>();
  const ctx: ScanContext = {
    text,
    kind: fileKindOf(typeof path === "string" ? path : ""),
    blankSeparated: isBlankSeparated(typeof path === "string" ? path : ""),
    binary: looksBinary(text),
    done: new Set(),
    lastNameStart: -1,
    contextBudget: CONTEXT_WORK_FLOOR + CONTEXT_WORK_PER_CHAR * text.length,
    emit(c) {
      const key = `${c.rule.id}@${c.start}`;
      if (seen.has(key)) return;
      seen.add(key);
      found.push(c);
    },
  };
  PREFILTER.scan(text, (hit, wakes) => {
    for (const wake of wakes) {
      try {
        wake.detector.detect(ctx, hit, wake.trigger);
      } catch {
        // Swallowed on purpose: the error could quote the input, and one detector must not sink the scan.
      }
    }
  });
  return resolveOverlaps(found);
}

/** Candidates → findings: positions, mask and fingerprint; the secret itself is dropped here. */
export function toFindings(path: string, text: string, candidates: readonly Candidate[]): SecretFinding[] {
  const lines = new LineIndex(text);
  return candidates.map((c) => {
    const from = lines.position(c.start);
    const to = lines.position(c.end);
    return {
      ruleId: c.rule.id,
      provider: c.provider ?? c.rule.provider,
      title: c.rule.title,
      path,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      masked: maskSecret(c.maskFrom ?? c.secret),
      confidence: c.rule.confidence,
      fingerprint: fingerprintSecret(c.rule.id, c.secret),
    };
  });
}
