/**
 * A Probot instance wired for tests: test credentials, no retries or throttling (a retry would hide
 * a failing request and consume extra mocks; throttling adds timers), quiet logs.
 */
import { Probot, ProbotOctokit } from "probot";
import type { Options } from "probot";
import { TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "./keys.js";

export const TestOctokit = ProbotOctokit.defaults({
  retry: { enabled: false },
  throttle: { enabled: false },
});

export function createTestProbot(options: Options = {}): Probot {
  return new Probot({
    appId: TEST_APP_ID,
    privateKey: TEST_PRIVATE_KEY,
    secret: TEST_WEBHOOK_SECRET,
    Octokit: TestOctokit,
    logLevel: "warn",
    ...options,
  });
}
