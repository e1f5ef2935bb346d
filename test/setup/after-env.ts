/**
 * Runs in every test file (jest.config.js → setupFilesAfterEnv). "Tests that tell the truth":
 *  - no real network except loopback (the Probot server, local fakes such as a fake Ollama);
 *  - after each test: no request reached nock unmatched, no mock is left unused, and every request a
 *    `githubApi()` scope answered satisfies GitHub's OpenAPI description. Any violation fails the test.
 */
import { afterEach } from "@jest/globals";
import { installNockGuard, verifyHttpExpectations } from "../harness/nock-guard.js";

installNockGuard();

afterEach(() => {
  verifyHttpExpectations();
});
