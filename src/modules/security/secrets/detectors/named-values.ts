import type { SecretRule } from "../types.js";
import { AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, looksLikeAwsSecret } from "./aws.js";
import { DISCORD_BOT_TOKEN, decodesToDigits } from "./provider-tokens.js";
import { defineRule } from "./rule.js";

/**
 * Provider credentials with no distinctive prefix (a Datadog key is 32 hex digits, like an MD5):
 * recognised only when the name they are assigned to names the provider, and the value has the
 * provider's exact shape.
 */
export interface NamedValueRule {
  rule: SecretRule;
  name: RegExp;
  value: RegExp;
  check?: (value: string) => boolean;
}


export const NAMED_VALUE_RULES: readonly NamedValueRule[] = [
  {
    rule: AWS_SECRET_ACCESS_KEY,
    name: /aws.{0,20}secret|secret.{0,3}access.{0,3}key/i,
    value: /^[A-Za-z0-9/+]{40}$/,
    check: looksLikeAwsSecret,
  },
  { rule: AWS_SESSION_TOKEN, name: /aws.{0,8}session.{0,3}token|security.?token/i, value: /^[A-Za-z0-9/+=]{100,2000}$/ },
  {
    rule: defineRule("datadog-api-key", "datadog", "Datadog API or application key"),
    name: /datadog|(?:^|[^a-z])dd[_-]?(?:api|app|application|client)[_-]?(?:key|token)/i,
    value: /^(?:[a-f0-9]{32}|[a-f0-9]{40})$/,
  },
  {
    rule: defineRule("twilio-auth-token", "twilio", "Twilio auth token or API secret"),
    name: /twilio/i,
    value: /^(?:[a-f0-9]{32}|[A-Za-z0-9]{32})$/,
  },
  {
    rule: defineRule("heroku-legacy-api-key", "heroku", "Heroku API key"),
    name: /heroku/i,
    value: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  },
  { rule: defineRule("cohere-api-key", "cohere", "Cohere API key"), name: /cohere|^co_api_key$/i, value: /^[A-Za-z0-9]{40}$/ },
  {
    rule: defineRule("mailgun-signing-key", "mailgun", "Mailgun key"),
    name: /mailgun/i,
    value: /^(?:key-)?[0-9a-f]{32}$|^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/,
  },
  {
    rule: defineRule("cloudflare-api-key", "cloudflare", "Cloudflare API token or global API key"),
    name: /cloudflare|^cf_(?:api|auth)/i,
    value: /^(?:[A-Za-z0-9_-]{40}|[a-f0-9]{37})$/,
  },
  { rule: defineRule("new-relic-legacy-key", "newrelic", "New Relic license or API key"), name: /new.?relic|^nr_/i, value: /^[a-f0-9]{40}$/ },
  { rule: defineRule("algolia-api-key", "algolia", "Algolia admin API key"), name: /algolia/i, value: /^[a-f0-9]{32}$/ },
  { rule: defineRule("okta-api-token", "okta", "Okta API token"), name: /okta/i, value: /^00[A-Za-z0-9_-]{40}$/ },
  { rule: defineRule("vault-legacy-token", "hashicorp", "HashiCorp Vault token (legacy s.)"), name: /vault/i, value: /^s\.[A-Za-z0-9]{24}$/ },
  {
    rule: defineRule("azure-key", "azure", "Azure storage or cognitive services key"),
    name: /azure|storage.?(?:account.?)?key|account.?key/i,
    value: /^(?:[A-Za-z0-9+/]{86}==|[a-f0-9]{32})$/,
  },
  { rule: defineRule("sentry-legacy-token", "sentry", "Sentry auth token (legacy)"), name: /sentry/i, value: /^[a-f0-9]{64}$/ },
  { rule: defineRule("pagerduty-api-key", "pagerduty", "PagerDuty API key"), name: /pagerduty|^pd_/i, value: /^[A-Za-z0-9_+-]{20}$/ },
  {
    rule: defineRule("github-oauth-client-secret", "github", "GitHub OAuth app client secret"),
    name: /github.{0,20}(?:client.?)?secret/i,
    value: /^[a-f0-9]{40}$/,
  },
  {
    rule: DISCORD_BOT_TOKEN,
    name: /discord|bot.?token/i,
    value: /^[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}$/,
    check: (v) => decodesToDigits(v.slice(0, v.indexOf("."))),
  },
];
