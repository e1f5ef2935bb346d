/**
 * Work done after the webhook is answered. GitHub waits 10 s for an answer and a burst of
 * deliveries would otherwise queue up behind each other's API calls: the server answers once
 * the signature is verified and the delivery parsed, and the handlers' GitHub work runs here,
 * a bounded number at a time. `pending` is reported by `/healthz`; `onIdle` lets a shutdown
 * (and a test) wait until everything accepted is done.
 *
 * Tasks carry a key (the installation): at most one task per key runs at a time. GitHub spaces
 * an installation's writes a second apart, so a busy installation's tasks would otherwise fill
 * every slot waiting on its own writes while other installations' work stands still.
 */
export class WorkQueue {
  private readonly waiting: { key: string | undefined; task: () => Promise<void> }[] = [];
  private readonly busyKeys = new Set<string>();
  private running = 0;
  private failures = 0;
  private idle: { promise: Promise<void>; resolve: () => void } | null = null;

  /**
   * @param concurrency how many deliveries are worked on at once
   * @param onError told about a task that threw (the queue itself never rejects)
   */
  constructor(
    private readonly concurrency = 8,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Accepts a task; it starts when a slot is free and no other task of its key is running. */
  add(task: () => Promise<void>, key?: string): void {
    this.waiting.push({ key, task });
    this.pump();
  }

  /** Tasks accepted and not finished (waiting or running). */
  get pending(): number {
    return this.waiting.length + this.running;
  }

  /** Tasks that threw since the start. */
  get failed(): number {
    return this.failures;
  }

  /** Resolves when no task is waiting or running (tasks added meanwhile are waited for too). */
  onIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    if (!this.idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.idle = { promise, resolve };
    }
    return this.idle.promise;
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const next = this.waiting.findIndex((w) => w.key === undefined || !this.busyKeys.has(w.key));
      if (next === -1) return;
      const [{ key, task }] = this.waiting.splice(next, 1) as [{ key: string | undefined; task: () => Promise<void> }];
      this.running++;
      if (key !== undefined) this.busyKeys.add(key);
      void Promise.resolve()
        .then(task)
        .catch((error: unknown) => {
          this.failures++;
          this.onError(error);
        })
        .finally(() => {
          this.running--;
          if (key !== undefined) this.busyKeys.delete(key);
          if (this.pending === 0 && this.idle) {
            this.idle.resolve();
            this.idle = null;
          }
          this.pump();
        });
    }
  }
}
