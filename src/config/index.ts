export { configSchema, configJsonSchema, defaultConfig, type LodestarConfig, type LodestarConfigInput } from "./schema.js";
export {
  CONFIG_PATH,
  loadRepoConfig,
  parseConfigText,
  validateConfig,
  type ConfigProblem,
  type ConfigResult,
} from "./load.js";
