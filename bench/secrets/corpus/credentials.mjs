// Real-format credentials, written from each provider's published token format (not from the
// scanner's code). Each entry: provider label, names a developer would give it (as word lists),
// whether secretlint's recommended preset claims the provider, and a maker.
import { createECDH, createPrivateKey, createPublicKey } from "node:crypto";
import { ALPHA, base62Checksum } from "./rng.mjs";

const b64urlJson = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");
const snowflake = (r) => r.digits(r.pick([18, 19]));

/** base64 lines of a PEM body (64 per line) with a realistic DER lead-in (used for certificates). */
export function pemBody(r, lead, length) {
  const body = lead + r.b64(length - lead.length);
  return body.match(/.{1,64}/g);
}

const bytes = (r, n) => Buffer.from(r.chars(n * 2, "0123456789abcdef"), "hex");
const lines = (pem) => pem.trimEnd().split("\n");

/** A real EC P-256 key pair derived from the PRNG (so the corpus stays reproducible). */
export function ecKey(r) {
  const d = bytes(r, 32);
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const jwk = { kty: "EC", crv: "P-256", d: d.toString("base64url"), x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") };
  return createPrivateKey({ key: jwk, format: "jwk" });
}

/** A real Ed25519 key from a PRNG seed: PKCS#8 for Ed25519 is a fixed prefix and the seed. */
export function ed25519Key(r) {
  const seed = bytes(r, 32);
  return { key: createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]), format: "der", type: "pkcs8" }), seed };
}

/** The OpenSSH private key format (PROTOCOL.key), unencrypted, for an Ed25519 key. */
function opensshEd25519(r) {
  const { key, seed } = ed25519Key(r);
  const pub = Buffer.from(createPublicKey(key).export({ format: "jwk" }).x, "base64url");
  const str = (b) => { const len = Buffer.alloc(4); len.writeUInt32BE(b.length); return Buffer.concat([len, Buffer.from(b)]); };
  const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
  const publicBlob = Buffer.concat([str("ssh-ed25519"), str(pub)]);
  const check = bytes(r, 4).readUInt32BE(0);
  let secret = Buffer.concat([u32(check), u32(check), str("ssh-ed25519"), str(pub), str(Buffer.concat([seed, pub])), str("deploy@ci")]);
  for (let pad = 1; secret.length % 8 !== 0; pad++) secret = Buffer.concat([secret, Buffer.from([pad])]);
  const blob = Buffer.concat([Buffer.from("openssh-key-v1\0"), str("none"), str("none"), str(""), u32(1), str(publicBlob), str(secret)]);
  return ["-----BEGIN OPENSSH PRIVATE KEY-----", ...blob.toString("base64").match(/.{1,70}/g), "-----END OPENSSH PRIVATE KEY-----"];
}

/** A real private key: EC (SEC1 or PKCS#8), Ed25519 (PKCS#8) or OpenSSH, as PEM lines. */
export function privateKeyPem(r) {
  const type = r.pick(["EC", "PKCS8-EC", "PKCS8-ED25519", "OPENSSH"]);
  if (type === "EC") return lines(ecKey(r).export({ type: "sec1", format: "pem" }));
  if (type === "PKCS8-EC") return lines(ecKey(r).export({ type: "pkcs8", format: "pem" }));
  if (type === "PKCS8-ED25519") return lines(ed25519Key(r).key.export({ type: "pkcs8", format: "pem" }));
  return opensshEd25519(r);
}

/** The public half of a real EC key. */
export function publicKeyPem(r) {
  return lines(createPublicKey(ecKey(r)).export({ type: "spki", format: "pem" }));
}

export function jwt(r) {
  const header = b64urlJson({ alg: r.pick(["HS256", "RS256", "ES256"]), typ: "JWT" });
  const payload = b64urlJson({ sub: r.uuid(), iss: r.pick(["https://auth.acme-corp.io", "api", "billing-service"]), iat: 1700000000 + r.int(0, 9e7), exp: 1800000000 + r.int(0, 9e7), scope: r.pick(["read write", "admin", "deploy"]) });
  const sig = r.b64url(r.pick([43, 86, 342]));
  return `${header}.${payload}.${sig}`;
}

const githubClassic = (r) => { const body = r.b62(30); return `${r.pick(["ghp", "gho", "ghu", "ghs", "ghr"])}_${body}${base62Checksum(body)}`; };
const npmToken = (r) => { const body = r.b62(30); return `npm_${body}${base62Checksum(body)}`; };
const hosts = ["db.internal.acme-corp.io", "10.0.12.7", "pg-prod-01.eu-west-1.rds.amazonaws.com", "mongo.payments.svc.cluster.local", "cache.acme.net", "mq.corp.lan", "cluster0.x7hq2.mongodb.net"];
export const password = (r) => r.chars(r.int(14, 24), ALPHA.password);
const urlPassword = (r) => r.chars(r.int(14, 24), ALPHA.base62 + "-_~");

/**
 * kind: "token" (a value assigned to a name), "url" (a URL-shaped value, assigned to a URL name),
 * "pem" (multi-line), "aws" (id + secret pair), "gcp-json" (a whole service-account file).
 */
export const CREDENTIALS = [
  { provider: "aws", kind: "aws", secretlint: true },
  { provider: "github", names: [["github", "token"], ["gh", "token"], ["github", "pat"]], secretlint: true, make: githubClassic },
  { provider: "github", names: [["github", "token"], ["gh", "pat"]], secretlint: true, make: (r) => `github_pat_${r.b62(22)}_${r.b62(59)}` },
  { provider: "gitlab", names: [["gitlab", "token"], ["gl", "token"], ["ci", "job", "token"]], secretlint: true, make: (r) => `glpat-${r.b64url(20)}` },
  { provider: "slack", names: [["slack", "bot", "token"], ["slack", "token"]], secretlint: true, make: (r) => `xoxb-${r.digits(11)}-${r.digits(13)}-${r.b62(24)}` },
  { provider: "slack", names: [["slack", "user", "token"]], secretlint: true, make: (r) => `xoxp-${r.digits(11)}-${r.digits(11)}-${r.digits(13)}-${r.hex(32)}` },
  { provider: "slack", kind: "url", names: [["slack", "webhook", "url"], ["alerts", "webhook"]], secretlint: true, make: (r) => `https://hooks.slack.com/services/T${r.chars(10, ALPHA.upper + ALPHA.digits)}/B${r.chars(10, ALPHA.upper + ALPHA.digits)}/${r.b62(24)}` },
  { provider: "discord", kind: "url", names: [["discord", "webhook", "url"], ["discord", "hook"]], secretlint: false, make: (r) => `https://discord.com/api/webhooks/${snowflake(r)}/${r.b64url(68)}` },
  { contextual: true, provider: "discord", names: [["discord", "bot", "token"], ["discord", "token"]], secretlint: false, make: (r) => `${Buffer.from(snowflake(r)).toString("base64url")}.${r.b64url(6)}.${r.b64url(r.pick([27, 38]))}` },
  { provider: "telegram", names: [["telegram", "bot", "token"], ["tg", "token"], ["bot", "token"]], secretlint: false, make: (r) => `${r.digits(r.pick([9, 10]))}:AA${r.b64url(33)}` },
  { contextual: true, provider: "twilio", names: [["twilio", "api", "key"]], secretlint: false, make: (r) => `SK${r.hex(32)}` },
  { contextual: true, provider: "twilio", names: [["twilio", "auth", "token"]], secretlint: false, make: (r) => r.hex(32) },
  { provider: "sendgrid", names: [["sendgrid", "api", "key"], ["mail", "api", "key"]], secretlint: true, make: (r) => `SG.${r.b64url(22)}.${r.b64url(43)}` },
  { provider: "mailgun", names: [["mailgun", "api", "key"], ["mailgun", "key"]], secretlint: false, make: (r) => `key-${r.hex(32)}` },
  { provider: "mailchimp", names: [["mailchimp", "api", "key"], ["mc", "api", "key"]], secretlint: false, make: (r) => `${r.hex(32)}-us${r.int(1, 21)}` },
  { provider: "stripe", names: [["stripe", "secret", "key"], ["stripe", "api", "key"]], secretlint: true, make: (r) => `${r.pick(["sk", "rk"])}_live_${r.b62(r.pick([24, 99]))}` },
  { provider: "stripe", names: [["stripe", "webhook", "secret"]], secretlint: false, make: (r) => `whsec_${r.b62(32)}` },
  { provider: "square", names: [["square", "access", "token"]], secretlint: false, make: (r) => `sq0atp-${r.b64url(22)}` },
  { provider: "square", names: [["square", "oauth", "secret"]], secretlint: false, make: (r) => `sq0csp-${r.b64url(43)}` },
  { provider: "paypal", names: [["braintree", "access", "token"], ["paypal", "access", "token"]], secretlint: false, make: (r) => `access_token$production$${r.chars(16, ALPHA.lower + ALPHA.digits)}$${r.hex(32)}` },
  { provider: "shopify", names: [["shopify", "access", "token"], ["shopify", "admin", "token"]], secretlint: true, make: (r) => `${r.pick(["shpat", "shpss", "shpca"])}_${r.hex(32)}` },
  { provider: "openai", names: [["openai", "api", "key"], ["openai", "key"]], secretlint: true, make: (r) => r.chance(0.7) ? `sk-proj-${r.b64url(74)}T3BlbkFJ${r.b64url(74)}` : `sk-${r.b62(20)}T3BlbkFJ${r.b62(20)}` },
  { provider: "anthropic", names: [["anthropic", "api", "key"], ["claude", "api", "key"]], secretlint: true, make: (r) => `sk-ant-api03-${r.b64url(93)}AA` },
  { provider: "huggingface", names: [["hf", "token"], ["huggingface", "token"]], secretlint: true, make: (r) => `hf_${r.chars(34, ALPHA.letters)}` },
  { provider: "groq", names: [["groq", "api", "key"]], secretlint: true, make: (r) => `gsk_${r.b62(52)}` },
  { provider: "replicate", names: [["replicate", "api", "token"]], secretlint: false, make: (r) => `r8_${r.b62(37)}` },
  { provider: "npm", names: [["npm", "token"], ["npm", "auth", "token"]], secretlint: true, make: npmToken },
  { provider: "pypi", names: [["pypi", "token"], ["twine", "password"]], secretlint: false, make: (r) => `pypi-AgEIcHlwaS5vcmc${r.b64url(r.int(140, 180))}` },
  { provider: "docker", names: [["docker", "hub", "token"], ["dockerhub", "token"]], secretlint: true, make: (r) => `dckr_pat_${r.b64url(27)}` },
  { provider: "digitalocean", names: [["digitalocean", "token"], ["do", "api", "token"]], secretlint: false, make: (r) => `dop_v1_${r.hex(64)}` },
  { provider: "linear", names: [["linear", "api", "key"]], secretlint: true, make: (r) => `lin_api_${r.b62(40)}` },
  { provider: "notion", names: [["notion", "token"], ["notion", "api", "key"]], secretlint: true, make: (r) => `ntn_${r.digits(11)}${r.b62(35)}` },
  { provider: "doppler", names: [["doppler", "token"]], secretlint: false, make: (r) => `dp.pt.${r.b62(43)}` },
  { provider: "hashicorp", names: [["vault", "token"]], secretlint: true, make: (r) => `hvs.CAESI${r.b64url(86)}` },
  { provider: "databricks", names: [["databricks", "token"]], secretlint: true, make: (r) => `dapi${r.hex(32)}` },
  { provider: "google", names: [["google", "api", "key"], ["firebase", "api", "key"], ["maps", "key"]], secretlint: false, make: (r) => `AIza${r.b64url(35)}` },
  { provider: "google", names: [["google", "client", "secret"]], secretlint: false, make: (r) => `GOCSPX-${r.b64url(28)}` },
  { provider: "google", kind: "gcp-json", secretlint: true },
  { provider: "azure", kind: "url", names: [["azure", "storage", "connection", "string"], ["storage", "connection"]], secretlint: false, make: (r) => `DefaultEndpointsProtocol=https;AccountName=${r.chars(12, ALPHA.lower)};AccountKey=${r.b64(86)}==;EndpointSuffix=core.windows.net` },
  { contextual: true, provider: "datadog", names: [["dd", "api", "key"], ["datadog", "api", "key"]], secretlint: false, make: (r) => r.hex(32) },
  { provider: "newrelic", names: [["new", "relic", "api", "key"], ["newrelic", "key"]], secretlint: false, make: (r) => `NRAK-${r.chars(27, ALPHA.upper + ALPHA.digits)}` },
  { provider: "sentry", kind: "url", names: [["sentry", "dsn"]], secretlint: false, make: (r) => `https://${r.hex(32)}:${r.hex(32)}@o${r.digits(6)}.ingest.sentry.io/${r.digits(7)}` },
  { contextual: true, provider: "heroku", names: [["heroku", "api", "key"]], secretlint: false, make: (r) => r.uuid() },
  { contextual: true, provider: "cloudflare", names: [["cloudflare", "api", "token"], ["cf", "api", "token"]], secretlint: false, make: (r) => r.b64url(40) },
  { provider: "tailscale", names: [["tailscale", "auth", "key"], ["ts", "authkey"]], secretlint: true, make: (r) => `tskey-auth-k${r.b62(10)}CNTRL-${r.b62(33)}` },
  { provider: "grafana", names: [["grafana", "token"], ["grafana", "sa", "token"]], secretlint: true, make: (r) => `glsa_${r.b62(32)}_${r.hex(8)}` },
  { provider: "figma", names: [["figma", "token"]], secretlint: true, make: (r) => `figd_${r.b64url(40)}` },
  { provider: "jwt", names: [["access", "token"], ["auth", "token"], ["id", "token"], ["service", "jwt"]], secretlint: false, make: jwt },
  { provider: "private-key", kind: "pem", names: [["private", "key"], ["ssh", "private", "key"], ["tls", "key"]], secretlint: true },
  { provider: "database", kind: "url", names: [["database", "url"], ["db", "url"], ["mongo", "uri"], ["redis", "url"], ["amqp", "url"]], secretlint: true,
    make: (r) => {
      const user = r.pick(["app", "svc_billing", "admin_ro", "deploy", "reporting"]);
      const scheme = r.pick(["postgres", "postgresql", "mysql", "mongodb+srv", "mongodb", "redis", "amqps"]);
      const host = r.pick(hosts);
      return `${scheme}://${scheme.startsWith("redis") && r.chance(0.5) ? "" : user}:${urlPassword(r)}@${host}:${r.pick([5432, 3306, 27017, 6379, 5671])}/${r.pick(["app", "billing", "events", "0"])}`;
    } },
  { provider: "database", kind: "url", names: [["connection", "string"], ["sql", "connection"]], secretlint: false,
    make: (r) => `Server=tcp:${r.pick(hosts)},1433;Initial Catalog=${r.pick(["Orders", "Billing"])};User ID=${r.pick(["app", "sa"])};Password=${password(r)};Encrypt=True;` },
  { provider: "basic-auth", kind: "url", names: [["registry", "url"], ["repo", "url"], ["feed", "url"]], secretlint: true,
    make: (r) => `https://${r.pick(["deploy", "ci-bot", "jenkins"])}:${urlPassword(r)}@${r.pick(["git.acme-corp.io", "nexus.build.internal", "artifacts.corp.lan"])}/${r.pick(["repo.git", "repository/npm", "simple"])}` },
  { contextual: true, provider: "generic", names: [["secret", "key"], ["jwt", "secret"], ["session", "secret"], ["app", "secret"], ["signing", "key"], ["encryption", "key"]], secretlint: false,
    make: (r) => r.pick([() => r.b64(r.int(32, 64)), () => r.hex(64), () => r.b62(r.int(32, 50))])() },
  { contextual: true, provider: "generic", names: [["db", "password"], ["database", "password"], ["admin", "password"], ["smtp", "password"], ["redis", "password"]], secretlint: false, make: password },
  { contextual: true, provider: "generic", names: [["api", "token"], ["internal", "api", "key"], ["service", "token"], ["client", "secret"]], secretlint: false, make: (r) => r.pick([() => r.hex(40), () => r.b62(r.int(32, 48))])() },
];
