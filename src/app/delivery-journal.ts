/**
 * Deliveries handled, kept in the state file so a redelivery after a restart is still
 * recognised (FAULTS 6). GitHub keeps a delivery for redelivery for three days; records are kept
 * four, at most 20,000. Writes are gathered and made together (one locked, fsynced write for a
 * burst of deliveries), and a shutdown flushes what is pending.
 */
import type { State } from "../state/index.js";

export interface DeliveryJournalOptions {
  /** Gather records for this long before writing. */
  flushMs?: number;
  keepMs?: number;
  max?: number;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class DeliveryJournal {
  private pending = new Map<string, { status: "done" | "failed"; at: string }>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly keepMs: number;
  private readonly max: number;
  private readonly now: () => Date;

  constructor(
    private readonly state: State,
    private readonly onError: (error: unknown) => void = () => undefined,
    options: DeliveryJournalOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.keepMs = options.keepMs ?? 4 * DAY_MS;
    this.max = options.max ?? 20_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Ids of the deliveries handled (not failed) recently, oldest first. */
  handled(): string[] {
    const since = this.now().getTime() - this.keepMs;
    return this.state.data.deliveries.filter((d) => d.status === "done" && Date.parse(d.at) >= since).map((d) => d.id);
  }

  /** Notes a delivery's outcome; written with the next flush. */
  record(id: string, status: "done" | "failed"): void {
    this.pending.set(id, { status, at: this.now().toISOString() });
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what is pending (one state update), pruning old records. Never rejects. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return this.writing;
    const batch = this.pending;
    this.pending = new Map();
    const since = this.now().getTime() - this.keepMs;
    this.writing = this.writing
      .then(() =>
        this.state.update((draft) => {
          const kept = draft.deliveries.filter((d) => !batch.has(d.id) && Date.parse(d.at) >= since);
          for (const [id, record] of batch) kept.push({ id, ...record });
          draft.deliveries = kept.slice(-this.max);
        }),
      )
      .catch((error: unknown) => this.onError(error));
    return this.writing;
  }
}
