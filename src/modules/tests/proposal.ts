/**
 * A target's outcome as the cycle sees it: one review-only proposal with its evidence when
 * tests were kept, and a note with the funnel either way. Pure.
 */
import type { Evidence, Finding, Proposal } from "../types.js";
import { describeFunnel, funnelTable } from "./funnel.js";
import type { TargetOutcome } from "./generate-for-target.js";
import { coverageFigures, describeCoverage } from "./measure-coverage.js";
import { unifiedDiff } from "./patch.js";

export const FUNNEL_RULE = "tests/funnel";

/** Text from the repository or a model, made safe to echo: no @-mentions, one line. */
function safe(text: string): string {
  return text.replace(/@/g, "@\u200B").replace(/[\r\n]+/g, " ");
}

/** `src/parser.ts` → `src-parser-ts`: the branch name part, stable across runs. */
export function targetSlug(path: string): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  return slug || "tests";
}

const pctText = (f: { pct: number } | null) => (f ? `${f.pct} %` : "–");

/** The note with the funnel of one target (also when nothing was kept: never a silent run). */
export function funnelFinding(outcome: TargetOutcome, reruns: number): Finding {
  const f = outcome.funnel;
  const kept = outcome.kept.size > 0;
  const message =
    `${describeFunnel(f, reruns)}. Coverage of ${outcome.target.path}: ${describeCoverage(outcome.before)}` +
    (kept ? ` → ${describeCoverage(outcome.after)}.` : "; no candidate survived the filters, so nothing is proposed.") +
    (outcome.stopped ? ` Stopped early: ${outcome.stopped}.` : "");
  return {
    module: "tests",
    ruleId: FUNNEL_RULE,
    level: "note",
    title: `Test generation for ${outcome.target.path}`,
    message: safe(message),
    location: { path: outcome.target.path },
    evidence: [
      {
        kind: "measurement",
        description: "test-generation funnel (each candidate stops at the first filter it fails)",
        data: { funnel: { ...f }, reruns, candidates: outcome.log.map((c) => ({ ...c })) },
      },
    ],
  };
}

/** The proposal of the kept tests of one target, or null when none was kept. */
export function testsProposal(outcome: TargetOutcome, reruns: number): Proposal | null {
  if (outcome.kept.size === 0) return null;
  const kept = [...outcome.kept.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const patch = unifiedDiff(kept.map((k) => ({ path: k.path, before: k.original, after: k.content })));
  if (patch === "") return null;
  const path = outcome.target.path;
  const before = coverageFigures(outcome.before);
  const after = coverageFigures(outcome.after);
  const files = kept.map((k) => k.path);
  const models = [...new Set(kept.map((k) => `${k.provider} ${k.model}${k.route === "escalated" ? " (escalated)" : ""}`))];
  const commands = [...new Set(kept.flatMap((k) => k.commands))];
  const iso = outcome.isolation;
  const isolation = iso ? `; sandbox network ${iso.network}, memory limit ${iso.memory}` : "";
  const why = outcome.target.hotspotRank !== null ? `chosen for its low coverage and its hotspot rank (#${outcome.target.hotspotRank})` : "chosen for its low coverage";

  const body = [
    `Lodestar wrote ${kept.length === 1 ? "a test file" : `${kept.length} test files`} for \`${safe(path)}\` (${why}) and proved ${kept.length === 1 ? "it" : "them"} in a sandbox before proposing:`,
    "",
    "| coverage of the target | before | after |",
    "| --- | ---: | ---: |",
    `| lines | ${pctText(before.lines)}${before.lines ? ` (${before.lines.covered}/${before.lines.total})` : ""} | ${pctText(after.lines)}${after.lines ? ` (${after.lines.covered}/${after.lines.total})` : ""} |`,
    `| branches | ${pctText(before.branches)}${before.branches ? ` (${before.branches.covered}/${before.branches.total})` : ""} | ${pctText(after.branches)}${after.branches ? ` (${after.branches.covered}/${after.branches.total})` : ""} |`,
    "",
    `Every candidate went through four filters, in order: it parses or builds; it passes ${reruns} runs out of ${reruns} and the whole suite still passes; it raises the line or branch coverage of the target over the tests kept before it; it touches test files only. Candidates that failed were dropped (one repair was allowed, with the failure as feedback).`,
    "",
    funnelTable(outcome.funnel, reruns),
    "",
    "Files:",
    ...kept.map((k) => `- \`${safe(k.path)}\` (${k.original === null ? "new" : "cases added"}; ${k.runs.passed}/${k.runs.of} runs passed${k.repaired ? "; repaired once" : ""})`),
    "",
    `Written by ${safe(models.join(", "))}. The tests run the code as it is: a failing assertion here would describe today's behaviour, so review what they pin down.`,
  ].join("\n");

  const evidence: Evidence[] = [
    {
      kind: "measurement",
      description: `coverage of ${safe(path)}: ${describeCoverage(outcome.before)} → ${describeCoverage(outcome.after)}`,
      data: { path, before, after },
    },
    {
      kind: "command",
      description: `each kept test passed ${reruns} of ${reruns} runs, and the whole suite and the coverage run passed with it${isolation}: ${commands.slice(0, 6).map((c) => `\`${safe(c)}\``).join(", ")}${commands.length > 6 ? ", …" : ""}`,
      data: {
        runs: Object.fromEntries(kept.map((k) => [k.path, k.runs])),
        commands,
        ...(outcome.isolation ? { isolation: outcome.isolation } : {}),
      },
    },
    {
      kind: "measurement",
      description: `funnel: ${describeFunnel(outcome.funnel, reruns)}`,
      data: { funnel: { ...outcome.funnel }, reruns },
    },
    {
      kind: "model",
      description: `tests written by ${safe(models.join(", "))}`,
      data: { answers: kept.map((k) => ({ path: k.path, provider: k.provider, model: k.model, route: k.route, repaired: k.repaired })) },
    },
  ];

  const lineChange = before.lines && after.lines ? `lines ${before.lines.pct} % → ${after.lines.pct} %` : `coverage ${describeCoverage(outcome.after)}`;
  return {
    module: "tests",
    slug: targetSlug(path),
    title: `Tests for ${path.length > 120 ? `…${path.slice(-120)}` : path} (${lineChange})`,
    body,
    patch,
    files,
    evidence,
    verified: true,
  };
}
