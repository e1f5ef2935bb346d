/** The stages of a cycle, in order. Every stage writes at least one decision. */
export const STAGES = ["analyze", "modules", "decide", "verify", "learn", "publish", "report"] as const;
export type Stage = (typeof STAGES)[number];

/** One line of the audit trail (JSON lines). */
export interface DecisionRecord {
  time: string;
  job: string;
  stage: Stage;
  module: string | null;
  decision: string;
  reason: string;
}

/**
 * Receives each decision as it is made, so a crash still leaves the trail up to that point.
 * Sinks are called at once, in order; an asynchronous sink keeps its own writes in order.
 */
export type DecisionSink = (record: DecisionRecord) => void | Promise<void>;

/**
 * The decision log of one cycle. Records are kept in memory for the result and handed to
 * every sink in order (a JSONL file for the CLI, the state store for the app and action).
 */
export class DecisionLog {
  readonly records: DecisionRecord[] = [];
  #pending: Promise<void> = Promise.resolve();
  #sinkError: unknown;

  constructor(
    private readonly jobId: string,
    private readonly sinks: readonly DecisionSink[] = [],
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(stage: Stage, decision: string, reason: string, module: string | null = null): DecisionRecord {
    const record: DecisionRecord = { time: this.now().toISOString(), job: this.jobId, stage, module, decision, reason };
    this.records.push(record);
    const written = this.sinks.map((sink) => sink(record));
    // A failing sink is remembered and reported by flush(), not left as an unhandled rejection.
    this.#pending = Promise.all([this.#pending, ...written]).then(
      () => undefined,
      (error: unknown) => {
        this.#sinkError ??= error;
      },
    );
    return record;
  }

  /** Waits until every sink has received every record so far. */
  async flush(): Promise<void> {
    await this.#pending;
    if (this.#sinkError !== undefined) throw this.#sinkError;
  }
}
