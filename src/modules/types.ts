import type { Analysis } from "../analysis/index.js";
import type { LodestarConfig } from "../config/index.js";
import type { Job } from "../job.js";
import type { LlmHandle } from "../llm/index.js";

/** Why we believe a finding or proposal: what was run or read, and what it showed. */
export interface Evidence {
  kind: "measurement" | "command" | "model" | "scan";
  description: string;
  data?: Record<string, unknown>;
}

/** A place in the repository, 1-based lines. */
export interface Location {
  path: string;
  startLine?: number;
  endLine?: number;
}

/** Something a module observed. Levels follow SARIF (`note`, `warning`, `error`). */
export interface Finding {
  module: string;
  ruleId: string;
  level: "note" | "warning" | "error";
  title: string;
  message: string;
  location?: Location;
  evidence: Evidence[];
}

/** A change a module suggests, as a unified diff; published only once verified. */
export interface Proposal {
  module: string;
  /** Short, stable name used for the branch `lodestar/<module>/<slug>`. */
  slug: string;
  title: string;
  body: string;
  patch: string;
  /** Paths the patch touches, relative to the repo root. */
  files: string[];
  evidence: Evidence[];
  /** Set by the module when it has proven the change (tests run, metric improved). */
  verified: boolean;
}

export interface ModuleResult {
  findings: Finding[];
  proposals: Proposal[];
}

/** What every module receives: the analysis, a budgeted model handle, and its own scratch folder. */
export interface ModuleContext {
  job: Job;
  config: LodestarConfig;
  analysis: Analysis;
  llm: LlmHandle;
  /** The only folder the module may write to; removed after the cycle. */
  scratchDir: string;
  signal: AbortSignal;
}

/**
 * A Lodestar module. It never calls GitHub and never writes outside `scratchDir`:
 * it returns findings and proposals with evidence, and the cycle decides what to publish.
 */
export interface LodestarModule {
  name: string;
  description: string;
  /** Whether the module runs code from the repository (then it never runs on untrusted refs). */
  executesRepoCode: boolean;
  run(context: ModuleContext): Promise<ModuleResult>;
}
