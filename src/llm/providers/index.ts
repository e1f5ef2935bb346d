/**
 * The model providers, built from the environment (hosts, keys) and the repo config (which models,
 * which cloud). Keys come from the environment only, never from repo config: a config on a branch
 * cannot point Lodestar at another endpoint or spend someone else's key.
 */
import type { LodestarConfig } from "../../config/index.js";
import { ollamaHost } from "../ollama-status.js";
import type { ModelProvider, ProviderName } from "../types.js";
import { AnthropicProvider } from "./anthropic.js";
import { cloudKeysSet } from "./cloud-keys.js";
import { OllamaProvider } from "./ollama.js";
import { OpenAIProvider } from "./openai.js";

export { AnthropicProvider, ANTHROPIC_DEFAULT_MAX_TOKENS, type AnthropicProviderOptions } from "./anthropic.js";
export { OllamaProvider, type OllamaProviderOptions } from "./ollama.js";
export { OpenAIProvider, schemaName, type OpenAIProviderOptions } from "./openai.js";
export { callSignal, fetchWithSignal, type CallSignal } from "./call-signal.js";
export { isNetworkError, kindForStatus, missingKeyError, retryAfterMs, toProviderError } from "./http-errors.js";
export { parseStructured } from "./structured-output.js";
export { CLOUD_KEY_VARIABLES, cloudKeysSet, type CloudProviderName } from "./cloud-keys.js";


/** One provider and the model it is asked for. */
export interface ProviderModel {
  provider: ModelProvider;
  model: string;
}

export interface ProviderSet {
  /** Ollama with `models.local`. */
  local: ProviderModel;
  /** The configured cloud (`models.cloud`), absent when it is `none`. Present without a key too: its calls fail with "auth". */
  cloud?: ProviderModel;
  /** Whether the cloud provider has its key; false when there is no cloud. */
  cloudKeySet: boolean;
}

/** Hooks for tests: a fetch to use and a latency clock. */
export interface ProviderFactoryOptions {
  fetch?: typeof fetch;
  now?: () => number;
}

/** Ollama from OLLAMA_HOST. */
export function createOllamaProvider(env: NodeJS.ProcessEnv, options: ProviderFactoryOptions = {}): OllamaProvider {
  return new OllamaProvider({ host: ollamaHost(env), ...options });
}

/** Anthropic from ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL. */
export function createAnthropicProvider(env: NodeJS.ProcessEnv, options: ProviderFactoryOptions = {}): AnthropicProvider {
  return new AnthropicProvider({
    ...(env.ANTHROPIC_API_KEY ? { apiKey: env.ANTHROPIC_API_KEY } : {}),
    ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
    ...options,
  });
}

/** OpenAI from OPENAI_API_KEY and OPENAI_BASE_URL. */
export function createOpenAIProvider(env: NodeJS.ProcessEnv, options: ProviderFactoryOptions = {}): OpenAIProvider {
  return new OpenAIProvider({
    ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    ...options,
  });
}

/** A provider by name, configured from the environment. */
export function createProvider(name: ProviderName, env: NodeJS.ProcessEnv, options: ProviderFactoryOptions = {}): ModelProvider {
  if (name === "ollama") return createOllamaProvider(env, options);
  return name === "anthropic" ? createAnthropicProvider(env, options) : createOpenAIProvider(env, options);
}

/** The local provider and the configured cloud provider, each with its model from config. */
export function createProviders(env: NodeJS.ProcessEnv, config: Pick<LodestarConfig, "models">, options: ProviderFactoryOptions = {}): ProviderSet {
  const local = { provider: createOllamaProvider(env, options), model: config.models.local };
  const cloudName = config.models.cloud;
  if (cloudName === "none") return { local, cloudKeySet: false };
  const model = cloudName === "anthropic" ? config.models["anthropic-model"] : config.models["openai-model"];
  return { local, cloud: { provider: createProvider(cloudName, env, options), model }, cloudKeySet: cloudKeysSet(env)[cloudName] };
}
