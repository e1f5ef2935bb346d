import type { SecretConfidence, SecretRule } from "../types.js";

const registry = new Map<string, SecretRule>();

/** Declares a rule once; every rule is listed by `listSecretRules()` (SARIF rule metadata). */
export function defineRule(id: string, provider: string, title: string, confidence: SecretConfidence = "high"): SecretRule {
  const rule: SecretRule = { id: `secret/${id}`, provider, title, confidence };
  registry.set(rule.id, rule);
  return rule;
}

export function registeredRules(): SecretRule[] {
  return [...registry.values()];
}
