import { describe, expect, it } from "@jest/globals";
import { kindForStatus, retryAfterMs, toProviderError } from "../../../src/llm/providers/index.js";
import { ProviderError } from "../../../src/llm/types.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-01T12:00:00Z");

  it("reads seconds, milliseconds and HTTP dates, preferring retry-after-ms", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "20" }), now)).toBe(20_000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }), now)).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Nov 2026 12:00:30 GMT" }), now)).toBe(30_000);
  });

  it("ignores missing, unreadable or negative values, and a date in the past means now", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after": "-3" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ "retry-after-ms": "x", "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Nov 2026 11:00:00 GMT" }), now)).toBe(0);
  });
});

describe("kindForStatus", () => {
  it.each([
    [429, "rate-limit"],
    [500, "server"],
    [502, "server"],
    [503, "server"],
    [529, "server"],
    [401, "auth"],
    [403, "auth"],
    [400, "bad-request"],
    [413, "bad-request"],
    [422, "bad-request"],
    [404, "not-found"],
    [408, "timeout"],
  ] as const)("%i → %s", (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});

describe("toProviderError", () => {
  it("keeps a ProviderError as it is", () => {
    const original = new ProviderError("openai", "auth", "no key");
    expect(toProviderError("openai", original)).toBe(original);
  });

  it("reads status and retry headers from SDK-style errors", () => {
    const sdkError = Object.assign(new Error("429 rate limited"), { status: 429, headers: new Headers({ "retry-after": "7" }) });
    expect(toProviderError("anthropic", sdkError)).toMatchObject({ kind: "rate-limit", status: 429, retryAfterMs: 7000 });
  });

  it("classifies network faults by their code, bad JSON as bad output, and unknown errors as not retryable", () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
    const network = toProviderError("ollama", refused);
    expect(network).toMatchObject({ kind: "network", retryable: true });
    expect(network.message).toContain("ECONNREFUSED");
    expect(toProviderError("ollama", new SyntaxError("Unexpected token <"))).toMatchObject({ kind: "bad-output" });
    expect(toProviderError("ollama", new RangeError("weird"))).toMatchObject({ kind: "bad-output", retryable: false });
  });
});
