/**
 * GitHub's published test vector for webhook signatures
 * (docs.github.com → "Validating webhook deliveries" → "Testing the webhook payload validation").
 */
import { describe, expect, it } from "@jest/globals";
import { Webhooks } from "@octokit/webhooks";
import { sign, verify } from "@octokit/webhooks-methods";
import { createHmac } from "node:crypto";

const SECRET = "It's a Secret to Everybody";
const PAYLOAD = "Hello, World!";
const EXPECTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
const SHA1 = `sha1=${createHmac("sha1", SECRET).update(PAYLOAD).digest("hex")}`;
const WRONG = `sha256=${"0".repeat(64)}`;

describe("@octokit/webhooks-methods", () => {
  it("sign() produces GitHub's expected signature", async () => {
    expect(await sign(SECRET, PAYLOAD)).toBe(EXPECTED);
  });

  it("verify() accepts the right signature and rejects wrong / sha1-only / other-secret ones", async () => {
    expect(await verify(SECRET, PAYLOAD, EXPECTED)).toBe(true);
    expect(await verify(SECRET, PAYLOAD, WRONG)).toBe(false);
    expect(await verify(SECRET, PAYLOAD, SHA1)).toBe(false);
    expect(await verify("another secret", PAYLOAD, EXPECTED)).toBe(false);
    expect(await verify(SECRET, `${PAYLOAD} `, EXPECTED)).toBe(false);
  });
});

describe("@octokit/webhooks Webhooks#verify", () => {
  const webhooks = new Webhooks({ secret: SECRET });

  it("accepts GitHub's test vector", async () => {
    expect(await webhooks.sign(PAYLOAD)).toBe(EXPECTED);
    expect(await webhooks.verify(PAYLOAD, EXPECTED)).toBe(true);
  });

  it("rejects a wrong signature, a sha1-only signature and a tampered payload", async () => {
    expect(await webhooks.verify(PAYLOAD, WRONG)).toBe(false);
    expect(await webhooks.verify(PAYLOAD, SHA1)).toBe(false);
    expect(await webhooks.verify("Hello, World?", EXPECTED)).toBe(false);
  });
});
