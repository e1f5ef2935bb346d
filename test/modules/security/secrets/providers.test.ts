import { describe, expect, it } from "@jest/globals";
import { listSecretRules, scanTextForSecrets } from "../../../../src/modules/security/secrets/index.js";
import { ALPHABET, awsKeyId, awsSecretKey, b62, b64, b64url, crcSuffix, digits, githubToken, hex, jwt, letters, npmToken, seeded, upperDigits } from "./tokens.js";

/**
 * One real-format credential per provider, in a realistic line, and a look-alike of the same
 * provider that is not a credential (wrong length, failing checksum, public counterpart, missing
 * context). Every value is built at run time.
 */
interface Case {
  provider: string;
  ruleId: string;
  path: string;
  /** The secret and the file text holding it. */
  positive: () => { secret: string; text: string };
  negative: () => string;
}

const pieces = seeded(77);
const snowflake = (): string => digits(19);

const CASES: Case[] = [
  {
    provider: "github", ruleId: "secret/github-token", path: ".env",
    positive: () => { const s = githubToken("p"); return { secret: s, text: `GITHUB_TOKEN=${s}\n` }; },
    // Same shape, checksum does not match the body.
    negative: () => { const body = b62(30); let check = b62(6); while (check === crcSuffix(body)) check = b62(6); return `const fixture = "ghp_${body}${check}";\n`; },
  },
  {
    provider: "github", ruleId: "secret/github-token", path: "ci/release.sh",
    positive: () => { const s = githubToken("s"); return { secret: s, text: `git push https://x-access-token:${s}@github.com/acme/app.git\n` }; },
    negative: () => `const prefix = "ghs_${b62(20)}";\n`,
  },
  {
    provider: "github", ruleId: "secret/github-fine-grained-token", path: "config/deploy.yml",
    positive: () => { const s = `github_pat_${b62(22)}_${b62(59)}`; return { secret: s, text: `deploy:\n  token: ${s}\n` }; },
    negative: () => `note: "github_pat_${b62(21)}_${b62(40)}"\n`,
  },
  {
    provider: "gitlab", ruleId: "secret/gitlab-token", path: ".gitlab-ci.yml",
    positive: () => { const s = `glpat-${b64url(20)}`; return { secret: s, text: `variables:\n  RELEASE_TOKEN: "${s}"\n` }; },
    negative: () => `# glpat-${b62(8)} is too short to be a token\n`,
  },
  {
    provider: "gitlab", ruleId: "secret/gitlab-pipeline-trigger-token", path: "scripts/trigger.sh",
    positive: () => { const s = `glptt-${hex(40)}`; return { secret: s, text: `curl -X POST -F token=${s} https://gitlab.example.net/api/v4/projects/7/trigger/pipeline\n` }; },
    negative: () => `echo glptt-${hex(39)}\n`,
  },
  {
    provider: "atlassian", ruleId: "secret/atlassian-api-token", path: "jira.properties",
    positive: () => { const s = `ATATT3${b64url(180)}`; return { secret: s, text: `jira.api.token=${s}\n` }; },
    negative: () => `jira.api.token.hint=ATATT3${b62(12)}\n`,
  },
  {
    provider: "bitbucket", ruleId: "secret/bitbucket-app-password", path: "bitbucket.env",
    positive: () => { const s = `ATBB${b62(32)}`; return { secret: s, text: `BITBUCKET_APP_PASSWORD=${s}\n` }; },
    negative: () => `ref=ATBB${b62(10)}\n`,
  },
  {
    provider: "slack", ruleId: "secret/slack-token", path: "bot/config.py",
    positive: () => { const s = `xoxb-${digits(11)}-${digits(13)}-${b62(24)}`; return { secret: s, text: `SLACK_BOT_TOKEN = "${s}"\n` }; },
    negative: () => `SLACK_BOT_TOKEN = "xoxb-your-bot-token-goes-here"\n`,
  },
  {
    provider: "slack", ruleId: "secret/slack-app-token", path: "bot/.env",
    positive: () => { const s = `xapp-1-A${upperDigits(10)}-${digits(13)}-${hex(64)}`; return { secret: s, text: `SLACK_APP_TOKEN=${s}\n` }; },
    negative: () => `SLACK_APP_TOKEN=xapp-1-${"A".repeat(4)}\n`,
  },
  {
    provider: "slack", ruleId: "secret/slack-webhook", path: "alerts.json",
    positive: () => { const s = `https://hooks.slack.com/services/T${upperDigits(10)}/B${upperDigits(10)}/${b62(24)}`; return { secret: s, text: `{ "webhook": "${s}" }\n` }; },
    // Slack's own documentation example.
    negative: () => `{ "webhook": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX" }\n`,
  },
  {
    provider: "discord", ruleId: "secret/discord-webhook", path: "notify.js",
    positive: () => { const s = `https://discord.com/api/webhooks/${snowflake()}/${b64url(68)}`; return { secret: s, text: `await fetch("${s}", { method: "POST" });\n` }; },
    negative: () => `// see https://discord.com/api/webhooks/{webhook.id}/{webhook.token}\n`,
  },
  {
    provider: "discord", ruleId: "secret/discord-bot-token", path: "bot/main.py",
    positive: () => { const s = `${Buffer.from(snowflake()).toString("base64url")}.${b64url(6)}.${b64url(38)}`; return { secret: s, text: `import discord\nclient = discord.Client()\nclient.run("${s}")\n` }; },
    // Right shape, but the first part does not decode to a user id.
    negative: () => `import discord\nclient.run("${Buffer.from("not-a-snowflake-id").toString("base64url").slice(0, 24)}.${b64url(6)}.${b64url(38)}")\n`,
  },
  {
    provider: "telegram", ruleId: "secret/telegram-bot-token", path: "bot.go",
    positive: () => { const s = `${digits(10)}:AA${b64url(33)}`; return { secret: s, text: `bot, err := tgbotapi.NewBotAPI("${s}")\n` }; },
    negative: () => `ratio := "12345:AA${b64url(33)}"\n`,
  },
  {
    provider: "twilio", ruleId: "secret/twilio-api-key", path: "sms.rb",
    positive: () => { const s = `SK${hex(32)}`; return { secret: s, text: `client = Twilio::REST::Client.new("${s}", ENV["TWILIO_API_SECRET"])\n` }; },
    // The same shape in a file that has nothing to do with Twilio is just a hex id.
    negative: () => `trace = "SK${hex(32)}"\n`,
  },
  {
    provider: "twilio", ruleId: "secret/twilio-auth-token", path: ".env",
    positive: () => { const s = hex(32); return { secret: s, text: `TWILIO_ACCOUNT_SID=AC${hex(32)}\nTWILIO_AUTH_TOKEN=${s}\n` }; },
    negative: () => `TWILIO_AUTH_TOKEN=\${TWILIO_AUTH_TOKEN}\n`,
  },
  {
    provider: "sendgrid", ruleId: "secret/sendgrid-api-key", path: "mail/settings.py",
    positive: () => { const s = `SG.${b64url(22)}.${b64url(43)}`; return { secret: s, text: `EMAIL_HOST_PASSWORD = "${s}"\n` }; },
    negative: () => `version = "SG.${b62(10)}.${b62(12)}"\n`,
  },
  {
    provider: "mailgun", ruleId: "secret/mailgun-api-key", path: "mailer.php",
    positive: () => { const s = `key-${hex(32)}`; return { secret: s, text: `$mg = Mailgun::create('${s}');\n` }; },
    negative: () => `$cacheKey = 'key-${hex(12)}';\n`,
  },
  {
    provider: "mailchimp", ruleId: "secret/mailchimp-api-key", path: "newsletter.ts",
    positive: () => { const s = `${hex(32)}-us${pieces(1, "123456789")}`; return { secret: s, text: `mailchimp.setConfig({ apiKey: "${s}", server: "us6" });\n` }; },
    negative: () => `const locale = "${hex(32)}-usa";\n`,
  },
  {
    provider: "brevo", ruleId: "secret/brevo-api-key", path: "brevo.env",
    positive: () => { const s = `xkeysib-${hex(64)}-${b62(16)}`; return { secret: s, text: `BREVO_API_KEY=${s}\n` }; },
    negative: () => `BREVO_API_KEY_NAME=xkeysib-${hex(10)}\n`,
  },
  {
    provider: "stripe", ruleId: "secret/stripe-live-key", path: "payments/config.js",
    positive: () => { const s = `sk_live_${b62(99)}`; return { secret: s, text: `const stripe = require("stripe")("${s}");\n` }; },
    // The publishable key is meant to be public.
    negative: () => `const stripe = Stripe("pk_live_${b62(99)}");\n`,
  },
  {
    provider: "stripe", ruleId: "secret/stripe-webhook-secret", path: "webhooks.env",
    positive: () => { const s = `whsec_${b62(32)}`; return { secret: s, text: `STRIPE_WEBHOOK_SECRET=${s}\n` }; },
    negative: () => `STRIPE_WEBHOOK_SECRET=whsec_...\n`,
  },
  {
    provider: "square", ruleId: "secret/square-token", path: "square.yml",
    positive: () => { const s = `sq0csp-${b64url(43)}`; return { secret: s, text: `square:\n  oauth_secret: ${s}\n` }; },
    negative: () => `square:\n  application_id: sq0idp-${b64url(22)}\n`,
  },
  {
    provider: "paypal", ruleId: "secret/braintree-access-token", path: "braintree.rb",
    positive: () => { const s = `access_token$production$${pieces(16, ALPHABET.lower + ALPHABET.digits)}$${hex(32)}`; return { secret: s, text: `gateway = Braintree::Gateway.new(access_token: "${s}")\n` }; },
    negative: () => `gateway = Braintree::Gateway.new(access_token: "access_token$production$<merchant>$<token>")\n`,
  },
  {
    provider: "shopify", ruleId: "secret/shopify-token", path: "shopify.toml",
    positive: () => { const s = `shpat_${hex(32)}`; return { secret: s, text: `[admin]\naccess_token = "${s}"\n` }; },
    negative: () => `[admin]\nscope = "shpat_${letters(32).replace(/[a-fA-F]/g, "x")}"\n`,
  },
  {
    provider: "openai", ruleId: "secret/openai-api-key", path: "llm.py",
    positive: () => { const s = `sk-proj-${b64url(74)}T3BlbkFJ${b64url(74)}`; return { secret: s, text: `client = OpenAI(api_key="${s}")\n` }; },
    negative: () => `model = "sk-${b62(12)}"\n`,
  },
  {
    provider: "anthropic", ruleId: "secret/anthropic-api-key", path: "agent.ts",
    positive: () => { const s = `sk-ant-api03-${b64url(93)}AA`; return { secret: s, text: `const anthropic = new Anthropic({ apiKey: "${s}" });\n` }; },
    negative: () => `const anthropic = new Anthropic({ apiKey: "sk-ant-api03-..." });\n`,
  },
  {
    provider: "huggingface", ruleId: "secret/huggingface-token", path: "train.sh",
    positive: () => { const s = `hf_${letters(34)}`; return { secret: s, text: `huggingface-cli login --token ${s}\n` }; },
    // Hugging Face tokens are letters only; digits make it something else.
    negative: () => `echo hf_${b62(30)}12\n`,
  },
  {
    provider: "groq", ruleId: "secret/groq-api-key", path: "groq.env",
    positive: () => { const s = `gsk_${b62(52)}`; return { secret: s, text: `GROQ_API_KEY=${s}\n` }; },
    negative: () => `GROQ_MODEL=gsk_${b62(10)}\n`,
  },
  {
    provider: "replicate", ruleId: "secret/replicate-api-token", path: "replicate.env",
    positive: () => { const s = `r8_${b62(37)}`; return { secret: s, text: `REPLICATE_API_TOKEN=${s}\n` }; },
    negative: () => `VERSION=r8_${b62(8)}\n`,
  },
  {
    provider: "npm", ruleId: "secret/npm-token", path: ".npmrc",
    positive: () => { const s = npmToken(); return { secret: s, text: `//registry.npmjs.org/:_authToken=${s}\n` }; },
    negative: () => { const body = b62(30); return `# example: npm_${body}${crcSuffix(body).split("").reverse().join("")}\n`; },
  },
  {
    provider: "pypi", ruleId: "secret/pypi-token", path: ".pypirc",
    positive: () => { const s = `pypi-AgEIcHlwaS5vcmc${b64url(150)}`; return { secret: s, text: `[pypi]\nusername = __token__\npassword = ${s}\n` }; },
    negative: () => `[pypi]\nrepository = pypi-AgEIcHlwaS5jb20${b64url(10)}\n`,
  },
  {
    provider: "rubygems", ruleId: "secret/rubygems-api-key", path: ".gem/credentials",
    positive: () => { const s = `rubygems_${hex(48)}`; return { secret: s, text: `---\n:rubygems_api_key: ${s}\n` }; },
    negative: () => `gem: rubygems_${hex(20)}\n`,
  },
  {
    provider: "docker", ruleId: "secret/docker-hub-token", path: ".github/docker.env",
    positive: () => { const s = `dckr_pat_${b64url(27)}`; return { secret: s, text: `DOCKERHUB_TOKEN=${s}\n` }; },
    negative: () => `IMAGE=dckr_pat_${b62(5)}\n`,
  },
  {
    provider: "google", ruleId: "secret/gcp-api-key", path: "web/firebase.js",
    positive: () => { const s = `AIza${b64url(35)}`; return { secret: s, text: `const firebaseConfig = { apiKey: "${s}", projectId: "shop-prod" };\n` }; },
    negative: () => `// Browser keys start with AIza${b64url(20)}, server keys do not\n`,
  },
  {
    provider: "google", ruleId: "secret/google-oauth-client-secret", path: "client_secret.json",
    positive: () => { const s = `GOCSPX-${b64url(28)}`; return { secret: s, text: `{"web":{"client_id":"${digits(12)}-abc.apps.googleusercontent.com","client_secret":"${s}"}}\n` }; },
    negative: () => `{"web":{"client_secret":"GOCSPX-<secret>"}}\n`,
  },
  {
    provider: "google", ruleId: "secret/firebase-fcm-server-key", path: "push.py",
    positive: () => { const s = `AAAA${b64url(7)}:APA91b${b64url(134)}`; return { secret: s, text: `FCM_SERVER_KEY = "${s}"\n` }; },
    negative: () => `registration = "AAAA${b64url(7)}:APA91b${b64url(20)}"\n`,
  },
  {
    provider: "azure", ruleId: "secret/azure-storage-account-key", path: "appsettings.json",
    positive: () => { const s = `${b64(86)}==`; return { secret: s, text: `{ "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${s};EndpointSuffix=core.windows.net" }\n` }; },
    negative: () => `{ "Storage": "UseDevelopmentStorage=true;AccountKey=<key>" }\n`,
  },
  {
    provider: "azure", ruleId: "secret/azure-ad-client-secret", path: "terraform.tfvars",
    positive: () => { const s = `${b62(3)}8Q~${b64url(34).replace(/-/g, "~")}`; return { secret: s, text: `client_secret = "${s}"\n` }; },
    negative: () => `note = "abcQ~${b62(34)}"\n`,
  },
  {
    provider: "heroku", ruleId: "secret/heroku-api-key", path: "heroku.env",
    positive: () => { const s = `HRKU-AA${b64url(58)}`; return { secret: s, text: `HEROKU_API_KEY=${s}\n` }; },
    negative: () => `APP=HRKU-AA${b62(10)}\n`,
  },
  {
    provider: "digitalocean", ruleId: "secret/digitalocean-token", path: "do.tf",
    positive: () => { const s = `dop_v1_${hex(64)}`; return { secret: s, text: `provider "digitalocean" {\n  token = "${s}"\n}\n` }; },
    negative: () => `provider "digitalocean" {\n  token = "dop_v1_..."\n}\n`,
  },
  {
    provider: "cloudflare", ruleId: "secret/cloudflare-token", path: "wrangler.env",
    positive: () => { const s = `cfut_${b62(40)}${hex(8)}`; return { secret: s, text: `CLOUDFLARE_API_TOKEN=${s}\n` }; },
    negative: () => `ZONE=cfut_${b62(20)}\n`,
  },
  {
    provider: "databricks", ruleId: "secret/databricks-token", path: ".databrickscfg",
    positive: () => { const s = `dapi${hex(32)}`; return { secret: s, text: `[DEFAULT]\nhost = https://adb-1234.azuredatabricks.net\ntoken = ${s}\n` }; },
    negative: () => `[DEFAULT]\nprofile = dapi${letters(32).replace(/[a-fA-F]/g, "z")}\n`,
  },
  {
    provider: "hashicorp", ruleId: "secret/vault-token", path: "vault.sh",
    positive: () => { const s = `hvs.CAESI${b64url(86)}`; return { secret: s, text: `export VAULT_TOKEN=${s}\n` }; },
    negative: () => `export VAULT_ADDR=hvs.${b62(6)}\n`,
  },
  {
    provider: "hashicorp", ruleId: "secret/terraform-cloud-token", path: ".terraformrc",
    positive: () => { const s = `${b62(14)}.atlasv1.${b64url(67)}`; return { secret: s, text: `credentials "app.terraform.io" {\n  token = "${s}"\n}\n` }; },
    negative: () => `# ${b62(14)}.atlasv1.${b62(10)}\n`,
  },
  {
    provider: "doppler", ruleId: "secret/doppler-token", path: "doppler.yaml",
    positive: () => { const s = `dp.pt.${b62(43)}`; return { secret: s, text: `setup:\n  token: ${s}\n` }; },
    negative: () => `setup:\n  project: dp.pt.${b62(9)}\n`,
  },
  {
    provider: "pulumi", ruleId: "secret/pulumi-token", path: "pulumi.env",
    positive: () => { const s = `pul-${hex(40)}`; return { secret: s, text: `PULUMI_ACCESS_TOKEN=${s}\n` }; },
    negative: () => `STACK=pul-${hex(12)}\n`,
  },
  {
    provider: "supabase", ruleId: "secret/supabase-token", path: "supabase.env",
    positive: () => { const s = `sbp_${hex(40)}`; return { secret: s, text: `SUPABASE_ACCESS_TOKEN=${s}\n` }; },
    negative: () => `REF=sbp_${hex(39)}\n`,
  },
  {
    provider: "planetscale", ruleId: "secret/planetscale-token", path: "pscale.env",
    positive: () => { const s = `pscale_tkn_${b64url(43)}`; return { secret: s, text: `PLANETSCALE_SERVICE_TOKEN=${s}\n` }; },
    negative: () => `BRANCH=pscale_tkn_${b62(6)}\n`,
  },
  {
    provider: "vercel", ruleId: "secret/vercel-token", path: "vercel.env",
    positive: () => { const s = `vcp_${b62(56)}`; return { secret: s, text: `VERCEL_TOKEN=${s}\n` }; },
    negative: () => `TEAM=vcp_${b62(8)}\n`,
  },
  {
    provider: "tailscale", ruleId: "secret/tailscale-key", path: "tailscale.sh",
    positive: () => { const s = `tskey-auth-k${b62(10)}CNTRL-${b62(33)}`; return { secret: s, text: `tailscale up --authkey=${s}\n` }; },
    negative: () => `tailscale up --authkey=tskey-auth-XXXX\n`,
  },
  {
    provider: "linear", ruleId: "secret/linear-api-key", path: "linear.ts",
    positive: () => { const s = `lin_api_${b62(40)}`; return { secret: s, text: `const linear = new LinearClient({ apiKey: "${s}" });\n` }; },
    negative: () => `const team = "lin_api_${b62(10)}";\n`,
  },
  {
    provider: "notion", ruleId: "secret/notion-token", path: "notion.py",
    positive: () => { const s = `ntn_${digits(11)}${b62(35)}`; return { secret: s, text: `notion = Client(auth="${s}")\n` }; },
    negative: () => `page = "ntn_${letters(46)}"\n`,
  },
  {
    provider: "figma", ruleId: "secret/figma-token", path: "figma.env",
    positive: () => { const s = `figd_${b64url(40)}`; return { secret: s, text: `FIGMA_TOKEN=${s}\n` }; },
    negative: () => `FILE=figd_${b62(8)}\n`,
  },
  {
    provider: "postman", ruleId: "secret/postman-api-key", path: "newman.sh",
    positive: () => { const s = `PMAK-${hex(24)}-${hex(34)}`; return { secret: s, text: `newman run collection.json --postman-api-key ${s}\n` }; },
    negative: () => `echo PMAK-${hex(24)}\n`,
  },
  {
    provider: "1password", ruleId: "secret/onepassword-service-account-token", path: "op.env",
    positive: () => { const s = `ops_eyJ${b64(300)}`; return { secret: s, text: `OP_SERVICE_ACCOUNT_TOKEN=${s}\n` }; },
    negative: () => `VAULT=ops_eyJ${b64(20)}\n`,
  },
  {
    provider: "grafana", ruleId: "secret/grafana-token", path: "grafana.ini",
    positive: () => { const s = `glsa_${b62(32)}_${hex(8)}`; return { secret: s, text: `[auth]\nservice_account_token = ${s}\n` }; },
    negative: () => `[dashboards]\nuid = glsa_${b62(12)}\n`,
  },
  {
    provider: "newrelic", ruleId: "secret/new-relic-key", path: "newrelic.env",
    positive: () => { const s = `NRAK-${upperDigits(27)}`; return { secret: s, text: `NEW_RELIC_API_KEY=${s}\n` }; },
    negative: () => `ACCOUNT=NRAK-${upperDigits(10)}\n`,
  },
  {
    provider: "sentry", ruleId: "secret/sentry-token", path: ".sentryclirc",
    positive: () => { const s = `sntryu_${hex(64)}`; return { secret: s, text: `[auth]\ntoken=${s}\n` }; },
    negative: () => `[defaults]\norg=sntryu_${hex(10)}\n`,
  },
  {
    provider: "sentry", ruleId: "secret/sentry-dsn", path: "sentry.js",
    positive: () => { const s = hex(32); return { secret: s, text: `Sentry.init({ dsn: "https://${hex(32)}:${s}@o${digits(6)}.ingest.sentry.io/${digits(7)}" });\n` }; },
    // A modern DSN carries only the public key.
    negative: () => `Sentry.init({ dsn: "https://${hex(32)}@o${digits(6)}.ingest.sentry.io/${digits(7)}" });\n`,
  },
  {
    provider: "dynatrace", ruleId: "secret/dynatrace-token", path: "dynatrace.env",
    positive: () => { const s = `dt0c01.${upperDigits(24)}.${upperDigits(64)}`; return { secret: s, text: `DT_API_TOKEN=${s}\n` }; },
    negative: () => `DT_TENANT=dt0c01.${upperDigits(8)}\n`,
  },
  {
    provider: "mapbox", ruleId: "secret/mapbox-secret-token", path: "map.js",
    positive: () => { const s = `sk.eyJ${b64url(60)}.${b64url(22)}`; return { secret: s, text: `mapboxgl.accessToken = "${s}";\n` }; },
    // Public (pk.) tokens ship to browsers by design.
    negative: () => `mapboxgl.accessToken = "pk.eyJ${b64url(60)}.${b64url(22)}";\n`,
  },
  {
    provider: "age", ruleId: "secret/age-secret-key", path: "keys.txt",
    positive: () => { const s = `AGE-SECRET-KEY-1${pieces(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")}`; return { secret: s, text: `# created: 2024-05-01\n${s}\n` }; },
    negative: () => `# public key: age1${pieces(58, "qpzry9x8gf2tvdw0s3jn54khce6mua7l")}\n`,
  },
  {
    provider: "alibaba", ruleId: "secret/alibaba-access-key-id", path: "aliyun.env",
    positive: () => { const s = `LTAI${b62(20)}`; return { secret: s, text: `ALIBABA_CLOUD_ACCESS_KEY_ID=${s}\n` }; },
    negative: () => `REGION=LTAI${b62(4)}\n`,
  },
  {
    provider: "aws", ruleId: "secret/aws-access-key-id", path: "deploy.env",
    positive: () => { const s = awsKeyId(); return { secret: s, text: `AWS_ACCESS_KEY_ID=${s}\n` }; },
    negative: () => `AWS_ACCESS_KEY_ID=AKIA${upperDigits(12)}\n`,
  },
  {
    provider: "aws", ruleId: "secret/aws-secret-access-key", path: "deploy.env",
    positive: () => { const s = awsSecretKey(); return { secret: s, text: `AWS_ACCESS_KEY_ID=${awsKeyId()}\nAWS_SECRET_ACCESS_KEY=${s}\n` }; },
    // A 40-character base64 string with neither a key id nearby nor an AWS name.
    negative: () => `checksum: ${b64(40)}\n`,
  },
  {
    provider: "aws", ruleId: "secret/aws-secret-access-key", path: "credentials.csv",
    positive: () => { const s = awsSecretKey(); return { secret: s, text: `User name,Password,Access key ID,Secret access key\nci,,${awsKeyId()},${s}\n` }; },
    negative: () => `User name,Access key ID\nci,${"AKIA"}IOSFODNN7EXAMPLE\n`,
  },
  {
    provider: "datadog", ruleId: "secret/datadog-api-key", path: "datadog.yaml",
    positive: () => { const s = hex(32); return { secret: s, text: `dd_api_key: ${s}\nsite: datadoghq.eu\n` }; },
    negative: () => `dd_site: datadoghq.eu\ndd_trace_id: ${hex(32)}\n`,
  },
  {
    provider: "cohere", ruleId: "secret/cohere-api-key", path: "rag.py",
    positive: () => { const s = b62(40); return { secret: s, text: `co = cohere.Client(api_key=os.getenv("COHERE_API_KEY", "${s}"))\n` }; },
    negative: () => `co = cohere.Client(api_key=os.getenv("COHERE_API_KEY"))\n`,
  },
  {
    provider: "algolia", ruleId: "secret/algolia-api-key", path: "search.env",
    positive: () => { const s = hex(32); return { secret: s, text: `ALGOLIA_ADMIN_KEY=${s}\n` }; },
    negative: () => `ALGOLIA_APP_ID=${upperDigits(10)}\n`,
  },
  {
    provider: "okta", ruleId: "secret/okta-api-token", path: "okta.env",
    positive: () => { const s = `00${b64url(40)}`; return { secret: s, text: `OKTA_API_TOKEN=${s}\n` }; },
    negative: () => `OKTA_ORG_URL=https://acme.okta.com\n`,
  },
  {
    provider: "jwt", ruleId: "secret/jwt", path: "api.http",
    positive: () => { const s = jwt(); return { secret: s, text: `GET /v1/orders\nAuthorization: Bearer ${s}\n` }; },
    // Unsigned: "alg": "none" and no signature grants nothing.
    negative: () => `Authorization: Bearer ${jwt({ alg: "none", typ: "JWT" }, { sub: "x" }, "")}\n`,
  },
];

function findingsFor(path: string, text: string) {
  return scanTextForSecrets(path, text);
}

describe("provider detectors", () => {
  it.each(CASES.map((c) => [`${c.ruleId} (${c.path})`, c] as const))("%s: reports the real-format credential", (_name, c) => {
    const { secret, text } = c.positive();
    const findings = findingsFor(c.path, text);
    const hit = findings.find((f) => f.ruleId === c.ruleId);
    expect(hit).toBeDefined();
    expect(hit?.provider).toBe(c.provider);
    // The reported span is the secret itself.
    const line = text.split("\n")[(hit?.line ?? 1) - 1] ?? "";
    expect(line.slice((hit?.column ?? 1) - 1, (hit?.endColumn ?? 1) - 1)).toBe(secret);
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it.each(CASES.map((c) => [`${c.ruleId} (${c.path})`, c] as const))("%s: ignores the look-alike", (_name, c) => {
    expect(findingsFor(c.path, c.negative())).toEqual([]);
  });

  it("covers at least 30 providers", () => {
    expect(new Set(CASES.map((c) => c.provider)).size).toBeGreaterThanOrEqual(30);
  });

  it("lists every rule it can report, once, for SARIF metadata", () => {
    const rules = listSecretRules();
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CASES) expect(ids).toContain(c.ruleId);
    for (const r of rules) expect(r).toEqual({ id: expect.stringMatching(/^secret\/[a-z0-9-]+$/), provider: expect.any(String), title: expect.any(String), confidence: expect.stringMatching(/^(high|medium)$/) });
  });
});
