/**
 * Which environment variable holds each cloud provider's key, and which are set. Apart from the
 * providers so that `lodestar doctor` can ask without loading the SDKs. Keys come from the
 * environment only, never from repo config.
 */
export const CLOUD_KEY_VARIABLES = { anthropic: "ANTHROPIC_API_KEY", openai: "OPENAI_API_KEY" } as const;

export type CloudProviderName = keyof typeof CLOUD_KEY_VARIABLES;

/** Which cloud keys are set (non-empty), without exposing them. */
export function cloudKeysSet(env: NodeJS.ProcessEnv): Record<CloudProviderName, boolean> {
  return { anthropic: Boolean(env.ANTHROPIC_API_KEY), openai: Boolean(env.OPENAI_API_KEY) };
}
