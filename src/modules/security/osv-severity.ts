/** Severity buckets, GitHub's advisory wording. */
export type OsvSeverity = "critical" | "high" | "moderate" | "low" | "unknown";

const METRIC_WEIGHTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

/** CVSS 3.1's Roundup: the smallest one-decimal number ≥ x, robust to floating-point noise. */
function roundUp(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

/**
 * The base score of a CVSS v3.0/v3.1 vector (`CVSS:3.1/AV:N/AC:L/…`), per the FIRST
 * specification; undefined when the vector is not v3 or lacks a base metric.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? "")) return undefined;
  const m = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(":");
    if (k && v) m.set(k, v);
  }
  const scope = m.get("S");
  if (scope !== "U" && scope !== "C") return undefined;
  const w = (metric: string): number | undefined => {
    const v = m.get(metric);
    return v === undefined ? undefined : METRIC_WEIGHTS[metric]?.[v];
  };
  const pr = m.get("PR");
  const prWeight = pr === "N" ? 0.85 : pr === "L" ? (scope === "C" ? 0.68 : 0.62) : pr === "H" ? (scope === "C" ? 0.5 : 0.27) : undefined;
  const [av, ac, ui, c, i, a] = [w("AV"), w("AC"), w("UI"), w("C"), w("I"), w("A")];
  if (av === undefined || ac === undefined || ui === undefined || c === undefined || i === undefined || a === undefined || prWeight === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * prWeight * ui;
  return roundUp(Math.min(scope === "U" ? impact + exploitability : 1.08 * (impact + exploitability), 10));
}

/** The qualitative rating of a CVSS score (v3 table; a score of 0 says nothing useful). */
export function severityOfScore(score: number): OsvSeverity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "moderate";
  if (score > 0) return "low";
  return "unknown";
}

/** GitHub's `database_specific.severity` words (and the "MEDIUM" some databases write). */
export function severityOfLabel(label: unknown): OsvSeverity | undefined {
  if (typeof label !== "string") return undefined;
  switch (label.trim().toUpperCase()) {
    case "CRITICAL":
      return "critical";
    case "HIGH":
      return "high";
    case "MODERATE":
    case "MEDIUM":
      return "moderate";
    case "LOW":
      return "low";
    default:
      return undefined;
  }
}
