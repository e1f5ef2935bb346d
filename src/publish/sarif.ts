import type { Finding, RuleInfo } from "../modules/index.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

interface SarifRegion {
  startLine: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** A SARIF 2.1.0 log: the parts we write. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: {
      driver: {
        name: string;
        informationUri: string;
        version: string;
        rules: {
          id: string;
          name?: string;
          shortDescription: { text: string };
          help?: { text: string };
          properties?: { tags: string[] };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: Finding["level"];
      message: { text: string };
      locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: "%SRCROOT%" }; region?: SarifRegion } }[];
      partialFingerprints?: Record<string, string>;
    }[];
    columnKind: "utf16CodeUnits";
  }[];
}

/** A repo-relative path as a SARIF relative URI reference (each segment percent-encoded). */
function toUri(filePath: string): string {
  return filePath.split("/").map(encodeURIComponent).join("/");
}

function regionOf(f: Finding): SarifRegion | undefined {
  const l = f.location;
  if (!l?.startLine) return undefined;
  return {
    startLine: l.startLine,
    ...(l.endLine && l.endLine >= l.startLine ? { endLine: l.endLine } : {}),
    ...(l.startColumn ? { startColumn: l.startColumn } : {}),
    ...(l.endColumn && (l.endLine !== l.startLine || !l.startColumn || l.endColumn > l.startColumn) ? { endColumn: l.endColumn } : {}),
  };
}

/**
 * Findings as one SARIF 2.1.0 run, the format code scanning and editors read. Rules come
 * from `rules` when a module described them, else from the first finding's title. Columns
 * are UTF-16 code units, as JavaScript strings count them.
 */
export function toSarif(findings: readonly Finding[], version: string, rules: readonly RuleInfo[] = []): SarifLog {
  const known = new Map(rules.map((r) => [r.id, r]));
  const used = new Map<string, RuleInfo>();
  for (const f of findings) if (!used.has(f.ruleId)) used.set(f.ruleId, known.get(f.ruleId) ?? { id: f.ruleId, title: f.title });
  const index = new Map([...used.keys()].map((id, i) => [id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Lodestar",
            informationUri: "https://github.com/lodestar-app/lodestar",
            version,
            rules: [...used.values()].map((r) => ({
              id: r.id,
              shortDescription: { text: r.title },
              ...(r.help ? { help: { text: r.help } } : {}),
              ...(r.tags?.length ? { properties: { tags: r.tags } } : {}),
            })),
          },
        },
        results: findings.map((f) => {
          const region = regionOf(f);
          return {
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId) ?? 0,
            level: f.level,
            message: { text: f.message },
            ...(f.location
              ? {
                  locations: [
                    {
                      physicalLocation: {
                        artifactLocation: { uri: toUri(f.location.path), uriBaseId: "%SRCROOT%" as const },
                        ...(region ? { region } : {}),
                      },
                    },
                  ],
                }
              : {}),
            ...(f.fingerprint ? { partialFingerprints: { "lodestar/v1": f.fingerprint } } : {}),
          };
        }),
        columnKind: "utf16CodeUnits" as const,
      },
    ],
  };
}
