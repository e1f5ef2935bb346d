import { isPlaceholder } from "../placeholders.js";
import { PRIORITY, type Detector } from "../types.js";
import { isWordish } from "./value-checks.js";
import { defineRule } from "./rule.js";

export const CONNECTION_STRING = defineRule("connection-string", "database", "Connection string with a password");
const BASIC_AUTH_URL = defineRule("basic-auth-url", "generic", "URL with embedded credentials");
const SENTRY_DSN = defineRule("sentry-dsn", "sentry", "Sentry DSN with secret key");

/** Scheme (lower-case) → provider for database and broker URLs. */
const DATABASE_SCHEMES: Record<string, string> = {
  postgres: "postgres", postgresql: "postgres", pgsql: "postgres", cockroachdb: "postgres", "postgresql+psycopg2": "postgres",
  "postgresql+asyncpg": "postgres", mysql: "mysql", mysqlx: "mysql", mariadb: "mysql", "mysql+pymysql": "mysql",
  mongodb: "mongodb", "mongodb+srv": "mongodb", redis: "redis", rediss: "redis", valkey: "redis", amqp: "amqp",
  amqps: "amqp", mssql: "mssql", sqlserver: "mssql", oracle: "oracle", db2: "db2", clickhouse: "clickhouse",
  couchdb: "couchdb", neo4j: "neo4j", "neo4j+s": "neo4j", bolt: "neo4j", cassandra: "cassandra", nats: "nats",
  memcached: "memcached", influxdb: "influxdb", snowflake: "snowflake", kafka: "kafka",
};

/** RFC 2606 documentation domains and obvious stand-ins: credentials on them are examples. */
const EXAMPLE_HOST = /(?:^|\.)example\.(?:com|org|net)(?::\d+)?$|^(?:host|hostname|server|your[-_]?host|db[-_]?host|<[^>]*>)(?::\d+)?$/i;

/** `://user:password@host` right after the scheme. */
const USERINFO = /:\/\/([^\s:@/"'`<>\\]{0,128}):([^\s@/"'`<>\\]{1,256})@([^\s/"'`<>?#@\\,;)]{1,255})/y;

function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Whether the password part of a credential is a stand-in: placeholder, reference, default or port. */
export function isStandInPassword(password: string, user: string): boolean {
  const p = decode(password);
  return (
    // `:name` / `@name` are bind parameters; `$VAR`, `%VAR%` and the like are caught by isPlaceholder.
    p.length < 3 || p === decode(user) || /^\d{1,5}$/.test(p) || /^[:@][A-Za-z_]\w*$/.test(p) || /^[a-z]+$/.test(p) ||
    isWordish(p) || isPlaceholder(p)
  );
}

/**
 * URLs that carry a password: database and broker connection strings (postgres://, mongodb+srv://,
 * redis://, amqp://, jdbc:mysql://, …) and any other URL with `user:password@` (basic auth).
 * Only the password is the reported span, so redaction keeps the URL readable.
 */
export const connectionStrings: Detector = {
  name: "connection-strings",
  triggers: ["://"],
  detect(ctx, hit) {
    if (ctx.binary || ctx.kind === "lockfile") return;
    const { text } = ctx;
    USERINFO.lastIndex = hit;
    const m = USERINFO.exec(text);
    if (!m) return;
    let s = hit;
    while (s > 0 && hit - s < 32 && isSchemeChar(text.charCodeAt(s - 1))) s--;
    const scheme = text.slice(s, hit).toLowerCase();
    if (!/^[a-z]/.test(scheme)) return;
    const user = m[1] ?? "";
    const password = m[2] ?? "";
    const host = m[3] ?? "";
    if (isStandInPassword(password, user) || EXAMPLE_HOST.test(host) || isPlaceholder(host)) return;
    const start = hit + 3 + user.length + 1;
    const database = DATABASE_SCHEMES[scheme];
    const rule = database ? CONNECTION_STRING : /sentry/i.test(host) ? SENTRY_DSN : BASIC_AUTH_URL;
    ctx.emit({ rule, provider: database, start, end: start + password.length, secret: password, priority: PRIORITY.structure });
  },
};
