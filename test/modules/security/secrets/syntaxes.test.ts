import { describe, expect, it } from "@jest/globals";
import { scanTextForSecrets } from "../../../../src/modules/security/secrets/index.js";
import { ALPHABET, b62, b64, hex, seeded } from "./tokens.js";

const password = seeded(4242);
/** A password as a password manager makes one. */
const strongPassword = (): string => password(18, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%^*-_+=?");

/**
 * The generic detector: a name that says secret/token/password/api key, assigned a random value,
 * in each syntax a repository holds. `at` is the value's line.
 */
const SYNTAXES: Array<[string, string, (v: string) => string, number]> = [
  [".env", ".env.production", (v) => `NODE_ENV=production\nSESSION_SECRET=${v}\n`, 2],
  [".env quoted", ".env", (v) => `SESSION_SECRET="${v}"\n`, 1],
  ["YAML", "config/app.yml", (v) => `app:\n  name: shop\n  jwt_secret: ${v}\n`, 3],
  ["YAML quoted", "config/app.yaml", (v) => `app:\n  jwt_secret: '${v}'\n`, 2],
  ["Kubernetes env entry", "k8s/deploy.yaml", (v) => `env:\n  - name: INTERNAL_API_TOKEN\n    value: "${v}"\n`, 3],
  ["JSON", "appsettings.json", (v) => `{\n  "Jwt": {\n    "signingKey": "${v}"\n  }\n}\n`, 3],
  ["TOML", "config.toml", (v) => `[auth]\nclient_secret = "${v}"\n`, 2],
  ["INI", "settings.ini", (v) => `[service]\napi_token = ${v}\n`, 2],
  ["Java properties", "application.properties", (v) => `server.port=8080\nintegration.apiToken=${v}\n`, 2],
  ["XML appSettings", "web.config", (v) => `<appSettings>\n  <add key="ApiSecret" value="${v}" />\n</appSettings>\n`, 2],
  ["XML element", "settings.xml", (v) => `<server>\n  <id>nexus</id>\n  <password>${v}</password>\n</server>\n`, 3],
  ["XML attribute", "context.xml", (v) => `<Resource name="jdbc/app" password="${v}" />\n`, 1],
  ["Spring bean property", "beans.xml", (v) => `<property name="clientSecret" value="${v}"/>\n`, 1],
  ["JavaScript const", "src/client.js", (v) => `const apiKey = "${v}";\n`, 1],
  ["TypeScript annotated", "src/env.ts", (v) => `export const clientSecret: string = "${v}";\n`, 1],
  ["JavaScript object", "src/config.mjs", (v) => `export default {\n  sessionSecret: '${v}',\n};\n`, 2],
  ["Python", "settings.py", (v) => `SECRET_KEY = "${v}"\n`, 1],
  ["Python keyword argument", "client.py", (v) => `client = Client(api_key='${v}')\n`, 1],
  ["Python getenv default", "app.py", (v) => `token = os.environ.get("SERVICE_TOKEN", "${v}")\n`, 1],
  ["Go short assignment", "main.go", (v) => `func main() {\n\tapiToken := "${v}"\n}\n`, 2],
  ["Go struct field", "config.go", (v) => `var cfg = Config{\n\tClientSecret: "${v}",\n}\n`, 2],
  ["Java constant", "Config.java", (v) => `class Config {\n    private static final String API_SECRET = "${v}";\n}\n`, 2],
  ["Java setter", "Client.java", (v) => `config.setApiToken("${v}");\n`, 1],
  ["C# verbatim string", "Startup.cs", (v) => `var clientSecret = @"${v}";\n`, 1],
  ["Ruby hash rocket", "config.rb", (v) => `{ "password" => "${v}" }\n`, 1],
  ["Ruby symbol key", "initializer.rb", (v) => `Service.configure(api_token: "${v}")\n`, 1],
  ["PHP array", "config/services.php", (v) => `return [\n    'secret' => '${v}',\n];\n`, 2],
  ["PHP define", "wp-config.php", (v) => `define('AUTH_KEY', '${v}');\n`, 1],
  ["shell export", "deploy.sh", (v) => `#!/bin/sh\nexport DEPLOY_TOKEN=${v}\n`, 2],
  ["Dockerfile ENV", "Dockerfile", (v) => `FROM node:20\nENV API_SECRET=${v}\n`, 2],
  ["Dockerfile legacy ENV", "Dockerfile", (v) => `FROM node:20\nENV API_SECRET ${v}\n`, 2],
  ["Terraform", "main.tf", (v) => `resource "x" "y" {\n  admin_password = "${v}"\n}\n`, 2],
  ["HTTP header in code", "fetch.ts", (v) => `headers["X-Api-Key"] = "${v}";\n`, 1],
  ["query string", "sync.py", (v) => `URL = "https://api.internal.io/v1/export?format=csv&access_token=${v}"\n`, 1],
  ["ODBC connection string", "db.cs", (v) => `var cs = "Server=tcp:sql.internal,1433;Database=app;User Id=app;Password=${v};";\n`, 1],
];

describe("secret-named assignments across syntaxes", () => {
  it.each(SYNTAXES)("%s: a random value is reported on its line", (_name, path, write, at) => {
    for (const value of [b62(32), hex(64), b64(44), strongPassword()]) {
      const findings = scanTextForSecrets(path, write(value));
      expect(findings.map((f) => f.line)).toEqual([at]);
      expect(JSON.stringify(findings)).not.toContain(value);
    }
  });

  it.each(SYNTAXES)("%s: a reference or stand-in is not", (_name, path, write) => {
    for (const value of ["${API_SECRET}", "{{ api_secret }}", "your-secret-here", "changeme", "xxxxxxxxxxxx", "REPLACE_ME", "s3cr3t"]) {
      expect(scanTextForSecrets(path, write(value))).toEqual([]);
    }
  });
});

describe("what the name and the value must say", () => {
  it("needs a secret-sounding name: the same random value under an ordinary name is not reported", () => {
    const value = b62(32);
    expect(scanTextForSecrets("config.yml", `build_id: ${value}\nrevision: ${value}\n`)).toEqual([]);
  });

  it("in code, an unquoted right-hand side is an expression, not a literal", () => {
    expect(scanTextForSecrets("app.js", `const apiKey = config.apiKey;\nconst secret = loadSecret(${"name"});\n`)).toEqual([]);
  });

  it("judges entropy by alphabet: low-entropy hex and base64 are not secrets", () => {
    expect(scanTextForSecrets(".env", `API_TOKEN=ab12ab12ab12ab12ab12\nSECRET_KEY=aaaaBBBBaaaaBBBBaaaa\n`)).toEqual([]);
  });

  it("accepts a human-made password under a password name, rejects a word with a number", () => {
    expect(scanTextForSecrets("db.yml", `password: "${strongPassword()}"\n`)).toHaveLength(1);
    expect(scanTextForSecrets("db.yml", `password: "secret123"\n`)).toEqual([]);
  });

  it("recognises provider keys that only a name identifies, and labels them with the provider", () => {
    const found = scanTextForSecrets(".env", `DATADOG_API_KEY=${hex(32)}\nHEROKU_API_KEY=${"6f1c2a9e-4b7d-4e2a-9c3f-2d8e1b7a5c40"}\n`);
    expect(found.map((f) => [f.ruleId, f.provider])).toEqual([
      ["secret/datadog-api-key", "datadog"],
      ["secret/heroku-legacy-api-key", "heroku"],
    ]);
  });

  it("reads a very long minified line without missing the assignment at its end", () => {
    const chunk = `n.apiKey=o.apiKey||process.env.API_KEY;if(!t.token)throw new Error("no auth token");e.headers.Authorization="Bearer "+t.accessToken;`;
    const value = password(28, ALPHABET.base62);
    const text = `${chunk.repeat(20000)}var c={clientSecret:"${value}"};\n`;
    const found = scanTextForSecrets("dist/app.min.js", text);
    expect(found.map((f) => [f.ruleId, f.line])).toEqual([["secret/generic-secret", 1]]);
  });
});
