import { analyzeRepository, type Analysis } from "../../analysis/index.js";
import { openAnalysisCache, type AnalysisCache } from "../../state/index.js";
import { UserError } from "../user-error.js";
import { requireDirectory } from "./cycle.js";

export interface AnalyzeCommandOptions {
  repo: string;
  metrics?: string;
  /** False with `--no-cache`: read every file again and leave the cache alone. */
  cache?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where progress goes (stderr in the terminal). */
  progress?: (line: string) => void;
}

const SCOPES = ["hotspots", "all", "none"] as const;

/**
 * A progress reporter for long runs: a line when a phase starts, then at most one every
 * `everyMs` with done/total, so a terminal or a CI log shows movement without flooding.
 */
export function phaseProgress(write: (line: string) => void, everyMs = 2000): (phase: string, done: number, total: number) => void {
  let current = "";
  let last = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (phase !== current) {
      current = phase;
      last = now;
      write(`${phase}…`);
    } else if (now - last >= everyMs && total > 1) {
      last = now;
      write(`${phase}: ${done}/${total}`);
    }
  };
}

/** Opens the analysis cache, or runs without one (with a warning) when the state folder cannot be used. */
export async function openCacheOrWarn(repoDir: string, env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<AnalysisCache | null> {
  try {
    return await openAnalysisCache(repoDir, { env });
  } catch (error) {
    warn(`warning: no analysis cache (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); every file is read`);
    return null;
  }
}

/** `lodestar analyze`: the analysis of a local directory, cached per file in the state folder. */
export async function analyzeCommand(options: AnalyzeCommandOptions): Promise<Analysis> {
  const repoDir = await requireDirectory(options.repo);
  const scope = options.metrics ?? "hotspots";
  if (!(SCOPES as readonly string[]).includes(scope)) throw new UserError(`--metrics: expected one of ${SCOPES.join(", ")}, got "${scope}"`);
  const progress = options.progress ?? (() => {});
  const cache = options.cache === false ? null : openCacheOrWarn(repoDir, options.env ?? process.env, progress);
  return analyzeRepository(repoDir, { cache, metrics: scope as (typeof SCOPES)[number], onProgress: phaseProgress(progress) });
}
