import type { Analysis } from "../analysis/index.js";
import type { Job } from "../job.js";
import type { AnalysisCache } from "../state/index.js";
import type { LlmHandle } from "../llm/index.js";
import type { Finding, LodestarModule, Proposal, RuleInfo } from "../modules/index.js";
import type { DecisionRecord, DecisionSink, Stage } from "./decision-log.js";
import type { CycleModelUsage } from "./model-usage.js";

export type Conclusion = "success" | "neutral" | "failure";

export interface ModuleRun {
  module: string;
  status: "ok" | "failed" | "skipped";
  reason?: string;
  durationMs: number;
  findings: number;
  proposals: number;
  /** Work an "ok" module could not do (a database unreachable…): the run cannot end green. */
  incomplete?: string[];
}

/** Everything a cycle found and decided; what publishers turn into files or GitHub objects. */
export interface CycleReport {
  job: Job;
  startedAt: string;
  analysis: Analysis;
  moduleRuns: ModuleRun[];
  findings: Finding[];
  /** Metadata of the rules behind the findings, for SARIF. */
  rules: RuleInfo[];
  /** Proposals that passed policy and verification: the only ones that may be published. */
  proposals: Proposal[];
  rejected: { proposal: Proposal; reason: string }[];
  conclusion: Conclusion;
  /** One sentence a user reads first: why the conclusion is what it is. */
  conclusionReason: string;
  /** Problems that did not stop the cycle but a user must see (e.g. a state file restored). */
  warnings: string[];
  /** What the modules asked of the models: routes, tokens, cost, and why the cloud was closed. */
  models: CycleModelUsage;
}

/** Writes the cycle's results somewhere: files for the CLI, GitHub for the app and action. */
export interface Publisher {
  name: string;
  publish(report: CycleReport): Promise<{ description: string }>;
}

export interface CycleOptions {
  /**
   * Produces the analysis: the full local analysis (CLI, Action) or one built from a file
   * listing alone (the webhook server lists a commit through the tree API).
   */
  analyze: () => Promise<Analysis>;
  modules?: readonly LodestarModule[];
  /** Per-file results of earlier runs (analysis, security scan, OSV answers), when there is a local cache. */
  cache?: AnalysisCache | null;
  llm?: LlmHandle;
  publishers?: readonly Publisher[];
  decisionSinks?: readonly DecisionSink[];
  /** Where module scratch folders are made; the system temp folder by default. */
  scratchRoot?: string;
  /** A module that runs longer is abandoned and counted as failed. */
  moduleTimeoutMs?: number;
  warnings?: string[];
  /** Told when each stage starts and ends (grouped logs in the Action, progress in the CLI). */
  onStage?: (stage: Stage, event: "start" | "end") => void;
  now?: () => Date;
}

export interface CycleResult extends CycleReport {
  decisions: DecisionRecord[];
  published: { publisher: string; description: string }[];
}
