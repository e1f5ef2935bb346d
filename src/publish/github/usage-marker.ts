/**
 * The runner's spend, as of its last run, kept in a hidden line of the summary issue. The ledger
 * lives on the runner; the webhook server answers `/lodestar status` from this line, saying
 * when it was written.
 */
export interface UsageSnapshot {
  /** ISO-8601 time the runner wrote it. */
  at: string;
  day: { usd: number; tokens: number };
  month: { usd: number; tokens: number };
  /** Why the router is local-only, when a cap was reached. */
  exhausted?: string;
}

const PATTERN = /<!-- lodestar:usage (\{[^\n]*?\}) -->/;

/** The hidden line for a snapshot. */
export function usageMarker(snapshot: UsageSnapshot): string {
  // JSON cannot contain "-->" here: figures and a reason without "--" (replaced).
  const safe = { ...snapshot, ...(snapshot.exhausted ? { exhausted: snapshot.exhausted.replace(/--/g, "—").slice(0, 200) } : {}) };
  return `<!-- lodestar:usage ${JSON.stringify(safe)} -->`;
}

const isSpend = (v: unknown): v is { usd: number; tokens: number } =>
  typeof v === "object" && v !== null && Number.isFinite((v as { usd?: unknown }).usd) && Number.isFinite((v as { tokens?: unknown }).tokens);

/** The snapshot in a body, or null when there is none or it is damaged. */
export function readUsageMarker(body: string): UsageSnapshot | null {
  const match = PATTERN.exec(body);
  if (!match) return null;
  try {
    const value = JSON.parse(match[1]!) as Partial<UsageSnapshot>;
    if (typeof value.at !== "string" || Number.isNaN(Date.parse(value.at)) || !isSpend(value.day) || !isSpend(value.month)) return null;
    return { at: value.at, day: value.day, month: value.month, ...(typeof value.exhausted === "string" ? { exhausted: value.exhausted } : {}) };
  } catch {
    return null;
  }
}

/** Puts the snapshot into a body, replacing an older one. */
export function withUsageMarker(body: string, snapshot: UsageSnapshot): string {
  const line = usageMarker(snapshot);
  return PATTERN.test(body) ? body.replace(PATTERN, () => line) : `${body.trimEnd()}\n${line}\n`;
}
