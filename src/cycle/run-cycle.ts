import type { Job } from "../job.js";
import { offlineLlm } from "../llm/index.js";
import { builtinModules, enabledModuleNames, type Proposal } from "../modules/index.js";
import { concludeCycle } from "./conclusion.js";
import { DecisionLog, type Stage } from "./decision-log.js";
import { countingLlm, describeModelUsage } from "./model-usage.js";
import { proposalRejection } from "./proposal-policy.js";
import { DEFAULT_SCRATCH_ROOT, runModules } from "./run-modules.js";
import type { CycleOptions, CycleReport, CycleResult } from "./types.js";

const DEFAULT_MODULE_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * Runs one job as a pipeline of named stages:
 * analyze → modules → decide → verify → learn → publish → report.
 * Each stage appends its decisions to the log; the result carries everything publishers need.
 */
export async function runCycle(job: Job, options: CycleOptions): Promise<CycleResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const log = new DecisionLog(job.id, options.decisionSinks ?? [], now);
  const stage = async <T>(name: Stage, work: () => Promise<T>): Promise<T> => {
    options.onStage?.(name, "start");
    try {
      return await work();
    } finally {
      options.onStage?.(name, "end");
    }
  };
  const registry = options.modules ?? builtinModules;
  const models = countingLlm(options.llm ?? offlineLlm());
  const llm = models.handle;
  const warnings = [...(options.warnings ?? [])];

  // analyze: what is in the repository.
  const analysis = await stage("analyze", async () => {
    const result = await options.analyze();
    const skipped = Object.entries(result.skipped).map(([why, n]) => `${n} ${why}`);
    log.record(
      "analyze",
      "analyzed",
      `${result.files.length} files via ${result.source}` +
        (result.depth === "content" ? `, ${Object.keys(result.languages).length} languages, ${result.dependencies.length} dependencies, ${result.hotspots.length} hotspots` : "") +
        (skipped.length ? `; skipped ${skipped.join(", ")}` : "") +
        (result.truncated ? "; listing truncated" : ""),
    );
    if (result.truncated) warnings.push("The file listing was truncated; results cover part of the repository.");
    warnings.push(...result.warnings);
    return result;
  });

  // modules: the enabled ones, in parallel under the concurrency limit.
  const names = enabledModuleNames(job.config, job.modules);
  const moduleOutput = await stage("modules", async () => {
    if (names.length === 0) log.record("modules", "none", "no module is enabled for this job");
    if (!llm.available) log.record("modules", "offline", llm.unavailableReason ?? "no model available");
    return runModules({
      job,
      analysis,
      llm,
      names,
      registry,
      concurrency: job.config.concurrency,
      timeoutMs: options.moduleTimeoutMs ?? DEFAULT_MODULE_TIMEOUT_MS,
      scratchRoot: options.scratchRoot ?? DEFAULT_SCRATCH_ROOT,
      cache: options.cache ?? null,
      log,
    });
  });
  const modelUsage = models.usage();
  if (modelUsage.tasks > 0 || modelUsage.cloudClosed) log.record("modules", "models", describeModelUsage(modelUsage));

  const rejected: CycleReport["rejected"] = [];
  const reject = (stageName: Stage, proposal: Proposal, reason: string) => {
    rejected.push({ proposal, reason });
    log.record(stageName, "reject", `${proposal.title}: ${reason}`, proposal.module);
  };

  // decide: which proposals are acceptable at all (paths, size, forbidden files).
  const acceptable = await stage("decide", async () => {
    const keep: Proposal[] = [];
    for (const proposal of moduleOutput.proposals) {
      const why = proposalRejection(proposal, job.config["pull-requests"]["max-changed-lines"]);
      if (why) reject("decide", proposal, why);
      else keep.push(proposal);
    }
    log.record(
      "decide",
      "decided",
      `${moduleOutput.findings.length} findings kept; ${keep.length} of ${moduleOutput.proposals.length} proposals pass policy`,
    );
    return keep;
  });

  // verify: nothing unverified reaches a pull request.
  const verified = await stage("verify", async () => {
    const keep: Proposal[] = [];
    for (const proposal of acceptable) {
      if (proposal.verified) keep.push(proposal);
      else reject("verify", proposal, "not verified by its module (tests not run or not passing)");
    }
    log.record("verify", "verified", `${keep.length} of ${acceptable.length} proposals verified`);
    return keep;
  });

  // learn: verified model answers become memory for the next cycle.
  await stage("learn", async () => {
    const modelAnswers = verified.filter((p) => p.evidence.some((e) => e.kind === "model")).length;
    log.record(
      "learn",
      modelAnswers ? "learned" : "nothing-to-learn",
      modelAnswers ? `${modelAnswers} verified model answers to remember` : "no verified model answer in this cycle",
    );
  });

  const { conclusion, reason } = concludeCycle(moduleOutput.runs, moduleOutput.findings, analysis.truncated);
  const report: CycleReport = {
    job,
    startedAt,
    analysis,
    moduleRuns: moduleOutput.runs,
    findings: moduleOutput.findings,
    rules: moduleOutput.rules,
    proposals: verified,
    rejected,
    conclusion,
    conclusionReason: reason,
    warnings,
    models: modelUsage,
  };

  // publish: files for the CLI, GitHub objects for the app and action.
  const published = await stage("publish", async () => {
    const out: CycleResult["published"] = [];
    const publishers = options.publishers ?? [];
    if (publishers.length === 0) log.record("publish", "none", "no publisher for this job");
    for (const publisher of publishers) {
      const { description } = await publisher.publish(report);
      log.record("publish", "published", description, null);
      out.push({ publisher: publisher.name, description });
    }
    return out;
  });

  await stage("report", async () => {
    log.record("report", conclusion, reason);
    await log.flush();
  });

  return { ...report, decisions: log.records, published };
}
