/**
 * Work done after the webhook is answered. GitHub waits 10 s for an answer and a burst of
 * deliveries would otherwise queue up behind each other's API calls: the server answers once
 * the signature is verified and the delivery parsed, and the handlers' GitHub work runs here,
 * a bounded number at a time. `pending` is reported by `/healthz`; `onIdle` lets a shutdown
 * (and a test) wait until everything accepted is done.
 */
import pLimit, { type LimitFunction } from "p-limit";

export class WorkQueue {
  private readonly limit: LimitFunction;
  private readonly inFlight = new Set<Promise<void>>();
  private failures = 0;

  /**
   * @param concurrency how many deliveries are worked on at once (GitHub asks for writes to be
   *   made serially per installation; a few at once across repositories stays well inside its limits)
   * @param onError told about a task that threw (the queue itself never rejects)
   */
  constructor(concurrency = 8, private readonly onError: (error: unknown) => void = () => undefined) {
    this.limit = pLimit(concurrency);
  }

  /** Accepts a task; it starts when a slot is free. */
  add(task: () => Promise<void>): void {
    const run = this.limit(task).catch((error: unknown) => {
      this.failures++;
      this.onError(error);
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Tasks accepted and not finished (waiting or running). */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Tasks that threw since the start. */
  get failed(): number {
    return this.failures;
  }

  /** Resolves when no task is waiting or running (tasks added meanwhile are waited for too). */
  async onIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
