export { builtinModules, enabledModuleNames } from "./registry.js";
export { factsModule } from "./facts/index.js";
export type {
  Evidence,
  Finding,
  Location,
  LodestarModule,
  ModuleContext,
  ModuleResult,
  Proposal,
} from "./types.js";
