/**
 * What a variable, key or attribute name says about its value: a password, some other secret
 * (token, secret, API key…), a bare "key" (weaker), or nothing. Names are split into words
 * across camelCase, snake_case, kebab-case and dots, so `dbPassword`, `DB_PASSWORD` and
 * `db.password` read alike.
 */
export type SecretNameKind = "password" | "secret" | "key";

const PASSWORD_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "passwort", "pword", "passcode", "passwords"]);
const SECRET_WORDS = new Set([
  "secret", "secrets", "token", "apikey", "apikeys", "credential", "credentials", "creds", "accesstoken", "authtoken",
  "privatekey", "secretkey", "clientsecret", "apitoken", "apisecret", "auth", "bearer", "pat", "refreshtoken",
]);
/** A word before "key" that makes it a credential: api key, access key, signing key, … */
const KEY_QUALIFIERS = new Set([
  "api", "access", "private", "secret", "signing", "sign", "encryption", "encrypt", "decryption", "master", "account",
  "app", "application", "auth", "client", "service", "license", "licence", "consumer", "shared", "webhook", "session",
  "hmac", "jwt", "crypto", "storage", "admin", "write", "ingest", "management", "server", "deploy", "subscription",
  "primary", "secondary", "mac", "cipher", "aes", "sdk", "dev", "prod", "production", "live", "user", "integration",
]);
/** A last word that makes the name describe a secret rather than hold one (token_type, password_min_length). */
const NOT_A_VALUE = new Set([
  "id", "ids", "name", "names", "type", "types", "url", "uri", "urls", "endpoint", "path", "paths", "file", "files",
  "filename", "dir", "directory", "header", "headers", "prefix", "suffix", "length", "len", "size", "count", "field",
  "fields", "param", "params", "parameter", "env", "var", "variable", "mode", "version", "timeout", "ttl", "expiry",
  "expires", "expiration", "expire", "exp", "expired", "hash", "hashed", "digest", "sha", "checksum", "fingerprint",
  "label", "hint", "description", "desc", "message", "msg", "error", "errors", "policy", "pattern", "regex", "format",
  "enabled", "enable", "disabled", "required", "min", "max", "placeholder", "example", "provider", "providers",
  "manager", "class", "method", "kind", "index", "location", "reset", "input", "confirm", "confirmation", "valid",
  "validator", "validation", "strength", "rules", "rule", "lifetime", "spec", "schema", "option", "options",
  "config", "settings", "encoding", "algorithm", "alg", "scheme", "source", "ref", "arn", "region", "bucket", "table",
  "column", "user", "username", "login", "email", "host", "port", "scope", "scopes", "audience", "issuer", "usage",
  "limit", "retries", "delay", "duration", "interval", "callback", "handler", "event", "request", "response",
  "result", "status", "state", "list", "map", "cache", "generator", "factory", "builder", "parser", "reader",
  "writer", "loader", "service", "client", "store", "storage", "vault", "mount", "keyname", "ring",
  "keyring", "text", "label", "title", "link", "page", "route", "router", "view", "form", "button", "icon", "style",
  "changed", "set", "get", "flag", "check", "required", "policy", "attempts", "counter", "date", "time", "at",
  "created", "updated", "ms", "seconds", "minutes", "hours", "days", "sec", "min", "bits", "bytes", "algo",
]);
/** Words anywhere in the name that rule out a secret value (public keys, hashes, patterns, switches). */
const NEVER = new Set([
  "public", "pub", "publishable", "hash", "hashed", "digest", "checksum", "fingerprint", "sha", "sha1", "sha256",
  "sha512", "md5", "integrity", "regex", "regexp", "pattern", "is", "has", "should", "can", "use", "show", "hide",
  "validate", "verify", "generate", "create", "parse", "mock", "fake", "dummy", "sample", "example",
  "placeholder", "encrypted", "enc", "masked", "redacted", "csrf", "xsrf", "nonce", "cache", "lexer", "tokenizer",
  "next", "page", "pagination", "cursor", "continuation", "sort", "keyboard", "keycode", "keypress", "keydown",
  "keyup", "hotkey", "monkey", "turkey", "donkey", "hockey", "jockey", "whiskey", "pkey", "fkey", "foreign",
  "sync", "idempotency", "dedupe", "partition", "routing", "sort", "cdn", "recaptcha",
  "site", "sitekey", "analytics", "measurement", "tracking", "maps", "anon", "anonymous",
]);

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const cache = new Map<string, SecretNameKind | null>();

function classify(name: string): SecretNameKind | null {
  // PWD / OLDPWD are the shell's working directories.
  if (/^(?:OLD)?PWD$/.test(name)) return null;
  const words = splitWords(name);
  const last = words[words.length - 1];
  if (!last || words.some((w) => NEVER.has(w)) || NOT_A_VALUE.has(last)) return null;
  if (words.some((w) => PASSWORD_WORDS.has(w))) return "password";
  if (words.some((w) => SECRET_WORDS.has(w))) return "secret";
  if (last === "key" || last === "keys") {
    const before = words[words.length - 2];
    if (before && KEY_QUALIFIERS.has(before)) return "secret";
    return "key";
  }
  return null;
}

/** The kind of secret a name announces, or null. Cached: the same names recur across a repository. */
export function secretNameKind(name: string): SecretNameKind | null {
  let kind = cache.get(name);
  if (kind === undefined) {
    kind = classify(name);
    if (cache.size > 50_000) cache.clear();
    cache.set(name, kind);
  }
  return kind;
}
