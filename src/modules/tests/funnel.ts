/**
 * The test-generation funnel, as Meta's TestGen-LLM reports it: how many candidates each
 * filter let through. Every candidate ends at exactly one stage. Pure.
 */

/** Where a candidate stopped: the filter it failed, or "kept". */
export type Stage = "build" | "pass" | "coverage" | "test-files" | "kept";

export interface Funnel {
  /** Candidates asked of the model (a repaired candidate counts once, with its final outcome). */
  generated: number;
  /** Parsed or built (filter 1). */
  built: number;
  /** Passed every rerun (filter 2). */
  passed: number;
  /** Raised the target's line or branch coverage (filter 3). */
  raisedCoverage: number;
  /** Touched test files only (filter 4): the kept candidates. */
  testFilesOnly: number;
  /** Kept candidates in the proposal. */
  proposed: number;
  /** Of the candidates dropped at filter 1, those whose answer was no usable file at all (not JSON, unsafe path, truncated). */
  unusable: number;
  /** Of the candidates dropped at filter 2, those that passed some runs and failed others. */
  flaky: number;
  /** Repairs asked for (a failing candidate, its failure as feedback) and how many were kept. */
  repairs: { attempted: number; kept: number };
}

export function emptyFunnel(): Funnel {
  return { generated: 0, built: 0, passed: 0, raisedCoverage: 0, testFilesOnly: 0, proposed: 0, unusable: 0, flaky: 0, repairs: { attempted: 0, kept: 0 } };
}

const ORDER: Stage[] = ["build", "pass", "coverage", "test-files", "kept"];

/** Counts one candidate that stopped at `stage`. */
export function countCandidate(funnel: Funnel, stage: Stage, extra: { unusable?: boolean; flaky?: boolean } = {}): void {
  const reached = ORDER.indexOf(stage);
  funnel.generated++;
  if (reached > 0) funnel.built++;
  if (reached > 1) funnel.passed++;
  if (reached > 2) funnel.raisedCoverage++;
  if (reached > 3) funnel.testFilesOnly++;
  if (stage === "build" && extra.unusable) funnel.unusable++;
  if (stage === "pass" && extra.flaky) funnel.flaky++;
}

/** Adds `b` to `a` (for a total over targets). */
export function addFunnel(a: Funnel, b: Funnel): Funnel {
  return {
    generated: a.generated + b.generated,
    built: a.built + b.built,
    passed: a.passed + b.passed,
    raisedCoverage: a.raisedCoverage + b.raisedCoverage,
    testFilesOnly: a.testFilesOnly + b.testFilesOnly,
    proposed: a.proposed + b.proposed,
    unusable: a.unusable + b.unusable,
    flaky: a.flaky + b.flaky,
    repairs: { attempted: a.repairs.attempted + b.repairs.attempted, kept: a.repairs.kept + b.repairs.kept },
  };
}

/** One line: "5 generated → 4 built → 3 passed 5/5 → 2 raised coverage → 1 test files only → 1 proposed". */
export function describeFunnel(f: Funnel, reruns: number): string {
  const notes: string[] = [];
  if (f.unusable) notes.push(`${f.unusable} unusable answer${f.unusable === 1 ? "" : "s"}`);
  if (f.flaky) notes.push(`${f.flaky} flaky`);
  if (f.repairs.attempted) notes.push(`${f.repairs.attempted} repair${f.repairs.attempted === 1 ? "" : "s"} tried, ${f.repairs.kept} kept`);
  return (
    `${f.generated} generated → ${f.built} built → ${f.passed} passed ${reruns}/${reruns} → ${f.raisedCoverage} raised coverage → ` +
    `${f.testFilesOnly} test files only → ${f.proposed} proposed` +
    (notes.length ? ` (${notes.join(", ")})` : "")
  );
}

/** The funnel as a Markdown table, for PR bodies. */
export function funnelTable(f: Funnel, reruns: number): string {
  return [
    "| stage | candidates |",
    "| --- | ---: |",
    `| generated | ${f.generated} |`,
    `| builds / parses | ${f.built} |`,
    `| passes ${reruns} of ${reruns} runs | ${f.passed} |`,
    `| raises coverage | ${f.raisedCoverage} |`,
    `| touches test files only | ${f.testFilesOnly} |`,
    `| proposed | ${f.proposed} |`,
  ].join("\n");
}
