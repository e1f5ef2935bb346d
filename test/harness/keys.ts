/**
 * Credentials for a Probot app under test. The RSA key is generated once per test file (at import)
 * and never leaves the process; GitHub is faked by nock, so nothing ever verifies the JWT signed
 * with it beyond Probot/octokit themselves.
 */
import { generateKeyPairSync } from "node:crypto";

export const TEST_APP_ID = 123456;

/** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), the format GitHub hands out for GitHub Apps. */
export const TEST_PRIVATE_KEY: string = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

export const TEST_WEBHOOK_SECRET = "lodestar-test-webhook-secret";
