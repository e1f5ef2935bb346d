/**
 * DESIGN §4 / FAULTS 24, end to end: the real router built by `createRouter` from env + config +
 * state, the real providers talking HTTP to the fake Ollama and the fake Anthropic. Secrets are
 * planted in context files and in the messages, a `never-send` file is in the context, escalation
 * is forced, and no request body the fake cloud received may contain any of them.
 */
import { describe, expect, it } from "@jest/globals";
import { validateConfig, type LodestarConfig } from "../../src/config/index.js";
import { createRouter } from "../../src/llm/router.js";
import { openState } from "../../src/state/index.js";
import { awsKeyId, awsSecretKey, githubToken, jwt, npmToken, pemPrivateKey } from "../modules/security/secrets/tokens.js";
import { fakesPerTest } from "../helpers/fake-models.js";

const fakes = fakesPerTest();

function config(raw: unknown): LodestarConfig {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

describe("router privacy", () => {
  it("sends no planted secret and no never-send file to the cloud, and the decision says what was withheld", async () => {
    const gh = githubToken();
    const npm = npmToken();
    const keyId = awsKeyId();
    const secretKey = awsSecretKey();
    const pem = pemPrivateKey("ec");
    const session = jwt();
    const envMarker = "DATABASE_NAME=orders_production_eu_west";
    const dbPassword = "Tr0ub4dor&3-horse-battery";

    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"] });
    const anthropic = await fakes.anthropic({ apiKey: "sk-ant-test-key", respond: () => ({ text: "Rotate the keys and load them from the environment." }) });
    const t = { dir: await fakes.dir("lodestar-privacy-") };
    const state = await openState({ dir: t.dir });
    // complexity threshold 0: every task escalates before the local model is asked.
    const router = await createRouter({
      env: { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: "sk-ant-test-key", ANTHROPIC_BASE_URL: anthropic.url },
      config: config({ thresholds: { complexity: 0 } }),
      state,
      repo: "octo/shop",
      job: "job-privacy",
    });

    const answer = await router.complete({
      kind: "review",
      messages: [
        { role: "system", content: "You review deployment configuration." },
        { role: "user", content: `Is it safe that CI exports GITHUB_TOKEN=${gh} and NPM_TOKEN=${npm}?` },
      ],
      context: [
        { path: "deploy/aws.yml", content: `region: eu-west-1\naws_access_key_id: ${keyId}\naws_secret_access_key: ${secretKey}\n` },
        { path: "src/session.ts", content: `export const adminSession = "${session}";\nexport const signingKey = \`${pem}\`;\n` },
        { path: ".env", content: `${envMarker}\nDB_PASSWORD=${dbPassword}\n` },
        { path: "README.md", content: "# Shop\nDeploys with GitHub Actions.\n" },
      ],
    });

    expect(answer).toMatchObject({ provider: "anthropic", text: "Rotate the keys and load them from the environment.", decision: { route: "escalated" } });
    expect(anthropic.requests).toHaveLength(1);
    const secrets = [gh, npm, keyId, secretKey, session, pem.trim(), ...pem.trim().split("\n").slice(1, -1), envMarker, dbPassword];
    for (const request of anthropic.requests) {
      for (const secret of secrets) expect(request.body).not.toContain(secret);
      expect(request.body).toContain("[REDACTED:secret/github-token]");
      expect(request.body).toContain("README.md");
      expect(request.body).not.toContain(".env");
    }
    // The local model was not asked (forced escalation), so nothing went anywhere else either.
    expect(ollama.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    const decision = state.data.decisions[state.data.decisions.length - 1]!;
    expect(decision).toMatchObject({ stage: "route", module: "review", decision: "escalate", inputs: { filesWithheld: 1, provider: "anthropic" } });
    expect(decision.inputs!.secretsRedacted).toBeGreaterThanOrEqual(6);
    // Nothing secret in what Lodestar itself wrote down.
    const written = JSON.stringify(state.data);
    for (const secret of secrets) expect(written).not.toContain(secret);
  });
});
