import type { LodestarConfig } from "../config/index.js";
import { factsModule } from "./facts/index.js";
import { securityModule } from "./security/index.js";
import { testsModule } from "./tests/index.js";
import { refactorModule } from "./refactor/index.js";
import { fixModule } from "./fix/index.js";
import type { LodestarModule } from "./types.js";

/** Every module Lodestar ships, by name. New modules register here. */
export const builtinModules: readonly LodestarModule[] = [factsModule, securityModule, testsModule, refactorModule, fixModule];

/** Modules that run only when a job names them (a fix is about one issue), never in a full cycle. */
export const ON_DEMAND_MODULES: ReadonlySet<string> = new Set(["fix"]);

/** Modules switched on in config, optionally narrowed to `wanted` (the CLI's `--modules`). */
export function enabledModuleNames(config: LodestarConfig, wanted?: readonly string[]): string[] {
  const enabled = Object.entries(config.modules)
    .filter(([, toggle]) => toggle.enabled)
    .map(([name]) => name);
  return wanted ? enabled.filter((name) => wanted.includes(name)) : enabled.filter((name) => !ON_DEMAND_MODULES.has(name));
}
