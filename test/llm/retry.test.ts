import { describe, expect, it } from "@jest/globals";
import { callWithRetry, retryDelay, type RetryOptions } from "../../src/llm/retry.js";
import { ProviderError, type ProviderErrorKind } from "../../src/llm/types.js";
import { startFakeAnthropic, type FakeAnthropic } from "../fakes/anthropic.js";
import { createAnthropicProvider } from "../../src/llm/providers/index.js";

const fail = (kind: ProviderErrorKind, retryAfterMs?: number) =>
  new ProviderError("anthropic", kind, `anthropic: ${kind}`, retryAfterMs === undefined ? {} : { retryAfterMs });

/** A script of outcomes and a clock that records every wait instead of waiting. */
function scripted(outcomes: (string | ProviderError)[]) {
  const waits: number[] = [];
  const calls: number[] = [];
  const options: RetryOptions = {
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const next = outcomes.shift();
    if (next instanceof ProviderError) throw next;
    return next ?? "done";
  };
  return { waits, calls, options, fn };
}

describe("callWithRetry", () => {
  it("returns the first success and how many attempts it took", async () => {
    const s = scripted([fail("server"), fail("network"), "answer"]);
    await expect(callWithRetry(s.fn, s.options)).resolves.toEqual({ result: "answer", attempts: 3 });
    expect(s.calls).toEqual([1, 2, 3]);
  });

  it("backs off exponentially with full jitter: random × min(cap, base·2^(n-1))", async () => {
    const s = scripted([fail("server"), fail("timeout"), fail("network"), "ok"]);
    await callWithRetry(s.fn, { ...s.options, baseDelayMs: 1000, maxDelayMs: 30_000 });
    expect(s.waits).toEqual([500, 1000, 2000]);
  });

  it("caps each backoff at maxDelayMs", async () => {
    const s = scripted([fail("server"), fail("server"), fail("server"), fail("server"), "ok"]);
    await callWithRetry(s.fn, { ...s.options, maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 15_000, random: () => 0.999 });
    expect(s.waits.every((w) => w < 15_000)).toBe(true);
    expect(s.waits[3]).toBe(14_985);
  });

  it("waits exactly Retry-After on a 429 when it is within the cap", async () => {
    const s = scripted([fail("rate-limit", 20_000), "ok"]);
    await expect(callWithRetry(s.fn, { ...s.options, maxRetryAfterMs: 60_000 })).resolves.toEqual({ result: "ok", attempts: 2 });
    expect(s.waits).toEqual([20_000]);
  });

  it("gives up at once when Retry-After is longer than the cap, without waiting", async () => {
    const s = scripted([fail("rate-limit", 3_600_000), "ok"]);
    await expect(callWithRetry(s.fn, { ...s.options, maxRetryAfterMs: 60_000 })).rejects.toMatchObject({ kind: "rate-limit", retryAfterMs: 3_600_000 });
    expect(s.waits).toEqual([]);
    expect(s.calls).toEqual([1]);
  });

  it("backs off like a 5xx on a 429 without Retry-After", async () => {
    const s = scripted([fail("rate-limit"), "ok"]);
    await callWithRetry(s.fn, { ...s.options, baseDelayMs: 400 });
    expect(s.waits).toEqual([200]);
  });

  it.each(["auth", "bad-request", "not-found", "bad-output", "aborted"] as const)("does not retry %s", async (kind) => {
    const s = scripted([fail(kind), "ok"]);
    await expect(callWithRetry(s.fn, s.options)).rejects.toMatchObject({ kind });
    expect(s.calls).toEqual([1]);
  });

  it("stops after maxAttempts (default 4) and throws the last error unchanged", async () => {
    const last = fail("server");
    const s = scripted([fail("server"), fail("timeout"), fail("network"), last, "never"]);
    await expect(callWithRetry(s.fn, s.options)).rejects.toBe(last);
    expect(s.calls).toEqual([1, 2, 3, 4]);
    expect(s.waits).toHaveLength(3);
  });

  it("rethrows errors that are not ProviderErrors (bugs) without retrying", async () => {
    let calls = 0;
    const bug = new TypeError("x is undefined");
    await expect(
      callWithRetry(async () => {
        calls++;
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it("stops waiting when the caller's signal fires, as an aborted error", async () => {
    const controller = new AbortController();
    const s = scripted([fail("server"), "ok"]);
    const sleep = async () => {
      controller.abort();
      throw new Error("sleep interrupted");
    };
    await expect(callWithRetry(s.fn, { ...s.options, sleep, signal: controller.signal })).rejects.toMatchObject({ kind: "aborted", provider: "anthropic" });
    expect(s.calls).toEqual([1]);
  });

  it("does not start another attempt once the signal fired, even if sleep ignored it", async () => {
    const controller = new AbortController();
    const s = scripted([fail("server"), "ok"]);
    await expect(
      callWithRetry(s.fn, {
        ...s.options,
        signal: controller.signal,
        sleep: async () => {
          controller.abort();
        },
      }),
    ).rejects.toMatchObject({ kind: "aborted" });
    expect(s.calls).toEqual([1]);
  });

  it("tells onRetry about each wait", async () => {
    const s = scripted([fail("rate-limit", 100), "ok"]);
    const seen: unknown[] = [];
    await callWithRetry(s.fn, { ...s.options, onRetry: ({ attempt, error, delayMs }) => seen.push([attempt, error.kind, delayMs]) });
    expect(seen).toEqual([[1, "rate-limit", 100]]);
  });

  it("the real default sleep waits and can be aborted", async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = callWithRetry(
      async () => {
        calls++;
        if (calls === 1) setImmediate(() => controller.abort());
        throw fail("server");
      },
      { baseDelayMs: 60_000, random: () => 0.99, signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ kind: "aborted" });
    expect(calls).toBe(1);
  });
});

describe("retryDelay", () => {
  it("is undefined for the last attempt and for errors that are not retryable", () => {
    expect(retryDelay(fail("server"), 4, { random: () => 0 })).toBeUndefined();
    expect(retryDelay(fail("server"), 3, { random: () => 0 })).toBe(0);
    expect(retryDelay(fail("auth"), 1)).toBeUndefined();
  });

  it("keeps defaults when an option is given as undefined", () => {
    expect(retryDelay(fail("server"), 1, { baseDelayMs: undefined, random: () => 0.5 })).toBe(250);
  });
});

describe("callWithRetry with a provider and its fake", () => {
  let fake: FakeAnthropic | undefined;

  it("gets through a 529 and a 429 with Retry-After to the answer; each failed attempt is one request", async () => {
    fake = await startFakeAnthropic({
      replies: [{ fault: "status", status: 529 }, { fault: "status", status: 429, headers: { "retry-after": "2" } }, { text: "finally" }],
    });
    try {
      const provider = createAnthropicProvider({ ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: fake.url });
      const waits: number[] = [];
      const { result, attempts } = await callWithRetry(() => provider.complete({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "hi" }], timeoutMs: 5000 }), {
        sleep: async (ms) => {
          waits.push(ms);
        },
        random: () => 0.5,
        baseDelayMs: 1000,
      });
      expect(result.text).toBe("finally");
      expect(attempts).toBe(3);
      expect(waits).toEqual([500, 2000]);
      expect(fake.requests).toHaveLength(3);
    } finally {
      await fake.close();
    }
  });
});
