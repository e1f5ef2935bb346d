// Non-secret filler in each syntax: functions, config sections, comments and literals of the kind
// real repositories are full of — including the words "token", "key", "auth", "secret" and
// "password" in code that holds no secret, hashes, ids, URLs and version strings.

const NOUNS = ["user", "order", "invoice", "payment", "account", "session", "request", "response", "cache", "queue", "event", "message", "report", "config", "client", "server", "item", "cart", "product", "customer", "profile", "job", "task", "worker", "file", "record", "batch", "permission", "role", "team", "project", "build", "release", "metric", "log", "page", "route", "handler", "schema", "field", "index", "query", "result", "error", "retry", "limit", "window", "buffer", "stream", "socket", "channel"];
/** Secret-sounding nouns, drawn about as often as real code uses them (see README). */
const SECRETISH_NOUNS = ["token", "key", "auth", "password", "credential", "secret", "signature", "webhook"];
const VERBS = ["get", "set", "load", "save", "fetch", "update", "delete", "create", "parse", "format", "validate", "normalize", "resolve", "build", "render", "handle", "process", "send", "receive", "compute", "merge", "filter", "map", "sort", "sync", "refresh", "verify", "encode", "decode", "hash", "rotate", "revoke", "issue", "check"];
const ADJ = ["active", "pending", "default", "current", "next", "previous", "cached", "raw", "parsed", "valid", "expired", "remote", "local", "primary", "fallback", "max", "min", "total", "last", "first"];
const PROSE = ["the", "a", "we", "this", "is", "used", "to", "when", "before", "after", "if", "not", "for", "each", "returns", "value", "from", "with", "and", "or", "keep", "in", "sync", "see", "note", "should", "never", "always", "only", "so", "that", "callers", "can", "retry", "safely", "because", "upstream", "API", "limits", "requests", "per", "minute", "expires", "refresh", "rotation", "handled", "by", "the", "scheduler", "reset", "flow", "manager", "reads", "env"];
const SECRETISH_PROSE = ["token", "key", "password", "secret", "credentials", "auth"];
const HOSTS = ["api.acme-corp.io", "billing.internal", "auth.acme-corp.io", "cdn.acme-static.net", "localhost", "metrics.corp.lan", "events.eu-west-1.acme.cloud"];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
export const camel = (words) => words[0] + words.slice(1).map(cap).join("");
export const pascal = (words) => words.map(cap).join("");
export const snake = (words) => words.join("_");
export const upper = (words) => words.join("_").toUpperCase();

const anyNoun = (r) => (r.chance(0.03) ? r.pick(SECRETISH_NOUNS) : r.pick(NOUNS));
function ident(r, style = camel) {
  const words = [r.pick(VERBS), r.pick([...ADJ, ""]), anyNoun(r)].filter(Boolean);
  return style(words);
}
function noun(r, style = camel) { return style([r.pick([...ADJ, ""]), anyNoun(r)].filter(Boolean)); }
function sentence(r, min = 5, max = 14) { const n = r.int(min, max); const w = []; for (let i = 0; i < n; i++) w.push(r.chance(0.01) ? r.pick(SECRETISH_PROSE) : r.pick(PROSE)); return cap(w.join(" ")) + "."; }
/** Filler must hold no secret: names that sound secret only ever get ordinary values. */
const SECRETISH = /token|key|auth|password|credential|secret|signature/i;

function literal(r, name = "") {
  if (SECRETISH.test(name)) return r.pick([() => String(r.int(0, 3600)), () => r.pick(["true", "false", "null"]), () => `"${sentence(r, 2, 5).slice(0, -1)}"`, () => `"${noun(r, snake)}"`])();
  return r.pick([
    () => `"${sentence(r, 2, 6).slice(0, -1)}"`,
    () => `"https://${r.pick(HOSTS)}/v${r.int(1, 3)}/${noun(r, snake)}s"`,
    () => String(r.int(0, 100000)),
    () => `"${noun(r, snake)}"`,
    () => `"${r.hex(40)}"`,
    () => `"${r.uuid()}"`,
    () => `"${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 99)}"`,
    () => `"/var/lib/${noun(r, snake)}/${noun(r, snake)}.json"`,
    () => `"#${r.hex(6)}"`,
    () => r.pick(["true", "false", "null"]),
  ])();
}
function configValue(r, name = "") {
  if (SECRETISH.test(name)) return r.pick([() => String(r.int(1, 3600)), () => r.pick(["true", "false"]), () => `${r.int(1, 120)}s`, () => noun(r, snake)])();
  return r.pick([
    () => String(r.int(1, 65535)), () => r.pick(["true", "false"]), () => `${r.int(1, 120)}s`, () => r.pick(["info", "debug", "warn", "error"]),
    () => `https://${r.pick(HOSTS)}/${noun(r, snake)}`, () => `/etc/${noun(r, snake)}/${noun(r, snake)}.conf`, () => noun(r, snake),
    () => `${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 9)}`, () => r.hex(12), () => r.uuid(),
  ])();
}

function cLikeFunction(r, { fn, decl, ret, comment, end = "}" }) {
  const lines = [`${comment} ${sentence(r)}`, fn(ident(r), [noun(r), noun(r)].slice(0, r.int(0, 2)))];
  const n = r.int(3, 14);
  for (let i = 0; i < n; i++) {
    lines.push(r.pick([
      () => `    ${decl(noun(r), `${ident(r)}(${noun(r)})`)}`,
      () => { const n = noun(r); return `    ${decl(n, literal(r, n))}`; },
      () => { const n = noun(r); return `    if (${n} == ${literal(r, n)}) {`; },
      () => { const n = noun(r); const f = ident(r); return `        ${f}(${n}, ${literal(r, n + f)});`; },
      () => `    }`,
      () => `    ${comment} ${sentence(r)}`,
      () => `    for (${noun(r)} of ${noun(r)}s) { ${ident(r)}(${noun(r)}); }`,
      () => { const n = noun(r); const f = ident(r); return `    ${noun(r)}.${n} = ${f}(${literal(r, n + f)});`; },
    ])());
  }
  lines.push(`    ${ret(noun(r))}`, end, "");
  return lines;
}

/** Filler blocks per syntax id. Each returns an array of lines. */
export const FILLER = {
  env: (r) => [`# ${sentence(r)}`, ...Array.from({ length: r.int(3, 10) }, () => { const n = upper([r.pick(ADJ), anyNoun(r), r.pick(["url", "host", "port", "enabled", "timeout", "level", "path", "size", "count", "name"])]); return `${n}=${configValue(r, n)}`; })],
  yaml: (r) => { const lines = [`# ${sentence(r)}`, `${noun(r, snake)}:`]; for (let i = r.int(3, 12); i > 0; i--) { const n = noun(r, snake); lines.push(`  ${n}: ${configValue(r, n)}`); } if (r.chance(0.3)) lines.push(`  ${noun(r, snake)}:`, `    - ${noun(r, snake)}`, `    - ${noun(r, snake)}`); return lines; },
  json: (r) => Array.from({ length: r.int(3, 10) }, () => { const n = noun(r); return `  "${n}": ${literal(r, n)},`; }),
  toml: (r) => [`[${noun(r, snake)}]`, ...Array.from({ length: r.int(3, 9) }, () => { const n = noun(r, snake); return `${n} = ${r.pick([`"${configValue(r, n)}"`, String(r.int(0, 9999)), "true", "false"])}`; }), ""],
  ini: (r) => [`[${noun(r, snake)}]`, ...Array.from({ length: r.int(3, 9) }, () => { const n = noun(r, snake); return `${n} = ${configValue(r, n)}`; }), ""],
  properties: (r) => [`# ${sentence(r)}`, ...Array.from({ length: r.int(3, 9) }, () => { const n = noun(r, camel); return `${r.pick(["app", "spring", "server", "logging"])}.${noun(r, snake)}.${n}=${configValue(r, n)}`; })],
  xml: (r) => { const tag = noun(r); return [`  <!-- ${sentence(r)} -->`, `  <${tag} enabled="${r.pick(["true", "false"])}">`, ...Array.from({ length: r.int(2, 8) }, () => { const n = noun(r, pascal); return `    <add key="${n}" value="${configValue(r, n)}" />`; }), `  </${tag}>`]; },
  js: (r) => cLikeFunction(r, { comment: "//", fn: (n, a) => `export ${r.pick(["async ", ""])}function ${n}(${a.join(", ")}) {`, decl: (n, v) => `const ${n}${r.int(0, 99)} = ${v};`, ret: (n) => `return ${n};` }),
  ts: (r) => cLikeFunction(r, { comment: "//", fn: (n, a) => `export function ${n}(${a.map((x) => `${x}: ${r.pick(["string", "number", "Options", "Record<string, unknown>"])}`).join(", ")}): ${r.pick(["void", "string", "Promise<Result>"])} {`, decl: (n, v) => `const ${n}${r.int(0, 99)} = ${v};`, ret: (n) => `return ${n} as never;` }),
  go: (r) => cLikeFunction(r, { comment: "//", fn: (n, a) => `func ${pascal([n])}(${a.map((x) => `${x} string`).join(", ")}) error {`, decl: (n, v) => `${n}${r.int(0, 99)} := ${v}`, ret: () => "return nil" }),
  java: (r) => cLikeFunction(r, { comment: "//", fn: (n, a) => `    public ${r.pick(["void", "String", "int"])} ${n}(${a.map((x) => `String ${x}`).join(", ")}) {`, decl: (n, v) => `var ${n}${r.int(0, 99)} = ${v};`, ret: (n) => `return;`, end: "    }" }),
  csharp: (r) => cLikeFunction(r, { comment: "//", fn: (n, a) => `        public ${r.pick(["void", "string", "Task"])} ${pascal([n])}(${a.map((x) => `string ${x}`).join(", ")})`.concat(" {"), decl: (n, v) => `var ${n}${r.int(0, 99)} = ${v};`, ret: () => "return;", end: "        }" }),
  php: (r) => cLikeFunction(r, { comment: "//", fn: (n, a) => `function ${n}(${a.map((x) => `$${x}`).join(", ")}) {`, decl: (n, v) => `$${n}${r.int(0, 99)} = ${v};`, ret: (n) => `return $${n};` }),
  py: (r) => { const lines = [`def ${ident(r, snake)}(${[noun(r, snake), noun(r, snake)].slice(0, r.int(0, 2)).join(", ")}):`, `    """${sentence(r)}"""`]; for (let i = r.int(3, 12); i > 0; i--) lines.push(r.pick([() => `    ${noun(r, snake)} = ${ident(r, snake)}(${noun(r, snake)})`, () => { const n = noun(r, snake); return `    ${n} = ${literal(r, n).replace(/^(true|false|null)$/, "None")}`; }, () => `    # ${sentence(r)}`, () => `    if ${noun(r, snake)} is None:`, () => `        raise ValueError(${JSON.stringify(sentence(r, 3, 6))})`, () => `    for ${noun(r, snake)} in ${noun(r, snake)}s:`, () => `        ${ident(r, snake)}(${noun(r, snake)})`])()); lines.push(`    return ${noun(r, snake)}`, "", ""); return lines; },
  rb: (r) => { const lines = [`  # ${sentence(r)}`, `  def ${ident(r, snake)}(${noun(r, snake)})`]; for (let i = r.int(2, 9); i > 0; i--) lines.push(r.pick([() => `    ${noun(r, snake)} = ${ident(r, snake)}(${noun(r, snake)})`, () => { const n = noun(r, snake); return `    @${n} ||= ${literal(r, n).replace("null", "nil")}`; }, () => `    return if ${noun(r, snake)}.nil?`])()); lines.push("  end", ""); return lines; },
  sh: (r) => [`# ${sentence(r)}`, ...Array.from({ length: r.int(2, 8) }, () => r.pick([() => `${snake([r.pick(ADJ), r.pick(NOUNS)])}="$(${r.pick(["jq -r .", "cat", "basename", "dirname"])} "${"$"}{${upper([r.pick(NOUNS)])}}")"`, () => `if [ -z "${"$"}{${upper([r.pick(ADJ), r.pick(NOUNS)])}:-}" ]; then echo "${sentence(r, 2, 5)}" >&2; exit 1; fi`, () => `curl -fsSL "https://${r.pick(HOSTS)}/${noun(r, snake)}" -o "/tmp/${noun(r, snake)}.json"`, () => `export ${upper([r.pick(ADJ), r.pick(NOUNS), "dir"])}=/opt/${noun(r, snake)}`])()), ""],
  dockerfile: (r) => r.pick([() => [`RUN apt-get update && apt-get install -y --no-install-recommends ${noun(r, snake).replace(/_/g, "-")} && rm -rf /var/lib/apt/lists/*`], () => [`COPY ${noun(r, snake)}/ /app/${noun(r, snake)}/`], () => [`ENV ${upper([r.pick(ADJ), r.pick(NOUNS), "port"])}=${r.int(1000, 9999)}`], () => [`WORKDIR /app/${noun(r, snake)}`], () => [`# ${sentence(r)}`], () => [`RUN npm ci --omit=dev && npm cache clean --force`]])(),
  tf: (r) => [`resource "${r.pick(["aws_s3_bucket", "aws_iam_role", "google_storage_bucket", "azurerm_resource_group"])}" "${noun(r, snake)}" {`, ...Array.from({ length: r.int(2, 7) }, () => { const n = noun(r, snake); return `  ${n} = ${r.pick([`"${configValue(r, n)}"`, String(r.int(0, 999)), "true", `var.${noun(r, snake)}`])}`; }), "}", ""],
  md: (r) => [`## ${cap(noun(r, (w) => w.join(" ")))}`, "", sentence(r, 12, 30), sentence(r, 8, 20), "", "```sh", `${r.pick(["npm run", "make", "./scripts/"])}${noun(r, snake)}`, "```", ""],
};

/** A minified bundle line: many short statements joined, with the usual keyword-bearing names. */
export function minifiedChunk(r) {
  const parts = [];
  for (let i = 0; i < 40; i++) parts.push(r.pick([
    () => `var ${r.chars(1, "abcdefghijklmnopqrstuvwxyz")}${r.int(0, 99)}=function(e,t){return e.${noun(r)}(t.${noun(r)})}`,
    () => { const n = noun(r); return `${r.chars(2, "abcdefghijklmnopqrstuvwxyz")}.${n}=${literal(r, n)}`; },
    () => `if(!t.token)throw new Error("missing auth token")`,
    () => `e.headers.Authorization="Bearer "+t.accessToken`,
    () => `n.apiKey=o.apiKey||process.env.API_KEY`,
    () => `for(var i=0;i<e.length;i++)r[e[i].key]=e[i].value`,
  ])());
  return parts.join(";");
}
