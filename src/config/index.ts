export { configSchema, configJsonSchema, defaultConfig, type LodestarConfig, type LodestarConfigInput } from "./schema.js";
export {
  CONFIG_PATH,
  ConfigError,
  loadRepoConfig,
  parseConfigText,
  validateConfig,
  type ConfigProblem,
  type ConfigResult,
} from "./load.js";
