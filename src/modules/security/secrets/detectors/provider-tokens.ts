import { hasBase62Crc32Checksum } from "../checksums.js";
import { defineRule } from "./rule.js";
import { gatedDetector, tokenDetector, type GatedSpec, type TokenSpec } from "./token-detector.js";

/*
 * Provider formats with a distinctive literal, from each provider's published token format.
 * Every pattern carries its own boundaries (lookbehind / lookahead), so a prefix inside a longer
 * base64 run (a lockfile integrity hash) never matches.
 */

export const decodesToDigits = (segment: string): boolean => /^\d{15,21}$/.test(Buffer.from(segment, "base64url").toString("latin1"));

/**
 * Formats whose checksum decides: a value of this shape that failed it is a made-up token, and
 * the entropy detector must not report it either.
 */
export const CHECKSUMMED_FORMAT = /^(?:gh[pousr]|npm)_[A-Za-z0-9]{36}$/;

const SPECS: TokenSpec[] = [
  // GitHub (2021 formats: prefix + 30 random base62 + 6-char CRC32 checksum)
  {
    rule: defineRule("github-token", "github", "GitHub token"),
    triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/y,
    validate: (t) => hasBase62Crc32Checksum(t, 4),
  },
  {
    rule: defineRule("github-fine-grained-token", "github", "GitHub fine-grained personal access token"),
    triggers: ["github_pat_"],
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y,
  },
  {
    rule: defineRule("github-app-installation-token", "github", "GitHub App installation token"),
    triggers: ["ghs_"],
    pattern: /(?<![A-Za-z0-9_])ghs_\d{1,20}_[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{10,1000}(?![A-Za-z0-9_-])/y,
  },
  // GitLab
  {
    rule: defineRule("gitlab-token", "gitlab", "GitLab token"),
    triggers: ["glpat-", "gldt-", "glrt-", "glcbt-", "glimt-", "glagent-", "gloas-", "glsoat-", "glffct-", "glft-"],
    pattern: /(?<![\w-])(?:glpat|gldt|glrt|glcbt|glimt|glagent|gloas|glsoat|glffct|glft)-[A-Za-z0-9_-]{20,200}(?:\.[A-Za-z0-9]{2}\.[A-Za-z0-9]{9})?(?![\w-])/y,
  },
  {
    rule: defineRule("gitlab-pipeline-trigger-token", "gitlab", "GitLab pipeline trigger token"),
    triggers: ["glptt-"],
    pattern: /(?<![\w-])glptt-[0-9a-f]{40}(?![\w-])/y,
  },
  {
    rule: defineRule("gitlab-runner-registration-token", "gitlab", "GitLab runner registration token"),
    triggers: ["GR1348941"],
    pattern: /(?<![\w-])GR1348941[A-Za-z0-9_-]{20}(?![\w-])/y,
  },
  // Atlassian / Bitbucket
  {
    rule: defineRule("atlassian-api-token", "atlassian", "Atlassian API token"),
    triggers: ["ATATT3", "ATCTT3"],
    pattern: /(?<![\w-])AT[AC]TT3[A-Za-z0-9_=-]{150,250}(?![\w=-])/y,
  },
  {
    rule: defineRule("bitbucket-app-password", "bitbucket", "Bitbucket app password", "medium"),
    triggers: ["ATBB"],
    pattern: /(?<![\w-])ATBB[A-Za-z0-9]{28,60}(?![\w-])/y,
  },
  // Slack
  {
    rule: defineRule("slack-token", "slack", "Slack token"),
    triggers: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-", "xoxe-", "xoxe."],
    pattern: /(?<![\w-])xox(?:[abposr]|e(?:\.xox[bp])?)-[A-Za-z0-9]{1,40}(?:-[A-Za-z0-9]{1,160}){1,5}(?![\w-])/y,
    validate: (t) => t.length >= 30 && /\d/.test(t),
  },
  {
    rule: defineRule("slack-app-token", "slack", "Slack app-level token"),
    triggers: ["xapp-"],
    pattern: /(?<![\w-])xapp-\d-[A-Za-z0-9]{6,20}-\d{6,20}-[A-Za-z0-9]{20,100}(?![\w-])/y,
  },
  {
    rule: defineRule("slack-webhook", "slack", "Slack incoming webhook URL"),
    triggers: ["hooks.slack.com"],
    back: { chars: /[a-z:/]/, max: 8 },
    pattern: /(?<![\w/.-])(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{6,16}\/[A-Za-z0-9]{6,16}\/(?:\d{6,20}\/)?[A-Za-z0-9]{16,64}(?![A-Za-z0-9])/y,
  },
  // Discord, Telegram
  {
    rule: defineRule("discord-webhook", "discord", "Discord webhook URL"),
    triggers: ["/api/webhooks/"],
    back: { chars: /[A-Za-z.:/]/, max: 40 },
    pattern: /(?<![\w.-])https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{15,20}\/[\w-]{60,70}(?![\w-])/y,
  },
  {
    rule: defineRule("telegram-bot-token", "telegram", "Telegram bot token"),
    triggers: [":AA"],
    back: { chars: /\d/, max: 10 },
    pattern: /(?<!\d)\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/y,
  },
  // Mail
  {
    rule: defineRule("sendgrid-api-key", "sendgrid", "SendGrid API key"),
    triggers: ["SG."],
    pattern: /(?<![\w-])SG\.[\w-]{22}\.[\w-]{43}(?![\w-])/y,
  },
  {
    rule: defineRule("mailgun-api-key", "mailgun", "Mailgun API key", "medium"),
    triggers: ["key-"],
    pattern: /(?<![\w-])key-[0-9a-f]{32}(?![\w-])/y,
  },
  {
    rule: defineRule("mailchimp-api-key", "mailchimp", "Mailchimp API key"),
    triggers: ["-us"],
    back: { chars: /[0-9a-f]/, max: 32 },
    pattern: /(?<![\w-])[0-9a-f]{32}-us\d{1,2}(?![\w-])/y,
  },
  {
    rule: defineRule("brevo-api-key", "brevo", "Brevo (Sendinblue) API key"),
    triggers: ["xkeysib-"],
    pattern: /(?<![\w-])xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![\w])/y,
  },
  // Payments
  {
    rule: defineRule("stripe-live-key", "stripe", "Stripe live secret or restricted key"),
    triggers: ["sk_live_", "rk_live_"],
    pattern: /(?<![\w-])[sr]k_live_[A-Za-z0-9]{20,247}(?![\w-])/y,
  },
  {
    rule: defineRule("stripe-test-key", "stripe", "Stripe test secret or restricted key", "medium"),
    triggers: ["sk_test_", "rk_test_"],
    pattern: /(?<![\w-])[sr]k_test_[A-Za-z0-9]{20,247}(?![\w-])/y,
  },
  {
    rule: defineRule("stripe-webhook-secret", "stripe", "Stripe webhook signing secret"),
    triggers: ["whsec_"],
    pattern: /(?<![\w-])whsec_[A-Za-z0-9+/=]{32,100}(?![\w-])/y,
  },
  {
    rule: defineRule("square-token", "square", "Square access token or OAuth secret"),
    triggers: ["sq0atp-", "sq0csp-"],
    pattern: /(?<![\w-])sq0(?:atp-[\w-]{22}|csp-[\w-]{43})(?![\w-])/y,
  },
  {
    rule: defineRule("square-production-token", "square", "Square production access token", "medium"),
    triggers: ["EAAA"],
    pattern: /(?<![\w-])EAAA[\w-]{60}(?![\w-])/y,
  },
  {
    rule: defineRule("braintree-access-token", "paypal", "PayPal Braintree access token"),
    triggers: ["access_token$"],
    pattern: /(?<![\w$])access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}(?![\w])/y,
  },
  {
    rule: defineRule("shopify-token", "shopify", "Shopify access token or shared secret"),
    triggers: ["shpat_", "shpca_", "shppa_", "shpss_"],
    pattern: /(?<![\w-])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![\w-])/y,
  },
  // AI providers
  {
    rule: defineRule("openai-api-key", "openai", "OpenAI API key"),
    triggers: ["sk-"],
    pattern: /(?<![\w-])sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,250}T3BlbkFJ[A-Za-z0-9_-]{16,250}(?![\w-])/y,
  },
  {
    rule: defineRule("anthropic-api-key", "anthropic", "Anthropic API key"),
    triggers: ["sk-ant-"],
    pattern: /(?<![\w-])sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,120}AA(?![\w-])/y,
  },
  {
    rule: defineRule("huggingface-token", "huggingface", "Hugging Face access token"),
    triggers: ["hf_", "api_org_"],
    pattern: /(?<![\w-])(?:hf|api_org)_[A-Za-z]{34}(?![\w])/y,
  },
  {
    rule: defineRule("groq-api-key", "groq", "Groq API key"),
    triggers: ["gsk_"],
    pattern: /(?<![\w-])gsk_[A-Za-z0-9]{52}(?![\w])/y,
  },
  {
    rule: defineRule("replicate-api-token", "replicate", "Replicate API token"),
    triggers: ["r8_"],
    pattern: /(?<![\w-])r8_[A-Za-z0-9]{37}(?![\w])/y,
  },
  // Package registries
  {
    rule: defineRule("npm-token", "npm", "npm access token"),
    triggers: ["npm_"],
    pattern: /(?<![\w-])npm_[A-Za-z0-9]{36}(?![\w])/y,
    validate: (t) => hasBase62Crc32Checksum(t, 4),
  },
  {
    rule: defineRule("pypi-token", "pypi", "PyPI API token"),
    triggers: ["pypi-AgE"],
    pattern: /(?<![\w-])pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![\w-])/y,
    noPlaceholderCheck: true,
  },
  {
    rule: defineRule("rubygems-api-key", "rubygems", "RubyGems API key"),
    triggers: ["rubygems_"],
    pattern: /(?<![\w-])rubygems_[a-f0-9]{48}(?![\w])/y,
  },
  {
    rule: defineRule("docker-hub-token", "docker", "Docker Hub access token"),
    triggers: ["dckr_pat_", "dckr_oat_"],
    pattern: /(?<![\w-])dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,64}(?![\w-])/y,
  },
  // Cloud platforms
  {
    rule: defineRule("gcp-api-key", "google", "Google Cloud / Firebase API key"),
    triggers: ["AIza"],
    pattern: /(?<![\w-])AIza[A-Za-z0-9_-]{35}(?![\w-])/y,
  },
  {
    rule: defineRule("google-oauth-client-secret", "google", "Google OAuth client secret"),
    triggers: ["GOCSPX-"],
    pattern: /(?<![\w-])GOCSPX-[A-Za-z0-9_-]{28}(?![\w-])/y,
  },
  {
    rule: defineRule("firebase-fcm-server-key", "google", "Firebase Cloud Messaging server key"),
    triggers: [":APA91b"],
    back: { chars: /[\w-]/, max: 11 },
    pattern: /(?<![\w-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{130,140}(?![\w-])/y,
  },
  {
    rule: defineRule("azure-storage-account-key", "azure", "Azure storage account key"),
    triggers: ["accountkey="],
    anyCase: true,
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/diy,
    group: 1,
  },
  {
    rule: defineRule("azure-shared-access-key", "azure", "Azure Service Bus / Event Hubs shared access key"),
    triggers: ["sharedaccesskey="],
    anyCase: true,
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{43}=)/diy,
    group: 1,
  },
  {
    rule: defineRule("azure-ad-client-secret", "azure", "Azure AD (Entra ID) client secret"),
    triggers: ["0Q~", "1Q~", "2Q~", "3Q~", "4Q~", "5Q~", "6Q~", "7Q~", "8Q~", "9Q~"],
    back: { chars: /[A-Za-z0-9_~.]/, max: 3 },
    pattern: /(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/y,
  },
  {
    rule: defineRule("heroku-api-key", "heroku", "Heroku API key"),
    triggers: ["HRKU-"],
    pattern: /(?<![\w-])HRKU-AA[A-Za-z0-9_-]{58}(?![\w-])/y,
  },
  {
    rule: defineRule("digitalocean-token", "digitalocean", "DigitalOcean token"),
    triggers: ["dop_v1_", "doo_v1_", "dor_v1_"],
    pattern: /(?<![\w-])do[opr]_v1_[a-f0-9]{64}(?![\w-])/y,
  },
  {
    rule: defineRule("cloudflare-token", "cloudflare", "Cloudflare API token"),
    triggers: ["cfk_", "cfut_", "cfat_"],
    pattern: /(?<![\w-])(?:cfk|cfut|cfat)_[A-Za-z0-9]{40}[0-9a-f]{8}(?![\w])/y,
  },
  {
    rule: defineRule("alibaba-access-key-id", "alibaba", "Alibaba Cloud AccessKey ID", "medium"),
    triggers: ["LTAI"],
    pattern: /(?<![\w-])LTAI[A-Za-z0-9]{12,20}(?![\w])/y,
  },
  {
    rule: defineRule("databricks-token", "databricks", "Databricks access token"),
    triggers: ["dapi"],
    pattern: /(?<![\w-])dapi[a-f0-9]{32}(?:-\d)?(?![\w-])/y,
  },
  {
    rule: defineRule("vault-token", "hashicorp", "HashiCorp Vault token"),
    triggers: ["hvs.", "hvb.", "hvr."],
    pattern: /(?<![\w.-])hv[sbr]\.[A-Za-z0-9_-]{24,300}(?![\w-])/y,
  },
  {
    rule: defineRule("terraform-cloud-token", "hashicorp", "Terraform Cloud / Enterprise API token"),
    triggers: [".atlasv1."],
    back: { chars: /[A-Za-z0-9]/, max: 14 },
    pattern: /(?<![\w-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![\w=-])/y,
  },
  {
    rule: defineRule("doppler-token", "doppler", "Doppler token"),
    triggers: ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
    pattern: /(?<![\w.-])dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}(?![\w])/y,
  },
  {
    rule: defineRule("pulumi-token", "pulumi", "Pulumi access token"),
    triggers: ["pul-"],
    pattern: /(?<![\w-])pul-[a-f0-9]{40}(?![\w])/y,
  },
  {
    rule: defineRule("supabase-token", "supabase", "Supabase access token"),
    triggers: ["sbp_"],
    pattern: /(?<![\w-])sbp_[a-f0-9]{40}(?![\w])/y,
  },
  {
    rule: defineRule("planetscale-token", "planetscale", "PlanetScale token or password"),
    triggers: ["pscale_"],
    pattern: /(?<![\w-])pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}(?![\w.=-])/y,
  },
  {
    rule: defineRule("vercel-token", "vercel", "Vercel token"),
    triggers: ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
    pattern: /(?<![\w-])vc[pciakr]_[A-Za-z0-9]{20,60}(?![\w])/y,
  },
  {
    rule: defineRule("tailscale-key", "tailscale", "Tailscale key"),
    triggers: ["tskey-"],
    pattern: /(?<![\w-])tskey-[a-z]{2,20}-[A-Za-z0-9_]{8,40}-[A-Za-z0-9_]{16,60}(?![\w])/y,
  },
  // SaaS
  {
    rule: defineRule("linear-api-key", "linear", "Linear API key"),
    triggers: ["lin_api_", "lin_oauth_"],
    pattern: /(?<![\w-])lin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})(?![\w])/y,
  },
  {
    rule: defineRule("notion-token", "notion", "Notion integration token"),
    triggers: ["ntn_"],
    pattern: /(?<![\w-])ntn_\d{11}[A-Za-z0-9]{35}(?![\w])/y,
  },
  {
    rule: defineRule("notion-legacy-token", "notion", "Notion integration token (legacy secret_)", "medium"),
    triggers: ["secret_"],
    pattern: /(?<![\w-])secret_[A-Za-z0-9]{43}(?![\w])/y,
  },
  {
    rule: defineRule("figma-token", "figma", "Figma personal access token"),
    triggers: ["figd_"],
    pattern: /(?<![\w-])figd_[A-Za-z0-9_-]{40,200}(?![\w-])/y,
  },
  {
    rule: defineRule("postman-api-key", "postman", "Postman API key"),
    triggers: ["PMAK-"],
    pattern: /(?<![\w-])PMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![\w])/y,
  },
  {
    rule: defineRule("onepassword-service-account-token", "1password", "1Password service account token"),
    triggers: ["ops_eyJ"],
    pattern: /(?<![\w-])ops_eyJ[A-Za-z0-9+/=]{100,1300}(?![\w+/=])/y,
    noPlaceholderCheck: true,
  },
  {
    rule: defineRule("grafana-token", "grafana", "Grafana token"),
    triggers: ["glc_", "glsa_"],
    pattern: /(?<![\w-])gl(?:c_[A-Za-z0-9+/]{32,400}={0,2}|sa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![\w+/=])/y,
  },
  {
    rule: defineRule("new-relic-key", "newrelic", "New Relic key"),
    triggers: ["NRAK-", "NRII-"],
    pattern: /(?<![\w-])NR(?:AK-[A-Z0-9]{27}|II-[A-Za-z0-9_-]{32})(?![\w-])/y,
  },
  {
    rule: defineRule("new-relic-license-key", "newrelic", "New Relic license key"),
    triggers: ["NRAL"],
    back: { chars: /[a-f0-9]/, max: 36 },
    pattern: /(?<![\w-])[a-f0-9]{36}NRAL(?![\w])/y,
  },
  {
    rule: defineRule("sentry-token", "sentry", "Sentry auth token"),
    triggers: ["sntrys_", "sntryu_"],
    pattern: /(?<![\w-])sntry(?:s_eyJ[A-Za-z0-9+/=_-]{60,500}|u_[a-f0-9]{64})(?![\w+/=-])/y,
    noPlaceholderCheck: true,
  },
  {
    rule: defineRule("dynatrace-token", "dynatrace", "Dynatrace API token"),
    triggers: ["dt0c01."],
    pattern: /(?<![\w-])dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![\w])/y,
  },
  {
    rule: defineRule("mapbox-secret-token", "mapbox", "Mapbox secret access token"),
    triggers: ["sk.eyJ"],
    pattern: /(?<![\w-])sk\.eyJ[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{20,100}(?![\w-])/y,
  },
  {
    rule: defineRule("age-secret-key", "age", "age encryption secret key"),
    triggers: ["AGE-SECRET-KEY-1"],
    pattern: /(?<![\w-])AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![\w])/y,
  },
];

export const DISCORD_BOT_TOKEN = defineRule("discord-bot-token", "discord", "Discord bot token");

const GATED: GatedSpec[] = [
  {
    // Bot tokens: base64(user id).timestamp.hmac. The first part must decode to a snowflake id,
    // which random base64 almost never does.
    rule: DISCORD_BOT_TOKEN,
    gates: ["discord"],
    pattern: /(?<![\w.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![\w.-])/g,
    validate: (t) => decodesToDigits(t.slice(0, t.indexOf("."))),
  },
  {
    rule: defineRule("twilio-api-key", "twilio", "Twilio API key SID"),
    gates: ["twilio"],
    pattern: /(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])/g,
  },
];

export const providerTokens = tokenDetector("provider-tokens", SPECS);
export const gatedTokens = gatedDetector("gated-tokens", GATED);
