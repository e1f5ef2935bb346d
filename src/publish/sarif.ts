import type { Finding } from "../modules/index.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A minimal SARIF 2.1.0 log type: the parts we write. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; informationUri: string; version: string; rules: { id: string; shortDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      level: Finding["level"];
      message: { text: string };
      locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; endLine?: number } } }[];
    }[];
  }[];
}

/** Findings as one SARIF 2.1.0 run, the format code-scanning tools and editors read. */
export function toSarif(findings: readonly Finding[], version: string): SarifLog {
  const rules = new Map<string, string>();
  for (const f of findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, f.title);
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
            rules: [...rules].map(([id, text]) => ({ id, shortDescription: { text } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          level: f.level,
          message: { text: f.message },
          ...(f.location
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.location.path },
                      ...(f.location.startLine
                        ? { region: { startLine: f.location.startLine, ...(f.location.endLine ? { endLine: f.location.endLine } : {}) } }
                        : {}),
                    },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
