/**
 * Acting once. GitHub redelivers a webhook with the same `X-GitHub-Delivery` (FAULTS 6): a
 * delivery that was handled is not handled again, one that failed is (GitHub's redelivery is
 * the retry). A push and a pull request's `synchronize` for the same head commit (FAULTS 7)
 * share one analysis: the second waits for the first and does nothing of its own.
 *
 * Both are kept in this process's memory, bounded (oldest forgotten first). The server also
 * keeps handled deliveries in its state file (delivery-journal.ts) and primes the guard with
 * them at start, so a redelivery after a restart is recognised too.
 */

/** Keys seen, in insertion order, at most `limit` of them. */
class BoundedSet {
  private readonly keys = new Map<string, true>();
  constructor(private readonly limit: number) {}
  has(key: string): boolean {
    return this.keys.has(key);
  }
  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.limit) this.keys.delete(this.keys.keys().next().value as string);
  }
  delete(key: string): void {
    this.keys.delete(key);
  }
}

export class OnceGuard {
  private readonly done: BoundedSet;
  private readonly running = new Map<string, Promise<void>>();

  /**
   * @param limit keys remembered at most
   * @param onDone told when a key's work finished without throwing (to persist it)
   */
  constructor(limit = 20_000, private readonly onDone?: (key: string) => void) {
    this.done = new BoundedSet(limit);
  }

  /** Marks keys as done without running anything (remembered from an earlier process). */
  remember(keys: Iterable<string>): void {
    for (const key of keys) this.done.add(key);
  }

  /**
   * Runs `work` unless `key` was done already or is running (then waits for that run and
   * returns false). A run that throws forgets the key, so the next attempt runs again.
   */
  async run(key: string, work: () => Promise<void>): Promise<boolean> {
    if (this.done.has(key)) return false;
    const current = this.running.get(key);
    if (current) {
      await current.catch(() => undefined);
      return false;
    }
    const started = work();
    this.running.set(key, started);
    try {
      await started;
      this.done.add(key);
      this.onDone?.(key);
      return true;
    } finally {
      this.running.delete(key);
    }
  }
}
