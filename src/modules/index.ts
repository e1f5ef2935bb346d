export { builtinModules, enabledModuleNames, ON_DEMAND_MODULES } from "./registry.js";
export { factsModule } from "./facts/index.js";
export { securityModule } from "./security/index.js";
export { testsModule } from "./tests/index.js";
export { refactorModule } from "./refactor/index.js";
export { fixModule } from "./fix/index.js";
export type {
  Evidence,
  Finding,
  Location,
  LodestarModule,
  ModuleContext,
  ModuleResult,
  Proposal,
  RuleInfo,
} from "./types.js";
