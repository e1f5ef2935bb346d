import { z } from "zod";
import { cvss3BaseScore, severityOfLabel, severityOfScore, type OsvSeverity } from "./osv-severity.js";

/** `POST /v1/querybatch`: one result per query, in order; ids only (details come from /v1/vulns). */
export const QueryBatchResponse = z.object({
  results: z.array(
    z.object({
      vulns: z.array(z.object({ id: z.string().min(1), modified: z.string().optional().catch(undefined) })).optional(),
      next_page_token: z.string().optional(),
    }),
  ),
});
export type QueryBatchResponse = z.infer<typeof QueryBatchResponse>;

const SeverityEntry = z.object({ type: z.string(), score: z.string() });
const looseArray = <T extends z.ZodType>(item: T) => z.array(z.unknown()).catch([]).transform((xs) => xs.flatMap((x) => {
  const r = item.safeParse(x);
  return r.success ? [r.data as z.infer<T>] : [];
}));

/** The fields of an OSV record (`GET /v1/vulns/{id}`) we use; malformed optional parts are dropped, not fatal. */
const VulnRecord = z.object({
  id: z.string().min(1),
  modified: z.string().optional().catch(undefined),
  withdrawn: z.string().optional().catch(undefined),
  summary: z.string().optional().catch(undefined),
  details: z.string().optional().catch(undefined),
  aliases: looseArray(z.string()).optional(),
  severity: looseArray(SeverityEntry).optional(),
  affected: looseArray(
    z.object({
      package: z.object({ ecosystem: z.string(), name: z.string() }).optional().catch(undefined),
      severity: looseArray(SeverityEntry).optional(),
      ranges: looseArray(
        z.object({
          type: z.string().optional().catch(undefined),
          events: looseArray(z.object({ fixed: z.string().optional().catch(undefined) })).optional(),
        }),
      ).optional(),
    }),
  ).optional(),
  database_specific: z.object({ severity: z.unknown().optional() }).optional().catch(undefined),
});

/** What is kept of a record (and cached): enough for a finding, a fraction of the record's size. */
export const CompactVuln = z.object({
  id: z.string(),
  modified: z.string().optional(),
  withdrawn: z.boolean(),
  summary: z.string(),
  aliases: z.array(z.string()),
  severity: z.enum(["critical", "high", "moderate", "low", "unknown"]),
  affected: z.array(z.object({ ecosystem: z.string(), name: z.string(), fixed: z.array(z.string()) })),
});
export type CompactVuln = z.infer<typeof CompactVuln>;

/**
 * Severity from the record: the database's own label (GitHub's `database_specific.severity`)
 * when present, else the highest CVSS v3 base score among the record's and its packages'
 * vectors; "unknown" when neither is there (many PYSEC and Go records, CVSS v2/v4 only).
 */
function severityOf(record: z.infer<typeof VulnRecord>): OsvSeverity {
  const label = severityOfLabel(record.database_specific?.severity);
  if (label) return label;
  const vectors = [...(record.severity ?? []), ...(record.affected ?? []).flatMap((a) => a.severity ?? [])];
  let best: number | undefined;
  for (const v of vectors) {
    if (!v.type.startsWith("CVSS_V3")) continue;
    const score = cvss3BaseScore(v.score);
    if (score !== undefined && (best === undefined || score > best)) best = score;
  }
  return best === undefined ? "unknown" : severityOfScore(best);
}

/** Parses an OSV record into its compact form, or undefined when it is not a record. */
export function compactVuln(body: unknown): CompactVuln | undefined {
  const parsed = VulnRecord.safeParse(body);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  return {
    id: r.id,
    ...(r.modified ? { modified: r.modified } : {}),
    withdrawn: r.withdrawn !== undefined,
    summary: (r.summary ?? firstLine(r.details ?? "")).slice(0, 300),
    aliases: r.aliases ?? [],
    severity: severityOf(r),
    affected: (r.affected ?? []).flatMap((a) => {
      if (!a.package) return [];
      // GIT ranges name commits, not versions a user can upgrade to.
      const fixed = (a.ranges ?? []).filter((g) => g.type !== "GIT").flatMap((g) => (g.events ?? []).flatMap((e) => (e.fixed ? [e.fixed] : [])));
      return [{ ecosystem: a.package.ecosystem, name: a.package.name, fixed: [...new Set(fixed)] }];
    }),
  };
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0] ?? "";
}
