/**
 * A circuit breaker per provider: a provider that keeps failing is left alone for a cool-down
 * instead of being hammered (and instead of making every task wait for its timeouts).
 *
 *   closed ──N consecutive counted failures──▶ open ──cool-down passed──▶ half-open
 *     ▲                                          ▲                            │ one trial call
 *     └──────────── trial succeeds ──────────────┴──── trial fails ◀──────────┘
 *
 * Which failures count (the choice, and why):
 *  - retryable faults (rate-limit, server/overloaded, timeout, network): the provider is unwell;
 *  - "auth": a missing or revoked key fails every call until someone fixes it; opening stops
 *    pointless calls, and the trial after the cool-down notices a fixed key.
 * Failures that say nothing about the provider's health do not count:
 *  - "bad-request", "not-found", "bad-output": the server answered, so it is up; they count as
 *    proof of life (like a success) for the breaker, though not for the caller;
 *  - "aborted": the caller gave up; it proves nothing either way and leaves the state alone.
 * Retries inside one routed call are one outcome: record once per routed call, after
 * `callWithRetry`, so that one bad minute with 4 attempts does not open the breaker on its own.
 */
import { ProviderError, type ProviderName } from "./types.js";

export type BreakerState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive counted failures that open the breaker. Default 3. */
  failureThreshold?: number;
  /** How long the breaker stays open, in ms. Default 5 minutes. */
  coolDownMs?: number;
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
}

export const BREAKER_DEFAULTS = { failureThreshold: 3, coolDownMs: 5 * 60_000 } as const;

/** Whether a failure says the provider is unwell (see the module comment). */
export function countsAsFailure(error: unknown): boolean {
  if (!(error instanceof ProviderError)) return true;
  return error.retryable || error.kind === "auth";
}

/** Whether a failure still proves the provider answered. */
function provesAlive(error: unknown): boolean {
  return error instanceof ProviderError && (error.kind === "bad-request" || error.kind === "not-found" || error.kind === "bad-output");
}

export class CircuitBreaker {
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | undefined;
  private trialStartedAt: number | undefined;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = Math.max(1, options.failureThreshold ?? BREAKER_DEFAULTS.failureThreshold);
    this.coolDownMs = Math.max(0, options.coolDownMs ?? BREAKER_DEFAULTS.coolDownMs);
    this.now = options.now ?? Date.now;
  }

  /** "open" during the cool-down, "half-open" after it (until a trial settles it), else "closed". */
  get state(): BreakerState {
    if (this.openedAt === undefined) return "closed";
    return this.now() < this.openedAt + this.coolDownMs ? "open" : "half-open";
  }

  /** When the open breaker lets a trial call through (ms since the epoch); undefined unless open. */
  get reopensAt(): number | undefined {
    return this.state === "open" ? this.openedAt! + this.coolDownMs : undefined;
  }

  /** Consecutive counted failures so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Whether a call may go out now. In half-open, the first caller gets the one trial slot; others
   * are refused until it is recorded. A trial never recorded (a caller bug) frees its slot after
   * another cool-down, so the breaker cannot stay stuck.
   */
  canCall(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open") return false;
    const now = this.now();
    if (this.trialStartedAt !== undefined && now < this.trialStartedAt + this.coolDownMs) return false;
    this.trialStartedAt = now;
    return true;
  }

  /** The call succeeded: the breaker closes and the count starts over. */
  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialStartedAt = undefined;
  }

  /** The call failed with `error` (after its retries). Only failures that count move the breaker. */
  recordFailure(error?: unknown): void {
    if (error !== undefined && !countsAsFailure(error)) {
      if (provesAlive(error)) this.recordSuccess();
      else this.trialStartedAt = undefined; // aborted: free the trial slot, change nothing else
      return;
    }
    this.failures++;
    const trialFailed = this.openedAt !== undefined;
    if (trialFailed || this.failures >= this.threshold) {
      this.openedAt = this.now();
      this.trialStartedAt = undefined;
    }
  }
}

/** One breaker per provider, created on first use with the same options. */
export class CircuitBreakers {
  private readonly breakers = new Map<ProviderName, CircuitBreaker>();
  constructor(private readonly options: CircuitBreakerOptions = {}) {}

  for(provider: ProviderName): CircuitBreaker {
    let breaker = this.breakers.get(provider);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options);
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }
}
