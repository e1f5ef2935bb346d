/**
 * The sandbox: a scratch copy of a trusted repository where its own commands (install, build,
 * test, coverage) run with limits, an allow-listed environment and, where the platform allows,
 * no network. What is and is not isolated: README.md in this folder.
 */
export type {
  CoverageCommand,
  CreateWorkspaceOptions,
  Ecosystem,
  RepoCommands,
  SandboxCommand,
  SandboxIsolation,
  SandboxLimits,
  SandboxResult,
  Workspace,
} from "./types.js";
export { createWorkspace, UntrustedCodeError } from "./workspace.js";
export { detectCommands } from "./detect-commands.js";
export { DEFAULT_LIMITS, sandboxLimits } from "./limits.js";
export { probeIsolation } from "./isolation.js";
export { workspacePathReason } from "./paths.js";
export { NODE_TEST_LCOV } from "./detect-node.js";
