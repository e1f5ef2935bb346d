import type { Analysis } from "../analysis/index.js";
import type { LodestarConfig } from "../config/index.js";
import type { Job } from "../job.js";
import type { LlmHandle } from "../llm/index.js";
import type { AnalysisCache } from "../state/index.js";

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
  /** 1-based columns, as SARIF counts them. */
  startColumn?: number;
  endColumn?: number;
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
  /** Stable identity across runs and line moves (SARIF `partialFingerprints`); never derived from a secret in clear. */
  fingerprint?: string;
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
  /**
   * Parts of the module's work that could not be done (e.g. the vulnerability database was
   * unreachable). The cycle then cannot end green: absence of findings is not a clean bill.
   */
  incomplete?: string[];
  /** Rule metadata for the findings' rule ids (SARIF `tool.driver.rules`). */
  rules?: RuleInfo[];
}

/** What a rule looks for, for SARIF readers and the summary. */
export interface RuleInfo {
  id: string;
  title: string;
  help?: string;
  /** e.g. "CWE-78", "security". */
  tags?: string[];
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
  /** Per-file results of earlier runs, keyed by blob id; null when the front door has no local cache. */
  cache: AnalysisCache | null;
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
