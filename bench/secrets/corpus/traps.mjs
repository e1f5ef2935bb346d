// Look-alikes that are not secrets (FAULTS 22): placeholders and documentation examples, references
// to variables, hashes and ids, base64 images, public keys and certificates, clearly fake test
// fixtures, and secret-sounding names holding ordinary values. Every one is recorded, unlabelled.
import { pemBody, publicKeyPem } from "./credentials.mjs";
import { base62Checksum } from "./rng.mjs";
import { upper, snake, camel } from "./filler.mjs";

const b64urlJson = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");

/** Named traps: a secret-ish or hash-ish name with a value that is not a credential. */
const NAMED = [
  { kind: "placeholder", make: () => ({ words: ["github", "token"], value: `ghp_${"x".repeat(36)}` }) },
  { kind: "placeholder", make: () => ({ words: ["aws", "access", "key", "id"], value: "AKIAIOSFODNN7EXAMPLE" }) },
  { kind: "placeholder", make: () => ({ words: ["aws", "secret", "access", "key"], value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }) },
  { kind: "placeholder", make: (r) => ({ words: r.pick([["api", "key"], ["openai", "api", "key"], ["stripe", "secret", "key"]]), value: r.pick(["your-api-key", "<your-api-key>", "YOUR_API_KEY_HERE", "sk-...", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "<token>", "REPLACE_ME", "changeme", "xxxxx", "********", "TODO"]) }) },
  { kind: "placeholder", make: (r) => ({ words: r.pick([["db", "password"], ["password"], ["admin", "password"]]), value: r.pick(["${DB_PASSWORD}", "{{ db_password }}", "%(db_password)s", "<password>", "changeme", "password", "********", "${{ secrets.DB_PASSWORD }}", "$DB_PASSWORD", "#{db_password}"]) }) },
  { kind: "placeholder", make: (r) => ({ words: ["slack", "webhook", "url"], value: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX" }) },
  { kind: "placeholder", make: (r) => ({ words: ["database", "url"], value: r.pick(["postgres://user:password@localhost:5432/mydb", "mongodb://${MONGO_USER}:${MONGO_PASS}@mongo:27017/app", "redis://:changeme@localhost:6379/0", "mysql://root:<password>@db:3306/app", "postgresql://postgres:postgres@localhost:5432/test"]) }) },
  { kind: "placeholder", make: (r) => ({ words: ["slack", "bot", "token"], value: r.pick(["xoxb-your-bot-token", "xoxb-0000000000-0000000000-xxxxxxxxxxxxxxxxxxxxxxxx", "xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx"]) }) },
  { kind: "git-sha", make: (r) => ({ words: r.pick([["commit"], ["git", "sha"], ["revision"], ["head", "commit"], ["base", "ref"]]), value: r.hex(40) }) },
  { kind: "hash", make: (r) => ({ words: r.pick([["checksum"], ["sha256"], ["md5"], ["etag"], ["content", "hash"], ["file", "digest"], ["integrity"]]), value: r.pick([() => r.hex(32), () => r.hex(40), () => r.hex(64), () => `sha512-${r.b64(86)}==`, () => `sha256:${r.hex(64)}`])() }) },
  { kind: "password-hash", make: (r) => ({ words: r.pick([["password", "hash"], ["hashed", "password"], ["password", "digest"]]), value: r.pick([() => `$2b$12$${r.chars(53, "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`, () => r.hex(64)])() }) },
  { kind: "uuid", make: (r) => ({ words: r.pick([["request", "id"], ["tenant", "id"], ["correlation", "id"], ["client", "id"], ["app", "id"], ["installation", "id"]]), value: r.uuid() }) },
  { kind: "trace-id", make: (r) => ({ words: r.pick([["trace", "id"], ["span", "id"], ["build", "id"], ["run", "id"]]), value: r.hex(r.pick([16, 32])) }) },
  { kind: "base64-image", make: (r) => ({ words: r.pick([["icon"], ["logo"], ["avatar", "data"], ["placeholder", "image"]]), value: r.pick([`data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.b64(r.int(200, 1500))}`, `iVBORw0KGgoAAAANSUhEUgAA${r.b64(r.int(200, 1500))}`, `data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ${r.b64(r.int(200, 1500))}`]) }) },
  { kind: "ordinary-value", make: (r) => r.pick([
    () => ({ words: ["token", "type"], value: "Bearer" }),
    () => ({ words: ["password", "min", "length"], value: "12" }),
    () => ({ words: ["secret", "name"], value: "db-credentials" }),
    () => ({ words: ["api", "key", "header"], value: "X-API-Key" }),
    () => ({ words: ["token", "url"], value: "https://oauth2.googleapis.com/token" }),
    () => ({ words: ["cache", "key"], value: `user:profile:v${r.int(1, 9)}` }),
    () => ({ words: ["auth", "mode"], value: "oauth2" }),
    () => ({ words: ["next", "page", "token"], value: b64urlJson({ offset: r.int(100, 99999), limit: 100 }) }),
    () => ({ words: ["public", "key", "id"], value: r.hex(16) }),
    () => ({ words: ["key", "vault", "name"], value: `kv-${r.pick(["prod", "staging"])}-${r.hex(6)}` }),
    () => ({ words: ["password", "policy"], value: "min-length=12;require-digit=true" }),
    () => ({ words: ["auth", "endpoint"], value: "https://login.microsoftonline.com/common/oauth2/v2.0/token" }),
  ])() },
  { kind: "jwt-example", make: () => ({ words: ["example", "jwt"], value: `${b64urlJson({ alg: "HS256", typ: "JWT" })}.${b64urlJson({ sub: "1234567890", name: "John Doe", iat: 1516239022 })}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c` }) },
  { kind: "jwt-unsigned", make: (r) => ({ words: ["id", "token"], value: `${b64urlJson({ alg: "none", typ: "JWT" })}.${b64urlJson({ sub: r.uuid(), iat: 1700000000 })}.` }) },
];

/** Clearly fake tokens, as test fixtures hold them: sequences, runs, or a GitHub token whose checksum fails. */
const FIXTURE = [
  () => ["github", "token", "ghp_1234567890abcdefghijklmnopqrstuvwxyz"],
  () => ["stripe", "key", "sk_live_abcdefghijklmnopqrstuvwx"],
  () => ["npm", "token", `npm_${"a".repeat(36)}`],
  () => ["aws", "key", "AKIAAAAAAAAAAAAAAAAA"],
  () => ["gitlab", "token", "glpat-xxxxxxxxxxxxxxxxxxxx"],
  () => ["databricks", "token", `dapi${"0".repeat(32)}`],
  (r) => { let body; let check; do { body = r.b62(30); check = r.b62(6); } while (check === base62Checksum(body)); return ["github", "token", `ghp_${body}${check}`]; },
];

/** Public keys and certificates (not secrets), placed like a PEM value. */
export function publicPem(r) {
  return r.pick([
    () => publicKeyPem(r),
    () => ["-----BEGIN CERTIFICATE-----", ...pemBody(r, "MIIDdzCCAl+gAwIBAgIE", 1200), "-----END CERTIFICATE-----"],
    () => ["-----BEGIN RSA PUBLIC KEY-----", ...pemBody(r, "MIIBCgKCAQEA", 360), "-----END RSA PUBLIC KEY-----"],
  ])();
}

export const sshPublicKey = (r) => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.b64(340)} deploy@${r.pick(["ci", "build-01", "laptop"])}`;

/** Code that reads a secret from the environment instead of holding one. */
const ENV_REFERENCE = {
  js: (w) => `const ${camel(w)} = process.env.${upper(w)};`,
  ts: (w) => `const ${camel(w)} = process.env.${upper(w)} ?? "";`,
  py: (w) => `${upper(w)} = os.environ["${upper(w)}"]`,
  go: (w) => `\t${camel(w)} := os.Getenv("${upper(w)}")`,
  java: (w) => `    private final String ${camel(w)} = System.getenv("${upper(w)}");`,
  rb: (w) => `  ${snake(w)} = ENV["${upper(w)}"]`,
  php: (w) => `$${camel(w)} = getenv('${upper(w)}');`,
  csharp: (w) => `        var ${camel(w)} = Environment.GetEnvironmentVariable("${upper(w)}");`,
  yaml: (w) => `  ${snake(w)}: \${${upper(w)}}`,
  sh: (w) => `export ${upper(w)}="$(vault kv get -field=${snake(w)} secret/app)"`,
  tf: (w) => `  ${snake(w)} = var.${snake(w)}`,
  dockerfile: (w) => `ENV ${upper(w)}=\${${upper(w)}}`,
};

/**
 * One trap for a file of `syntax`: returns { kind, lines, at } (lines to insert; `at` the line a
 * scanner would point at) using the syntax's own assignment form for named traps.
 */
export function makeTrap(r, syntaxId, syntax, { fixture }) {
  if (fixture && r.chance(0.5)) {
    const [a, b, value] = r.pick(FIXTURE)(r);
    return { kind: "fake-fixture", ...syntax.assign([a, b], value, r) };
  }
  const roll = r.next();
  if (roll < 0.12 && ENV_REFERENCE[syntaxId]) {
    const words = r.pick([["api", "key"], ["github", "token"], ["db", "password"], ["stripe", "secret", "key"], ["jwt", "secret"]]);
    return { kind: "env-reference", lines: [ENV_REFERENCE[syntaxId](words)], at: 0 };
  }
  if (roll < 0.2 && syntax.block) {
    const words = r.pick([["public", "key"], ["tls", "cert"], ["ca", "cert"]]);
    return { kind: "public-key", ...syntax.block(words, publicPem(r)) };
  }
  if (roll < 0.24) return { kind: "public-key", ...syntax.assign(["ssh", "public", "key"], sshPublicKey(r), r) };
  const trap = r.pick(NAMED);
  const { words, value } = trap.make(r);
  return { kind: trap.kind, ...syntax.assign(words, value, r) };
}
