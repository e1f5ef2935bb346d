import { describe, expect, it } from "@jest/globals";
import { assertSafeWebhookSecret } from "../../src/app/secret-guard.js";
import { runLodestar } from "../helpers/cli.js";

describe("webhook secret guard", () => {
  it.each([
    [{ NODE_ENV: "production" }, /WEBHOOK_SECRET is empty/],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "  " }, /WEBHOOK_SECRET is empty/],
    [{ NODE_ENV: "production", WEBHOOK_SECRET: "development" }, /WEBHOOK_SECRET is "development"/],
  ])("refuses %j", (env, message) => {
    expect(() => assertSafeWebhookSecret(env)).toThrow(message);
  });

  it("allows a real secret, and anything outside production", () => {
    expect(() => assertSafeWebhookSecret({ NODE_ENV: "production", WEBHOOK_SECRET: "s3cr3t-value" })).not.toThrow();
    expect(() => assertSafeWebhookSecret({ NODE_ENV: "development" })).not.toThrow();
  });

  it("makes `lodestar serve` refuse to start with one clear line", async () => {
    const run = await runLodestar(["serve"], { env: { NODE_ENV: "production", WEBHOOK_SECRET: "development", APP_ID: "1", PORT: "1" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('lodestar: WEBHOOK_SECRET is "development"; refusing to start in production (set it to the secret of your GitHub App).\n');
  });
});
