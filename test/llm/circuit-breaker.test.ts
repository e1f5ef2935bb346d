import { describe, expect, it } from "@jest/globals";
import { CircuitBreaker, CircuitBreakers, countsAsFailure } from "../../src/llm/circuit-breaker.js";
import { ProviderError, type ProviderErrorKind } from "../../src/llm/types.js";

const err = (kind: ProviderErrorKind) => new ProviderError("ollama", kind, kind);

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("stays closed below the threshold and resets the count on success", () => {
    const breaker = new CircuitBreaker({ now: clock().now });
    breaker.recordFailure(err("server"));
    breaker.recordFailure(err("timeout"));
    breaker.recordSuccess();
    breaker.recordFailure(err("network"));
    breaker.recordFailure(err("network"));
    expect(breaker.state).toBe("closed");
    expect(breaker.canCall()).toBe(true);
    expect(breaker.reopensAt).toBeUndefined();
  });

  it("opens after 3 consecutive failures for 5 minutes by default", () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now });
    for (let i = 0; i < 3; i++) breaker.recordFailure(err("server"));
    expect(breaker.state).toBe("open");
    expect(breaker.canCall()).toBe(false);
    expect(breaker.reopensAt).toBe(1_000_000 + 300_000);
    c.advance(299_999);
    expect(breaker.canCall()).toBe(false);
  });

  it("lets exactly one trial call through after the cool-down; success closes it", () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 2, coolDownMs: 1000 });
    breaker.recordFailure(err("rate-limit"));
    breaker.recordFailure(err("rate-limit"));
    c.advance(1000);
    expect(breaker.state).toBe("half-open");
    expect(breaker.reopensAt).toBeUndefined();
    expect(breaker.canCall()).toBe(true);
    expect(breaker.canCall()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    expect(breaker.canCall()).toBe(true);
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it("reopens for a fresh cool-down when the trial fails", () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 3, coolDownMs: 1000 });
    for (let i = 0; i < 3; i++) breaker.recordFailure(err("network"));
    c.advance(1500);
    expect(breaker.canCall()).toBe(true);
    breaker.recordFailure(err("timeout"));
    expect(breaker.state).toBe("open");
    expect(breaker.reopensAt).toBe(c.now() + 1000);
    expect(breaker.canCall()).toBe(false);
  });

  it("counts auth failures (a missing key fails every call) but not request-specific ones", () => {
    const breaker = new CircuitBreaker({ now: clock().now, failureThreshold: 2 });
    breaker.recordFailure(err("auth"));
    breaker.recordFailure(err("auth"));
    expect(breaker.state).toBe("open");
    expect(countsAsFailure(err("bad-request"))).toBe(false);
    expect(countsAsFailure(err("not-found"))).toBe(false);
    expect(countsAsFailure(err("bad-output"))).toBe(false);
    expect(countsAsFailure(err("aborted"))).toBe(false);
    expect(countsAsFailure(new Error("unknown"))).toBe(true);
  });

  it("treats an answer that failed for the request's own reasons as proof the provider is up", () => {
    const breaker = new CircuitBreaker({ now: clock().now, failureThreshold: 3 });
    breaker.recordFailure(err("server"));
    breaker.recordFailure(err("server"));
    breaker.recordFailure(err("bad-output"));
    breaker.recordFailure(err("server"));
    expect(breaker.state).toBe("closed");
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it("an aborted trial frees the slot without changing the state", () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 1, coolDownMs: 1000 });
    breaker.recordFailure(err("server"));
    c.advance(1000);
    expect(breaker.canCall()).toBe(true);
    breaker.recordFailure(err("aborted"));
    expect(breaker.state).toBe("half-open");
    expect(breaker.canCall()).toBe(true);
  });

  it("frees a trial slot that was never recorded after another cool-down", () => {
    const c = clock();
    const breaker = new CircuitBreaker({ now: c.now, failureThreshold: 1, coolDownMs: 1000 });
    breaker.recordFailure();
    c.advance(1000);
    expect(breaker.canCall()).toBe(true);
    c.advance(999);
    expect(breaker.canCall()).toBe(false);
    c.advance(1);
    expect(breaker.canCall()).toBe(true);
  });
});

describe("CircuitBreakers", () => {
  it("keeps one breaker per provider", () => {
    const c = clock();
    const breakers = new CircuitBreakers({ now: c.now, failureThreshold: 1 });
    breakers.for("anthropic").recordFailure(new ProviderError("anthropic", "server", "529"));
    expect(breakers.for("anthropic").state).toBe("open");
    expect(breakers.for("ollama").state).toBe("closed");
    expect(breakers.for("anthropic")).toBe(breakers.for("anthropic"));
  });
});
