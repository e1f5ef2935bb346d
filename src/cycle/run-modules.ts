import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import type { Analysis } from "../analysis/index.js";
import type { Job } from "../job.js";
import type { AnalysisCache } from "../state/index.js";
import type { LlmHandle } from "../llm/index.js";
import type { Finding, LodestarModule, ModuleResult, Proposal, RuleInfo } from "../modules/index.js";
import type { DecisionLog } from "./decision-log.js";
import type { ModuleRun } from "./types.js";

export interface RunModulesInput {
  job: Job;
  analysis: Analysis;
  llm: LlmHandle;
  names: readonly string[];
  registry: readonly LodestarModule[];
  concurrency: number;
  timeoutMs: number;
  scratchRoot: string;
  log: DecisionLog;
  cache?: AnalysisCache | null;
}

export interface RunModulesOutput {
  runs: ModuleRun[];
  findings: Finding[];
  proposals: Proposal[];
  rules: RuleInfo[];
}

class ModuleTimeout extends Error {}

async function runOne(module: LodestarModule, input: RunModulesInput) {
  const scratchDir = await mkdtemp(path.join(input.scratchRoot, `lodestar-${module.name}-`));
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ModuleTimeout(`timed out after ${Math.round(input.timeoutMs / 1000)} s`));
      }, input.timeoutMs);
    });
    return await Promise.race([
      module.run({
        job: input.job,
        config: input.job.config,
        analysis: input.analysis,
        llm: input.llm,
        scratchDir,
        signal: controller.signal,
        cache: input.cache ?? null,
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/**
 * Runs the chosen modules in parallel under a concurrency limit. A module that throws or
 * times out is recorded as failed and the others go on; a module that would execute repo
 * code is skipped on untrusted refs (fork pull requests).
 */
export async function runModules(input: RunModulesInput): Promise<RunModulesOutput> {
  const limit = pLimit(input.concurrency);
  const { log } = input;
  const runs = await Promise.all(
    input.names.map((name) =>
      limit(async (): Promise<{ run: ModuleRun; result?: ModuleResult }> => {
        const started = Date.now();
        const module = input.registry.find((m) => m.name === name);
        const skip = (reason: string) => {
          log.record("modules", "skip", reason, name);
          const run: ModuleRun = { module: name, status: "skipped", reason, durationMs: 0, findings: 0, proposals: 0 };
          return { run };
        };
        if (!module) return skip(`no module named "${name}" in this build`);
        if (module.executesRepoCode && !input.job.trusted) {
          return skip("the ref is not trusted (fork code is never executed)");
        }
        log.record("modules", "run", module.description, name);
        try {
          const result = await runOne(module, input);
          const durationMs = Date.now() - started;
          log.record(
            "modules",
            "done",
            `${result.findings.length} findings, ${result.proposals.length} proposals in ${durationMs} ms`,
            name,
          );
          const incomplete = result.incomplete?.filter(Boolean) ?? [];
          for (const why of incomplete) log.record("modules", "incomplete", why, name);
          const run: ModuleRun = { module: name, status: "ok", durationMs, findings: result.findings.length, proposals: result.proposals.length };
          if (incomplete.length) run.incomplete = incomplete;
          return { run, result };
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          log.record("modules", "failed", reason, name);
          return { run: { module: name, status: "failed", reason, durationMs: Date.now() - started, findings: 0, proposals: 0 } };
        }
      }),
    ),
  );
  return {
    runs: runs.map((r) => r.run),
    findings: runs.flatMap((r) => r.result?.findings ?? []),
    proposals: runs.flatMap((r) => r.result?.proposals ?? []),
    rules: runs.flatMap((r) => r.result?.rules ?? []),
  };
}

export const DEFAULT_SCRATCH_ROOT = os.tmpdir();
