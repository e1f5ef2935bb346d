import { describe, expect, it } from "@jest/globals";
import { createHash, randomBytes } from "node:crypto";
import { maskSecret, redactSecrets, scanTextForSecrets } from "../../../../src/modules/security/secrets/index.js";
import { awsKeyId, awsSecretKey, b62, githubToken, hex, jwt, npmToken, pemPrivateKey } from "./tokens.js";

describe("in-repo suppressions are not honoured (FAULTS 20)", () => {
  const suppressions: Array<[string, string, (s: string) => string]> = [
    ["secretlint-disable-line", "app.js", (s) => `const token = "${s}"; // secretlint-disable-line\n`],
    ["secretlint-disable block", "app.js", (s) => `/* secretlint-disable */\nconst token = "${s}";\n/* secretlint-enable */\n`],
    ["secretlint-disable-next-line", "app.py", (s) => `# secretlint-disable-next-line\nTOKEN = "${s}"\n`],
    ["gitleaks:allow", "config.yml", (s) => `github_token: ${s} # gitleaks:allow\n`],
    ["# nosec", "settings.py", (s) => `GITHUB_TOKEN = "${s}"  # nosec\n`],
    ["pragma: allowlist secret", ".env", (s) => `GITHUB_TOKEN=${s} # pragma: allowlist secret\n`],
  ];

  it.each(suppressions)("%s: the secret is still reported", (_name, path, write) => {
    const secret = githubToken();
    const findings = scanTextForSecrets(path, write(secret));
    expect(findings.map((f) => f.ruleId)).toEqual(["secret/github-token"]);
  });

  it("a .gitleaksignore listing the finding does not hide it: the file is just text", () => {
    const secret = githubToken();
    const fingerprint = `config.yml:github-pat:1`;
    expect(scanTextForSecrets(".gitleaksignore", `${fingerprint}\n`)).toEqual([]);
    expect(scanTextForSecrets("config.yml", `token: ${secret}\n`)).toHaveLength(1);
  });
});

describe("findings never carry the secret", () => {
  const secrets = (): Array<[string, string, string]> => {
    const gh = githubToken();
    const aws = awsSecretKey();
    const pw = `Xq7!${b62(14)}`;
    const token = jwt();
    const pem = pemPrivateKey("ec");
    const dbPass = b62(20);
    return [
      [gh, ".env", `GITHUB_TOKEN=${gh}\n`],
      [aws, ".aws/credentials", `[default]\naws_access_key_id = ${awsKeyId()}\naws_secret_access_key = ${aws}\n`],
      [pw, "db.yml", `password: "${pw}"\n`],
      [token, "api.http", `Authorization: Bearer ${token}\n`],
      [pem, "key.pem", pem],
      [dbPass, "app.env", `DATABASE_URL=postgres://app:${dbPass}@db.internal:5432/app\n`],
    ];
  };

  it("neither whole nor in any 10-character piece, in any field", () => {
    for (const [secret, path, text] of secrets()) {
      const findings = scanTextForSecrets(path, text);
      expect(findings.length).toBeGreaterThan(0);
      const out = JSON.stringify(findings);
      const core = secret.replace(/-----[A-Z ]+-----|\s/g, "");
      for (let i = 0; i + 10 <= core.length; i += 3) expect(out).not.toContain(core.slice(i, i + 10));
    }
  });

  it("fingerprints are sha256(ruleId + secret): stable, distinct per secret", () => {
    const secret = githubToken();
    const [a] = scanTextForSecrets(".env", `T=${secret}\n`);
    const [b] = scanTextForSecrets("other/place.yml", `token: ${secret}\n`);
    expect(a?.fingerprint).toBe(createHash("sha256").update(`secret/github-token${secret}`).digest("hex"));
    expect(b?.fingerprint).toBe(a?.fingerprint);
    const [c] = scanTextForSecrets(".env", `T=${githubToken()}\n`);
    expect(c?.fingerprint).not.toBe(a?.fingerprint);
  });

  it("masks show at most a public prefix and the last four characters", () => {
    const gh = githubToken();
    expect(maskSecret(gh)).toBe(`ghp_…${gh.slice(-4)}`);
    const npm = npmToken();
    expect(maskSecret(npm)).toBe(`npm_…${npm.slice(-4)}`);
    const anonymous = hex(40);
    expect(maskSecret(anonymous)).toBe(`…${anonymous.slice(-4)}`);
    expect(maskSecret("Sh0rtPassw0rd")).toBe("…rd");
    expect(maskSecret("hunter22")).toBe("…");
    expect(maskSecret("")).toBe("…");
  });
});

describe("positions", () => {
  it("are 1-based, with endColumn just past the secret", () => {
    const secret = githubToken();
    const text = `# config\n\n  token: "${secret}"\n`;
    const [f] = scanTextForSecrets("a.yml", text);
    expect(f).toMatchObject({ path: "a.yml", line: 3, column: 11, endLine: 3, endColumn: 11 + secret.length });
  });

  it("count UTF-16 columns after non-ASCII text on the same line", () => {
    const secret = githubToken();
    const [f] = scanTextForSecrets("a.env", `NOTE="héllo wörld" GITHUB_TOKEN=${secret}\n`);
    expect(f?.column).toBe(`NOTE="héllo wörld" GITHUB_TOKEN=`.length + 1);
  });
});

describe("redactSecrets", () => {
  it("replaces each secret with [REDACTED:<ruleId>] and counts them, leaving the rest intact", () => {
    const gh = githubToken();
    const key = awsKeyId();
    const secretKey = awsSecretKey();
    const pw = b62(18);
    const text = `Deploy notes:\nexport GITHUB_TOKEN=${gh}\naws_access_key_id=${key}\naws_secret_access_key=${secretKey}\nDATABASE_URL=postgres://app:${pw}@db:5432/app\nThanks!\n`;
    const { text: out, count } = redactSecrets(text);
    expect(count).toBe(4);
    expect(out).toBe(
      "Deploy notes:\nexport GITHUB_TOKEN=[REDACTED:secret/github-token]\naws_access_key_id=[REDACTED:secret/aws-access-key-id]\n" +
        "aws_secret_access_key=[REDACTED:secret/aws-secret-access-key]\nDATABASE_URL=postgres://app:[REDACTED:secret/connection-string]@db:5432/app\nThanks!\n",
    );
    for (const s of [gh, key, secretKey, pw]) expect(out).not.toContain(s);
  });

  it("leaves text without secrets unchanged", () => {
    const text = "function add(a, b) { return a + b; } // token bucket, see docs\n";
    expect(redactSecrets(text)).toEqual({ text, count: 0 });
  });

  it("redacts a whole private key block", () => {
    const pem = pemPrivateKey("ec");
    const { text, count } = redactSecrets(`before\n${pem}after\n`);
    expect(count).toBe(1);
    expect(text).toBe("before\n[REDACTED:secret/private-key]\nafter\n");
  });
});

describe("bad input never throws", () => {
  it("finds a secret at the end of a 10 MB single line", () => {
    const secret = githubToken();
    const filler = "var a=function(b){return b.map(function(c){return c.id})};".repeat(Math.ceil(10_000_000 / 58)).slice(0, 10_000_000);
    const findings = scanTextForSecrets("dist/bundle.min.js", `${filler}var t="${secret}";`);
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([["secret/github-token", 1, 10_000_008]]);
  });

  it("scans binary garbage without throwing, and still sees a token inside it", () => {
    const garbage = randomBytes(2_000_000).toString("latin1");
    expect(() => scanTextForSecrets("blob.bin", garbage)).not.toThrow();
    const secret = githubToken();
    const found = scanTextForSecrets("blob.bin", `${garbage.slice(0, 1000)}\u0000${secret}\u0000${garbage.slice(1000, 5000)}`);
    expect(found.map((f) => f.ruleId)).toContain("secret/github-token");
    expect(() => redactSecrets(garbage)).not.toThrow();
  });

  it("accepts empty, lone-surrogate and non-string input", () => {
    expect(scanTextForSecrets("a", "")).toEqual([]);
    expect(scanTextForSecrets("a", "\ud800\udfff\ud800 token=\udc00")).toEqual([]);
    expect(scanTextForSecrets(undefined as never, null as never)).toEqual([]);
    expect(redactSecrets(42 as never)).toEqual({ text: "", count: 0 });
    expect(maskSecret(undefined as never)).toBe("…");
  });

  it("stays bounded on pathological input (an unterminated string after every name)", () => {
    const text = `token="${"a1".repeat(400)}`.repeat(5000);
    expect(() => scanTextForSecrets("x.js", text)).not.toThrow();
  });
});
