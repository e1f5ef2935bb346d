/**
 * Whether the tests run the code a refactor would change. The engine judges behaviour by the
 * tests' verdict, and "the tests still pass" proves nothing about a function no test executes:
 * a variant that changes what it does would pass just as well. So before any search the
 * repository's coverage command runs once on the untouched code (with the tests module's
 * `measureCoverage`, which reads the report with the analysis' own parsers), and each target
 * region is held to one rule:
 *
 *   **at least half of the region's instrumented lines were hit by the tests (and so at least one).**
 *
 * One hit line is not enough: Node's coverage counts a function's first line as run when its
 * module merely loads, and a function whose first guard is all the tests reach is not tested
 * either. Requiring every line would rule out most real functions, whose error paths are rarely all
 * exercised. Half is the line between "the tests call it and walk through most of it" and "the
 * tests barely touch it". A region the report does not name, or names with too few hit lines,
 * is not refactored. When there is no coverage command, or it fails, or its report cannot be
 * matched to the repository, coverage is *unknown*: the engine still works, and says so in the
 * note and the proposal, claiming no more than that the suite passed.
 */
import type { FileCoverage } from "../../analysis/testing/index.js";
import type { RepoCommands, Workspace } from "../../sandbox/index.js";
import { measureCoverage } from "../tests/measure-coverage.js";
import type { Evidence } from "../types.js";
import { codeSpan, commandLine } from "./commands.js";
import type { LineRange } from "./source-edit.js";

/** The share of a region's instrumented lines the tests must hit for it to be refactored. */
export const MIN_COVERED_SHARE = 0.5;

/** The rule in words, for notes, evidence and pull request bodies. */
export const COVERAGE_RULE = `at least ${Math.round(MIN_COVERED_SHARE * 100)} % of its instrumented lines run by the tests`;

/** Repository text in a reason: one line, bounded, and no @-mention (repository content is data, never markup). */
const echo = (text: string): string => text.replace(/[\r\n]+/g, " ").replace(/@/g, "@\u200B").slice(0, 300);

/** The suite's coverage of the untouched code, or why it is not known. */
export type SuiteCoverage =
  | { known: true; files: ReadonlyMap<string, FileCoverage>; argv: string[] }
  | { known: false; reason: string };

/**
 * Runs the repository's coverage command in the workspace (untouched, after the tests passed)
 * and reads its report. Never throws: a missing command, a failed run or a report whose paths
 * match no file of the repository make coverage unknown, with the reason.
 */
export async function measureSuiteCoverage(workspace: Workspace, coverage: RepoCommands["coverage"], knownFiles: ReadonlySet<string>): Promise<SuiteCoverage> {
  if (!coverage) return { known: false, reason: "the repository has no coverage command (set `commands.coverage` in .github/lodestar.yml)" };
  const shown = codeSpan(commandLine(coverage.argv));
  let run;
  try {
    run = await measureCoverage(workspace, coverage, knownFiles);
  } catch (error) {
    // The workspace refused the report path (it leaves the workspace): a configuration problem, not a sandbox failure.
    return { known: false, reason: `the coverage command ${shown} could not be run: ${echo(error instanceof Error ? error.message : String(error))}` };
  }
  // The reason may quote the report (paths, parser problems): repository text, echoed as data.
  if (!run.ok) return { known: false, reason: `the coverage command ${shown} gave nothing usable: ${echo(run.reason)}` };
  // A report that names files, none of them the repository's, was read against the wrong folder: absent is not uncovered then.
  if (![...run.files.keys()].some((p) => knownFiles.has(p))) {
    return { known: false, reason: `the report of the coverage command ${shown} names no file of the repository` };
  }
  return { known: true, files: run.files, argv: [...run.argv] };
}

/** How much of one target region the tests run. */
export type RegionCoverage =
  /** `why`: for an uncovered region, the reason as a sentence. */
  | { status: "covered" | "uncovered"; hit: number; instrumented: number; argv: string[]; why?: string }
  | { status: "unknown"; reason: string };

/** The region's coverage under the rule (see the file comment). Pure. */
export function regionCoverage(suite: SuiteCoverage, path: string, range: LineRange): RegionCoverage {
  if (!suite.known) return { status: "unknown", reason: suite.reason };
  const file = suite.files.get(path);
  if (!file) return { status: "uncovered", hit: 0, instrumented: 0, argv: suite.argv, why: "The coverage report does not name its file, so no test loads it" };
  let hit = 0;
  let instrumented = 0;
  for (const [line, hits] of Object.entries(file.lineHits)) {
    const n = Number(line);
    if (n < range.startLine || n > range.endLine) continue;
    instrumented++;
    if (hits > 0) hit++;
  }
  if (instrumented === 0) return { status: "uncovered", hit, instrumented, argv: suite.argv, why: "The coverage report instruments none of its lines" };
  if (hit === 0) return { status: "uncovered", hit, instrumented, argv: suite.argv, why: "None of its lines runs under the tests" };
  if (hit / instrumented < MIN_COVERED_SHARE) return { status: "uncovered", hit, instrumented, argv: suite.argv, why: "Most of it never runs under the tests" };
  return { status: "covered", hit, instrumented, argv: suite.argv };
}

const percent = (hit: number, total: number): string => `${total > 0 ? Math.round((hit / total) * 1000) / 10 : 0} %`;

/** "the tests run 14 of 15 instrumented lines (93.3 %; the rule: …)", or that coverage was unknown and why. */
export function describeRegionCoverage(coverage: RegionCoverage): string {
  if (coverage.status === "unknown") return `coverage of the target was unknown (${coverage.reason}), so behaviour preservation rests on the test suite passing alone`;
  if (coverage.instrumented === 0) return `the tests run none of its lines (the rule: ${COVERAGE_RULE})`;
  return `the tests run ${coverage.hit} of ${coverage.instrumented} instrumented line${coverage.instrumented === 1 ? "" : "s"} (${percent(coverage.hit, coverage.instrumented)}; the rule: ${COVERAGE_RULE})`;
}

/** The coverage of the target as evidence, for notes and proposals. */
export function coverageEvidence(label: string, coverage: RegionCoverage): Evidence {
  if (coverage.status === "unknown") {
    return { kind: "measurement", description: `Coverage of ${label} was unknown: ${coverage.reason}. Verified only by the test suite passing.`, data: { coverage: "unknown", reason: coverage.reason } };
  }
  return {
    kind: "measurement",
    description: `Coverage of ${label} before any change, measured with ${codeSpan(commandLine(coverage.argv))}: ${describeRegionCoverage(coverage)}.`,
    data: { coverage: coverage.status, hitLines: coverage.hit, instrumentedLines: coverage.instrumented, minShare: MIN_COVERED_SHARE, argv: coverage.argv },
  };
}
