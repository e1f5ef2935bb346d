import { describe, expect, it } from "@jest/globals";
import { scanTextForSecrets } from "../../../../src/modules/security/secrets/index.js";
import { b62, b64, githubToken, hex, jwt, pemPublicKey } from "./tokens.js";

/** FAULTS 22: placeholders and look-alikes are not reported; the real thing next to them is. */
describe("placeholder allowlist", () => {
  const placeholders: Array<[string, string, string]> = [
    ["ghp_ + 36 × x", ".env", `GITHUB_TOKEN=ghp_${"x".repeat(36)}\n`],
    ["AWS documentation key id", "config/aws.ini", `[default]\naws_access_key_id = ${"AKIA"}IOSFODNN7EXAMPLE\n`],
    ["AWS documentation secret key", "config/aws.ini", `[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${"EXAMPLE"}KEY\n`],
    ["your-api-key", "settings.py", `API_KEY = "your-api-key"\n`],
    ["YOUR_API_KEY_HERE", "app.js", `const apiKey = "YOUR_API_KEY_HERE";\n`],
    ["<token>", "README.md", "```sh\nexport GITHUB_TOKEN=<token>\n```\n"],
    ["${VAR}", "docker-compose.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"],
    ["{{ var }}", "values.yaml", `auth:\n  client_secret: "{{ .Values.clientSecret }}"\n`],
    ["%(var)s", "alembic.ini", `sqlalchemy.password = %(db_password)s\n`],
    ["changeme", ".env.example", `ADMIN_PASSWORD=changeme\n`],
    ["xxxxx", "config.toml", `api_token = "xxxxx"\n`],
    ["****", "application.properties", `spring.datasource.password=********\n`],
    ["repeated characters", "ci.env", `DEPLOY_TOKEN=${"0".repeat(40)}\n`],
    ["sequential characters", "fixtures.json", `{ "token": "ghp_1234567890abcdefghijklmnopqrstuvwxyz" }\n`],
    ["Slack documentation webhook", "alerts.yml", `webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n`],
    ["Stripe documentation test key", "checkout.rb", `Stripe.api_key = "sk_test_${"4eC39HqLyjWDarjtT1zdp7dc"}"\n`],
    ["jwt.io example token", "auth.test.ts", `const token = "${jwt({ alg: "HS256", typ: "JWT" }, { sub: "1234567890", name: "John Doe", iat: 1516239022 }, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")}";\n`],
    ["truncated key in docs", "docs/setup.md", `Set \`OPENAI_API_KEY=sk-...\` before running.\n`],
    ["credentials in a documentation URL", "docs/db.md", `DATABASE_URL=postgres://user:password@localhost:5432/mydb\n`],
    ["templated connection string", "k8s/app.yaml", `        value: "mongodb://$(MONGO_USER):$(MONGO_PASS)@mongo:27017/app"\n`],
    ["vault reference", "config.yaml", `db_password: vault:secret/data/app#password\n`],
    ["SOPS-encrypted value", "secrets.enc.yaml", `api_token: ENC[AES256_GCM,data:${b64(40)},iv:${b64(43)}=,tag:${b64(22)}==,type:str]\n`],
  ];

  it.each(placeholders)("%s is not reported", (_name, path, text) => {
    expect(scanTextForSecrets(path, text)).toEqual([]);
  });

  it("still reports the real token written next to a placeholder", () => {
    const real = githubToken();
    const findings = scanTextForSecrets(".env", `GITHUB_TOKEN=ghp_${"x".repeat(36)}\nGITHUB_TOKEN_CI=${real}\n`);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([["secret/github-token", 2]]);
  });
});

describe("look-alikes that are not secrets", () => {
  const lookAlikes: Array<[string, string, string]> = [
    ["git SHA", "release.yml", `commit: ${hex(40)}\nbase_ref: ${hex(40)}\n`],
    ["hex digests", "checksums.txt", `sha256 = "${hex(64)}"\nmd5: ${hex(32)}\netag: "${hex(40)}"\n`],
    ["password hash", "seed.sql.json", `{ "passwordHash": "$2b$12$${b62(53)}", "password_digest": "${hex(64)}" }\n`],
    ["lockfile integrity", "package-lock.json", `{\n  "packages": {\n    "node_modules/a": {\n      "integrity": "sha512-${b64(86)}==",\n      "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz#${hex(40)}"\n    }\n  }\n}\n`],
    ["yarn.lock", "yarn.lock", `left-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${hex(40)}"\n  integrity sha512-${b64(86)}==\n`],
    ["go.sum", "go.sum", `github.com/acme/lib v1.2.3 h1:${b64(43)}=\n`],
    ["UUIDs", "fixtures/request.json", `{ "requestId": "6f1c2a9e-4b7d-4e2a-9c3f-2d8e1b7a5c40", "tenant_id": "0b9d6c1e-8f2a-4c3d-b5e7-9a1f2c4d6e8b" }\n`],
    ["client id", "oauth.env", `OAUTH_CLIENT_ID=6f1c2a9e-4b7d-4e2a-9c3f-2d8e1b7a5c40\n`],
    ["base64 data URI", "logo.css", `.logo { background: url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${b64(400)}"); }\n`],
    ["base64 image in JSON", "manifest.json", `{ "icon": "iVBORw0KGgoAAAANSUhEUgAA${b64(600)}" }\n`],
    ["public key", "keys/public.pem", pemPublicKey()],
    ["certificate", "certs/ca.crt", `-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE${b64(60)}\n${b64(64)}\n${b64(64)}\n-----END CERTIFICATE-----\n`],
    ["SSH public key", ".ssh/id_ed25519.pub", `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64(43)} deploy@ci\n`],
    ["private-key header used in code", "pem.go", `if strings.HasPrefix(line, "-----BEGIN RSA PRIVATE KEY-----") {\n\treturn parseRSA(block)\n}\n`],
    ["env reference in code", "config.ts", `const apiKey = process.env.OPENAI_API_KEY;\nconst token: string = process.env.GITHUB_TOKEN ?? "";\n`],
    ["os.environ in Python", "settings.py", `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDB_PASSWORD = os.getenv("DB_PASSWORD")\n`],
    ["secret-sounding names holding ordinary values", "settings.yml", `token_type: Bearer\npassword_min_length: 12\nsecret_name: db-credentials\napi_key_header: X-API-Key\ntoken_url: https://oauth2.googleapis.com/token\ncache_key: "user:profile:v2"\n`],
    ["pagination cursor", "client.py", `next_page_token = "${Buffer.from(JSON.stringify({ offset: 4200, limit: 100 })).toString("base64url")}"\n`],
    ["identifiers and words", "i18n.json", `{ "passwordLabel": "Password", "token": "AuthenticationTokenProvider", "secret": "secret-2-levels" }\n`],
    ["tokenizer code", "lexer.ts", `const tokens = tokenizer.tokenize(source);\nfor (const key of Object.keys(map)) push(key);\n`],
    ["trace ids", "log.json", `{ "trace_id": "${hex(32)}", "span_id": "${hex(16)}" }\n`],
    // Found scanning a real node_modules tree:
    ["prose after a keyword", "README.md", "You can also pass withFileTypes: true to get Path objects.\nThe token is refreshed by the scheduler.\n"],
    ["a call on the right-hand side, in docs", "README.md", "```js\nconst auth = createOAuthAppAuth({ clientType: 'oauth-app' });\n```\n"],
    ["code inside a source map", "dist/index.js.map", JSON.stringify({ version: 3, sourcesContent: ['const token = this.tokenMap.findMatching(node, "=>");\nurl.password = password;\n'] })],
    ["the shell's working directory", "process.d.ts", "   *   PWD: '/Users/maciej',\n"],
    ["Telegram's documentation token", "docs/bot.md", `botToken: "${"123456:"}${"ABC-DEF1234ghIkl-zyx57W2v1u123ew11"}"\n`],
    ["type arguments", "types.test.ts", `expectTypeOf<UserKeys>().toEqualTypeOf<"name" | "age">();\n`],
    ["translated text", "i18n/zh.json", `{ "missing_token_here_1007": "分析器预期在此处找到与标记匹配的内容" }\n`],
  ];

  it.each(lookAlikes)("%s is not reported", (_name, path, text) => {
    expect(scanTextForSecrets(path, text)).toEqual([]);
  });
});
