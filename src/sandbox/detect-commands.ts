import type { LodestarConfig } from "../config/index.js";
import { detectNode } from "./detect-node.js";
import { detectCargo, detectGo, detectGradle, detectMaven, detectPytest } from "./detect-other.js";
import type { RepoCommands } from "./types.js";

/** Tried in this order: the first ecosystem with a test command wins. */
const DETECTORS = [detectNode, detectPytest, detectGo, detectCargo, detectMaven, detectGradle];

/**
 * The repo's commands: from config (`commands`, read from the default branch only), else
 * detected (package.json scripts and lockfile, pytest, go.mod, Cargo.toml, pom.xml,
 * build.gradle). A config that names `test` is taken as it is; one that names only some other
 * step overrides that step of the detected set. Null when nothing is found.
 */
export async function detectCommands(repoDir: string, config: LodestarConfig): Promise<RepoCommands | null> {
  const c = config.commands ?? {};
  const coverage = c.coverage ? { argv: [...c.coverage.command], report: c.coverage.report, format: c.coverage.format } : undefined;
  if (c.test) {
    return {
      ...(c.install ? { install: [...c.install] } : {}),
      ...(c.build ? { build: [...c.build] } : {}),
      test: [...c.test],
      ...(coverage ? { coverage } : {}),
      source: "config",
      ecosystem: "config",
    };
  }
  let detected: RepoCommands | null = null;
  for (const detect of DETECTORS) {
    detected = await detect(repoDir);
    if (detected) break;
  }
  if (!detected) return null;
  if (c.install) detected.install = [...c.install];
  if (c.build) detected.build = [...c.build];
  if (coverage) detected.coverage = coverage;
  return detected;
}
