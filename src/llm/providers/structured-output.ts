/**
 * The text of a structured answer parsed as JSON. Validation against the schema is the router's
 * job; a provider only reports what the model said, so text that is not JSON (a truncated answer,
 * a model that ignored the format) gives `undefined` rather than an error.
 */
export function parseStructured(text: string, schema: Record<string, unknown> | undefined): { parsed?: unknown } {
  if (!schema) return {};
  try {
    return { parsed: JSON.parse(text) as unknown };
  } catch {
    return {};
  }
}

/** Milliseconds since `start` from a monotonic clock (wall-clock jumps must not skew latency). */
export function elapsedSince(start: number, now: () => number = () => performance.now()): number {
  return Math.max(0, Math.round(now() - start));
}
