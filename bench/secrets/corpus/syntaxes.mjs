// How a value is written in each file syntax. `assign` returns the lines and the index of the
// line that holds the value (a Kubernetes env entry puts it on the second line); `block` does the
// same for a multi-line value such as a PEM key, or is absent where the syntax has none.
import { FILLER, camel, pascal, snake, upper } from "./filler.mjs";

const SERVICES = ["billing", "auth", "gateway", "notifier", "search", "reports", "ingest", "web", "worker", "admin"];
const dir = (r) => r.pick(["", `services/${r.pick(SERVICES)}/`, `apps/${r.pick(SERVICES)}/`, `packages/${r.pick(SERVICES)}/`, "deploy/", "infra/"]);
const esc = (v) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
const jsonPem = (lines) => lines.join("\\n") + "\\n";

/** A "call" placement: the value with no name next to it (distinctive formats only). */
const CALL = {
  js: (v, r) => r.pick([`const client = new ApiClient("${v}");`, `headers.set("Authorization", \`Bearer ${v}\`);`, `await connect({ url: "${v}" });`]),
  ts: (v, r) => r.pick([`const client = new ApiClient("${v}");`, `fetch(url, { headers: { Authorization: "Bearer ${v}" } });`]),
  py: (v, r) => r.pick([`client = Client("${v}")`, `requests.get(url, headers={"Authorization": "Bearer ${v}"})`]),
  go: (v) => `client := api.NewClient("${v}")`,
  java: (v) => `        Client client = Client.create("${v}");`,
  rb: (v) => `  client = Api::Client.new("${v}")`,
  sh: (v, r) => r.pick([`curl -H "Authorization: Bearer ${v}" https://api.acme-corp.io/v1/deploy`, `git clone "${v}"`]),
};

export const SYNTAXES = {
  env: {
    path: (r) => `${dir(r)}${r.pick([".env", ".env.production", ".env.local", "config/app.env", ".env.staging"])}`,
    assign: (w, v, r) => ({ lines: [r.chance(0.7) ? `${upper(w)}=${v}` : `${upper(w)}="${v}"`], at: 0 }),
    block: (w, pem) => ({ lines: [`${upper(w)}="${pem.join("\\n")}"`], at: 0 }),
  },
  yaml: {
    path: (r) => `${dir(r)}${r.pick(["config/settings.yml", "docker-compose.yml", "k8s/deployment.yaml", "values.yaml", "config/application.yml", ".circleci/config.yml"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`  ${snake(w)}: ${v}`], at: 0 }),
      () => ({ lines: [`  ${snake(w)}: "${v}"`], at: 0 }),
      () => ({ lines: [`        - name: ${upper(w)}`, `          value: "${v}"`], at: 1 }),
      () => ({ lines: [`      ${upper(w)}: '${v}'`], at: 0 }),
    ])(),
    block: (w, pem) => ({ lines: [`  ${snake(w)}: |`, ...pem.map((l) => `    ${l}`)], at: 1 }),
  },
  json: {
    path: (r) => `${dir(r)}${r.pick(["config/default.json", "appsettings.json", "config/production.json", "secrets.json", "firebase.json"])}`,
    assign: (w, v) => ({ lines: [`  "${camel(w)}": "${esc(v)}",`], at: 0 }),
    block: (w, pem) => ({ lines: [`  "${camel(w)}": "${jsonPem(pem)}",`], at: 0 }),
  },
  toml: {
    path: (r) => `${dir(r)}${r.pick(["config.toml", "settings.toml", "netlify.toml", ".cargo/config.toml"])}`,
    assign: (w, v) => ({ lines: [`${snake(w)} = "${esc(v)}"`], at: 0 }),
    block: (w, pem) => ({ lines: [`${snake(w)} = """`, ...pem, `"""`], at: 1 }),
  },
  ini: {
    path: (r) => `${dir(r)}${r.pick(["settings.ini", "setup.cfg", "config/app.ini", "odbc.ini", "tox.ini"])}`,
    assign: (w, v) => ({ lines: [`${snake(w)} = ${v}`], at: 0 }),
  },
  properties: {
    path: (r) => `${dir(r)}${r.pick(["src/main/resources/application.properties", "config/application-prod.properties", "gradle.properties"])}`,
    assign: (w, v, r) => ({ lines: [`${r.pick(["app", "spring.datasource", "integration"])}.${camel(w)}=${v}`], at: 0 }),
  },
  xml: {
    path: (r) => `${dir(r)}${r.pick(["web.config", "app.config", "settings.xml", "src/main/resources/applicationContext.xml"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`    <add key="${pascal(w)}" value="${v.replace(/&/g, "&amp;")}" />`], at: 0 }),
      () => ({ lines: [`    <${camel(w)}>${v.replace(/&/g, "&amp;")}</${camel(w)}>`], at: 0 }),
      () => ({ lines: [`    <property name="${camel(w)}" value="${v.replace(/&/g, "&amp;")}"/>`], at: 0 }),
    ])(),
  },
  js: {
    path: (r) => `${dir(r)}${r.pick(["src/config.js", "src/client.js", "lib/api.mjs", "server/index.js", "scripts/deploy.cjs"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`const ${camel(w)} = "${esc(v)}";`], at: 0 }),
      () => ({ lines: [`export const ${upper(w)} = '${v}';`], at: 0 }),
      () => ({ lines: [`  ${camel(w)}: "${esc(v)}",`], at: 0 }),
    ])(),
    block: (w, pem) => ({ lines: [`const ${camel(w)} = \`${pem[0]}`, ...pem.slice(1), "`;"], at: 0 }),
    call: CALL.js,
  },
  ts: {
    path: (r) => `${dir(r)}${r.pick(["src/config.ts", "src/services/client.ts", "src/env.ts", "lib/settings.ts"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`const ${camel(w)}: string = "${esc(v)}";`], at: 0 }),
      () => ({ lines: [`export const ${upper(w)} = "${esc(v)}" as const;`], at: 0 }),
      () => ({ lines: [`  ${camel(w)}: '${v}',`], at: 0 }),
    ])(),
    block: (w, pem) => ({ lines: [`export const ${upper(w)} = \`${pem[0]}`, ...pem.slice(1), "`;"], at: 0 }),
    call: CALL.ts,
  },
  py: {
    path: (r) => `${dir(r)}${r.pick(["settings.py", "app/config.py", "scripts/sync.py", "src/client.py", "manage.py"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`${upper(w)} = "${esc(v)}"`], at: 0 }),
      () => ({ lines: [`    ${snake(w)}='${v}',`], at: 0 }),
      () => ({ lines: [`os.environ.setdefault("${upper(w)}", "${esc(v)}")`], at: 0 }),
      () => ({ lines: [`config["${snake(w)}"] = "${esc(v)}"`], at: 0 }),
    ])(),
    block: (w, pem) => ({ lines: [`${upper(w)} = """${pem[0]}`, ...pem.slice(1), `"""`], at: 0 }),
    call: CALL.py,
  },
  go: {
    path: (r) => `${dir(r)}${r.pick(["main.go", "internal/config/config.go", "cmd/server/main.go", "pkg/client/client.go"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`const ${camel(w)} = "${esc(v)}"`], at: 0 }),
      () => ({ lines: [`\t${camel(w)} := "${esc(v)}"`], at: 0 }),
      () => ({ lines: [`\t\t${pascal(w)}: "${esc(v)}",`], at: 0 }),
    ])(),
    block: (w, pem) => ({ lines: [`var ${camel(w)} = \`${pem[0]}`, ...pem.slice(1), "`"], at: 0 }),
    call: CALL.go,
  },
  java: {
    path: (r) => `${dir(r)}src/main/java/com/acme/${r.pick(["Config", "ApiClient", "PaymentService", "Application"])}.java`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`    private static final String ${upper(w)} = "${esc(v)}";`], at: 0 }),
      () => ({ lines: [`        config.set${pascal(w)}("${esc(v)}");`], at: 0 }),
    ])(),
    call: CALL.java,
  },
  csharp: {
    path: (r) => `${dir(r)}src/${r.pick(["Startup", "Settings", "ApiClient"])}.cs`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`        private const string ${pascal(w)} = "${esc(v)}";`], at: 0 }),
      () => ({ lines: [`            var ${camel(w)} = @"${v.replace(/"/g, '""')}";`], at: 0 }),
    ])(),
  },
  php: {
    path: (r) => `${dir(r)}${r.pick(["config/services.php", "wp-config.php", "app/Config.php"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`    '${snake(w)}' => '${v}',`], at: 0 }),
      () => ({ lines: [`$${camel(w)} = '${v}';`], at: 0 }),
      () => ({ lines: [`define('${upper(w)}', '${v}');`], at: 0 }),
    ])(),
  },
  rb: {
    path: (r) => `${dir(r)}${r.pick(["config/initializers/services.rb", "lib/client.rb", "config/application.rb"])}`,
    assign: (w, v, r) => r.pick([
      () => ({ lines: [`  config.${snake(w)} = "${esc(v)}"`], at: 0 }),
      () => ({ lines: [`  ${upper(w)} = '${v}'`], at: 0 }),
      () => ({ lines: [`  ${snake(w)} = ENV.fetch("${upper(w)}", "${esc(v)}")`], at: 0 }),
    ])(),
    call: CALL.rb,
  },
  sh: {
    path: (r) => `${dir(r)}${r.pick(["scripts/deploy.sh", "bin/setup", "scripts/release.sh", "entrypoint.sh"])}`,
    assign: (w, v, r) => ({ lines: [r.chance(0.5) ? `export ${upper(w)}=${v}` : `export ${upper(w)}="${v}"`], at: 0 }),
    call: CALL.sh,
  },
  dockerfile: {
    path: (r) => `${dir(r)}${r.pick(["Dockerfile", "docker/Dockerfile.prod", "Dockerfile.worker"])}`,
    assign: (w, v, r) => ({ lines: [r.pick([`ENV ${upper(w)}=${v}`, `ENV ${upper(w)} ${v}`, `ARG ${upper(w)}=${v}`])], at: 0 }),
  },
  tf: {
    path: (r) => `${dir(r)}${r.pick(["main.tf", "terraform/providers.tf", "modules/app/variables.tf", "terraform.tfvars"])}`,
    assign: (w, v) => ({ lines: [`  ${snake(w)} = "${esc(v)}"`], at: 0 }),
    block: (w, pem) => ({ lines: [`  ${snake(w)} = <<EOT`, ...pem, "EOT"], at: 1 }),
  },
  md: {
    path: (r) => `${dir(r)}${r.pick(["README.md", "docs/setup.md", "docs/deploy.md", "CONTRIBUTING.md"])}`,
    assign: (w, v) => ({ lines: ["```sh", `export ${upper(w)}=${v}`, "```"], at: 1 }),
  },
};

/** How many files of each syntax, relative. */
export const SYNTAX_WEIGHTS = { env: 6, yaml: 8, json: 7, toml: 3, ini: 3, properties: 3, xml: 3, js: 10, ts: 10, py: 9, go: 6, java: 5, csharp: 3, php: 3, rb: 3, sh: 4, dockerfile: 3, tf: 4, md: 4 };

export { FILLER };

/** Lines a syntax needs before and after the body (JSON object, XML root, class body…). */
const FRAME = {
  json: [["{"], ["}"]],
  xml: [['<?xml version="1.0" encoding="utf-8"?>', "<configuration>"], ["</configuration>"]],
  java: [["package com.acme;", "", "public class Generated {"], ["}"]],
  csharp: [["namespace Acme.Service", "{", "    public class Generated", "    {"], ["    }", "}"]],
  php: [["<?php", ""], []],
  rb: [["module Acme"], ["end"]],
  go: [["package main", ""], []],
  sh: [["#!/usr/bin/env bash", "set -euo pipefail", ""], []],
  dockerfile: [["FROM node:20-bookworm-slim"], ['CMD ["node", "server.js"]']],
};

/** Frames a file body; `offset` is how many lines were put in front, to shift the labels. */
export function wrap(syntax, lines) {
  const [before, after] = FRAME[syntax] ?? [[], []];
  const body = [...lines];
  if (syntax === "json") {
    for (let i = body.length - 1; i >= 0; i--) if (body[i].endsWith(",")) { body[i] = body[i].slice(0, -1); break; }
  }
  return { lines: [...before, ...body, ...after], offset: before.length };
}
