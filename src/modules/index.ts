export { builtinModules, enabledModuleNames } from "./registry.js";
export { factsModule } from "./facts/index.js";
export { securityModule } from "./security/index.js";
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
