/**
 * What the refactor engine hands the cycle: a proposal per improved target (its body shows the
 * metric before and after and what each generation did), a note per target, and the rule
 * metadata. Pure.
 */
import { createHash } from "node:crypto";
import type { Evidence, Finding, Proposal, RuleInfo } from "../types.js";
import { codeSpan, commandLine } from "./commands.js";
import { COVERAGE_RULE, coverageEvidence, describeRegionCoverage, type RegionCoverage } from "./coverage-gate.js";
import { describeMeasure, LINES_PER_POINT, type Measure } from "./measure.js";
import type { CommandOutcome, GenerationRecord, Rejection, SearchResult } from "./search.js";
import type { TargetFile, TargetRegion } from "./targets.js";

export { codeSpan } from "./commands.js";

export const MODULE_NAME = "refactor";

export const RULES = {
  simplified: "refactor/simplified",
  noImprovement: "refactor/no-improvement",
  skipped: "refactor/skipped",
  notCovered: "refactor/not-covered",
} as const;

/** Rule metadata for SARIF readers and the summary. */
export const REFACTOR_RULES: RuleInfo[] = [
  { id: RULES.simplified, title: "A simpler version passed the repository's tests", help: "Proposed as a review-only pull request: the metric before and after and the search are in its body.", tags: ["maintainability"] },
  { id: RULES.noImprovement, title: "No simpler version passed the repository's tests", help: "The model's variants were tried and checked; none was both correct by the tests' verdict and better on the metric.", tags: ["maintainability"] },
  { id: RULES.skipped, title: "A refactor target was skipped", help: "The target could not be worked on; the message says why.", tags: ["maintainability"] },
  {
    id: RULES.notCovered,
    title: "A refactor target is not run by the tests",
    help: `The tests are the only judge of whether a rewrite keeps behaviour, and they say nothing about code they never execute, so a target is refactored only with ${COVERAGE_RULE}. Tests that exercise it make it a candidate.`,
    tags: ["maintainability", "testing"],
  },
];

/** How the search and the checks were set up, for the body. */
export interface RunFacts {
  variants: number;
  generations: number;
  benchmark: string[] | null;
  test: string[];
  build?: string[];
  maxChangedLines: number;
}

const REJECTION_LABELS: Record<Rejection, string> = {
  unusable: "unusable answer",
  unchanged: "unchanged",
  "no-parse": "does not parse",
  unsafe: "adds an import, process, network or secret",
  "lost-function": "function lost",
  "too-large": "diff too large",
  "not-simpler": "not better",
  build: "build or types fail",
  tests: "tests fail",
  benchmark: "benchmark fails",
  sandbox: "sandbox error",
};


/** "`grade` in `src/grade.js`", or "`src/grade.js`" for a whole-file target. */
export function targetLabel(file: Pick<TargetFile, "path">, region: Pick<TargetRegion, "function">): string {
  return region.function ? `${codeSpan(region.function.name)} in ${codeSpan(file.path)}` : codeSpan(file.path);
}

/** The branch slug: stable for a target, so a later run updates the same pull request. */
export function proposalSlug(file: Pick<TargetFile, "path">, region: Pick<TargetRegion, "function">): string {
  const raw = region.function ? `${file.path}-${region.function.name}` : file.path;
  const slug = raw.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  // A hash keeps two long paths that share their first 60 characters apart.
  return `${slug || "file"}-${createHash("sha256").update(raw).digest("hex").slice(0, 6)}`;
}

/** One line per generation: "2: 4 variants → 1 survivor (best score 4.9, kept); 2 tests fail, 1 not better". */
export function describeGeneration(g: GenerationRecord): string {
  const rejected = Object.entries(g.rejected)
    .filter(([, n]) => n)
    .map(([why, n]) => `${n} ${REJECTION_LABELS[why as Rejection]}`);
  const best = g.best ? `; best ${g.best.benchmarkMs !== undefined ? `${g.best.benchmarkMs} ms` : `score ${g.best.score}`}${g.kept ? ", kept" : ""}` : "";
  return `generation ${g.generation}: ${g.asked} asked, ${g.candidates} checked, ${g.survivors} survived${best}${rejected.length ? ` (${rejected.join(", ")})` : ""}`;
}

function generationTable(result: SearchResult): string {
  const rows = result.generations.map((g) => {
    const rejected = (why: Rejection) => g.rejected[why] ?? 0;
    const best = g.best ? (g.best.benchmarkMs !== undefined ? `${g.best.benchmarkMs} ms` : `${g.best.score} (complexity ${g.best.complexity}, ${g.best.lines} lines)`) : "–";
    return `| ${g.generation} | ${g.asked} | ${rejected("unusable") + rejected("unchanged")} | ${rejected("no-parse") + rejected("lost-function") + rejected("unsafe")} | ${rejected("too-large") + rejected("not-simpler")} | ${rejected("build") + rejected("tests") + rejected("benchmark") + rejected("sandbox")} | ${g.survivors} | ${best} | ${g.kept ? "yes" : "no"} |`;
  });
  return [
    "| generation | variants asked | unusable or unchanged | do not parse or unsafe | not better or too large | fail build or tests | survivors | best | kept |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function metricTable(before: Measure & { benchmarkMs?: number }, after: Measure & { benchmarkMs?: number }): string {
  const rows = [
    ["cyclomatic complexity", before.complexity, after.complexity],
    ["most complex function", before.maxComplexity, after.maxComplexity],
    ["code lines", before.lines, after.lines],
    [`score (complexity + lines / ${LINES_PER_POINT})`, before.score, after.score],
  ];
  if (before.benchmarkMs !== undefined && after.benchmarkMs !== undefined) rows.push(["benchmark wall time (ms, median)", before.benchmarkMs, after.benchmarkMs]);
  return ["| metric | before | after |", "| --- | --- | --- |", ...rows.map(([name, b, a]) => `| ${name} | ${b} | ${a} |`)].join("\n");
}

/** The proposal for an improved target. `confirm` is the final test run on exactly the patched file. */
export function buildProposal(input: {
  file: TargetFile;
  region: TargetRegion;
  result: SearchResult;
  patch: string;
  changedLines: number;
  facts: RunFacts;
  confirm: CommandOutcome;
  build?: CommandOutcome;
  /** How much of the target the tests ran before the change (`unknown` when it could not be measured). */
  coverage: RegionCoverage;
}): Proposal {
  const { file, region, result, facts, confirm } = input;
  const before = { ...result.start.measure, ...(result.start.benchmarkMs !== undefined ? { benchmarkMs: result.start.benchmarkMs } : {}) };
  const after = { ...result.best.measure, ...(result.best.benchmarkMs !== undefined ? { benchmarkMs: result.best.benchmarkMs } : {}) };
  const label = targetLabel(file, region);
  const kept = result.generations.filter((g) => g.kept).length;
  const coverageLine =
    input.coverage.status === "unknown"
      ? `- Coverage: unknown (${input.coverage.reason}): whether the tests run this code at all was not measured, so the suite passing is all that was verified.`
      : `- Coverage: before the change, ${describeRegionCoverage(input.coverage)}, measured with ${codeSpan(commandLine(input.coverage.argv))}.`;
  const metric = facts.benchmark ? `the wall time of ${codeSpan(commandLine(facts.benchmark))} (median of 3 runs)` : "cyclomatic complexity and length";
  const body = [
    `Lodestar rewrote ${label} to be simpler and checked that the repository's own tests still pass on the result.`,
    `Why this target: ${file.reason}.`,
    "",
    "### Metric",
    "",
    metricTable(before, after),
    "",
    `### Search`,
    "",
    `${facts.variants} variant${facts.variants === 1 ? "" : "s"} per generation, at most ${facts.generations} generation${facts.generations === 1 ? "" : "s"}, scored on ${metric}; each generation starts from the best version so far. ${kept} generation${kept === 1 ? "" : "s"} improved; the search stopped because ${result.stopped}.`,
    "",
    generationTable(result),
    "",
    "### Checks",
    "",
    ...(facts.build && input.build ? [`- Build: ${codeSpan(commandLine(facts.build))} passed on the final change.`] : []),
    `- Tests: ${codeSpan(commandLine(facts.test))} passed on the final change (exit 0, ${(confirm.durationMs / 1000).toFixed(1)} s), and on every surviving variant before it.`,
    coverageLine,
    `- ${input.changedLines} changed lines, within this repository's \`pull-requests.max-changed-lines\` (${facts.maxChangedLines}).`,
    "",
    input.coverage.status === "unknown"
      ? "Behaviour is preserved only as far as a passing test suite can tell, and how much of this code it runs is unknown: read the change as carefully as an unverified one."
      : "Behaviour is preserved as far as the tests can tell: code paths they do not exercise deserve a careful read.",
  ].join("\n");
  const evidence: Evidence[] = [
    {
      kind: "measurement",
      description: `${describeMeasure(before)} → ${describeMeasure(after)}${before.benchmarkMs !== undefined && after.benchmarkMs !== undefined ? `; benchmark ${before.benchmarkMs} ms → ${after.benchmarkMs} ms` : ""}`,
      data: { before, after },
    },
    {
      kind: "model",
      description: `${result.generations.length} generation${result.generations.length === 1 ? "" : "s"} of up to ${facts.variants} variants: ${result.generations.map(describeGeneration).join("; ")}. Stopped: ${result.stopped}.`,
      data: { generations: result.generations, stopped: result.stopped },
    },
    ...(facts.build && input.build
      ? [{ kind: "command" as const, description: `\`${commandLine(facts.build)}\` passed on the final change`, data: { argv: facts.build, exitCode: input.build.exitCode, durationMs: input.build.durationMs } }]
      : []),
    {
      kind: "command",
      description: `\`${commandLine(facts.test)}\` passed on the final change (exit ${confirm.exitCode}, ${confirm.durationMs} ms)`,
      data: { argv: facts.test, exitCode: confirm.exitCode, durationMs: confirm.durationMs, passed: confirm.passed },
    },
    coverageEvidence(label, input.coverage),
  ];
  return {
    module: MODULE_NAME,
    slug: proposalSlug(file, region),
    title: region.function ? `Simplify ${region.function.name} in ${file.path}` : `Simplify ${file.path}`,
    body,
    patch: input.patch,
    files: [file.path],
    evidence,
    verified: true,
  };
}

/** A note about one target. */
export function targetNote(input: { file: TargetFile; region?: TargetRegion; ruleId: string; title: string; message: string; evidence?: Evidence[] }): Finding {
  const { file, region } = input;
  const fn = region?.function?.name ?? "";
  return {
    module: MODULE_NAME,
    ruleId: input.ruleId,
    level: "note",
    title: input.title,
    message: input.message,
    location: { path: file.path, ...(region ? { startLine: region.range.startLine, endLine: region.range.endLine } : {}) },
    evidence: input.evidence ?? [],
    fingerprint: createHash("sha256").update(`${input.ruleId}\0${file.path}\0${fn}`).digest("hex").slice(0, 32),
  };
}
