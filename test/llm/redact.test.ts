import { describe, expect, it } from "@jest/globals";
import { neverSendMatcher, redactForCloud, type PromptParts } from "../../src/llm/redact.js";
import { defaultConfig } from "../../src/config/index.js";
import { awsKeyId, awsSecretKey, b62, githubToken, jwt, npmToken, pemPrivateKey } from "../modules/security/secrets/tokens.js";

const NEVER_SEND = defaultConfig()["never-send"];

describe("redactForCloud", () => {
  it("replaces every planted real-format secret in messages and context with a marker and counts them", () => {
    const gh = githubToken();
    const npm = npmToken();
    const keyId = awsKeyId();
    const secretKey = awsSecretKey();
    const pem = pemPrivateKey("ec");
    const token = jwt();
    const parts: PromptParts = {
      messages: [
        { role: "system", content: "You review code." },
        { role: "user", content: `Why does the deploy fail? It uses GITHUB_TOKEN=${gh} and the npm token ${npm}.` },
      ],
      context: [
        { path: "deploy/config.yml", content: `aws_access_key_id: ${keyId}\naws_secret_access_key: ${secretKey}\n` },
        { path: "src/auth.ts", content: `const session = "${token}";\nexport const key = \`${pem}\`;\n` },
      ],
    };
    const result = redactForCloud(parts, { neverSend: NEVER_SEND });
    const sent = JSON.stringify({ messages: result.messages, context: result.context });
    for (const secret of [gh, npm, keyId, secretKey, token, pem.trim(), pem.split("\n")[1]!]) expect(sent).not.toContain(secret);
    expect(result.messages[1]!.content).toBe(
      "Why does the deploy fail? It uses GITHUB_TOKEN=[REDACTED:secret/github-token] and the npm token [REDACTED:secret/npm-token].",
    );
    expect(result.context![0]!.content).toBe(
      "aws_access_key_id: [REDACTED:secret/aws-access-key-id]\naws_secret_access_key: [REDACTED:secret/aws-secret-access-key]\n",
    );
    expect(result.context![1]!.content).toMatch(/^const session = "\[REDACTED:secret\/jwt\]";\nexport const key = `\[REDACTED:secret\/private-key\]/);
    expect(result.secretsRedacted).toBe(6);
    expect(result.filesWithheld).toEqual([]);
    // The system message had nothing to hide and is passed on as it was.
    expect(result.messages[0]).toEqual({ role: "system", content: "You review code." });
  });

  it("withholds never-send files entirely, whatever their content, and reports them", () => {
    const parts: PromptParts = {
      messages: [{ role: "user", content: "Summarise the configuration." }],
      context: [
        { path: ".env", content: "FEATURE_FLAG=on\n" },
        { path: "services/api/.env.production", content: "LOG_LEVEL=debug\n" },
        { path: "./certs/server.pem", content: "not even a key\n" },
        { path: "ops/secrets/readme.txt", content: "rotate monthly\n" },
        { path: "config\\deploy.key", content: "windows separators\n" },
        { path: "src/index.ts", content: "export const answer = 42;\n" },
      ],
    };
    const result = redactForCloud(parts, { neverSend: NEVER_SEND });
    expect(result.filesWithheld).toEqual([".env", "services/api/.env.production", "./certs/server.pem", "ops/secrets/readme.txt", "config\\deploy.key"]);
    expect(result.context).toEqual([{ path: "src/index.ts", content: "export const answer = 42;\n" }]);
    expect(result.secretsRedacted).toBe(0);
  });

  it("honours custom globs, dot folders and upper-case names; no globs withholds nothing", () => {
    const matcher = neverSendMatcher(["internal/**", "*.sqlite", ".aws/**"]);
    expect(matcher("internal/plan.md")).toBe(true);
    expect(matcher("data/app.sqlite")).toBe(true);
    expect(matcher(".aws/credentials")).toBe(true);
    expect(matcher("home/.aws/config")).toBe(false);
    expect(matcher("src/internal.ts")).toBe(false);
    expect(neverSendMatcher(NEVER_SEND)("deploy/.ENV")).toBe(true);
    expect(neverSendMatcher(NEVER_SEND)("a/../.env")).toBe(true);
    const none = redactForCloud({ messages: [], context: [{ path: ".env", content: "A=1\n" }] }, { neverSend: [] });
    expect(none.context).toEqual([{ path: ".env", content: "A=1\n" }]);
  });

  it("reads a file as its kind: a .netrc password is redacted even though it is not KEY=value", () => {
    const password = `${b62(20)}9aZ`;
    const result = redactForCloud({ messages: [], context: [{ path: "ci/.netrc", content: `machine api.example.com login bot password ${password}\n` }] }, { neverSend: NEVER_SEND });
    expect(JSON.stringify(result)).not.toContain(password);
    expect(result.context![0]!.content).toMatch(/^machine api\.example\.com login bot password \[REDACTED:secret\/[a-z-]+\]\n$/);
    expect(result.secretsRedacted).toBe(1);
  });

  it("leaves placeholders and ordinary code alone (FAULTS 22)", () => {
    const text = `GITHUB_TOKEN=ghp_${"x".repeat(36)}\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\napi_key = "your-api-key"\nfunction tokenize(s) { return s.split(" "); }\n`;
    const result = redactForCloud({ messages: [{ role: "user", content: text }] }, { neverSend: NEVER_SEND });
    expect(result.messages[0]!.content).toBe(text);
    expect(result.secretsRedacted).toBe(0);
  });

  it("does not change its input, and keeps a missing context missing", () => {
    const gh = githubToken();
    const parts: PromptParts = { messages: [{ role: "user", content: `token ${gh}` }] };
    const before = JSON.stringify(parts);
    const result = redactForCloud(parts, { neverSend: NEVER_SEND });
    expect(JSON.stringify(parts)).toBe(before);
    expect("context" in result).toBe(false);
    expect(result.messages[0]!.content).toBe("token [REDACTED:secret/github-token]");
  });

  it("redacts a secret in a context file's path", () => {
    const gh = githubToken();
    const result = redactForCloud({ messages: [], context: [{ path: `tmp/${gh}.log`, content: "ok\n" }] }, { neverSend: NEVER_SEND });
    expect(result.context![0]!.path).toBe("tmp/[REDACTED:secret/github-token].log");
  });
});
