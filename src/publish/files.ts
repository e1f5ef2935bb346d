import { appendFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CycleReport, DecisionSink, Publisher } from "../cycle/index.js";
import { toSarif } from "./sarif.js";
import { renderSummary } from "./summary.js";
import { VERSION } from "../version.js";

/** The files a CLI cycle writes into its output folder. */
export const OUTPUT_FILES = { summary: "summary.md", sarif: "findings.sarif", decisions: "decisions.jsonl", proposals: "proposals" } as const;

/**
 * A decision sink that appends each decision to `<outDir>/decisions.jsonl` as it is made,
 * so the audit trail survives a crash mid-cycle. It truncates the file on first use.
 */
export function decisionFileSink(outDir: string): DecisionSink {
  const file = path.join(outDir, OUTPUT_FILES.decisions);
  // One queue of writes keeps the lines in the order the decisions were made.
  let queue: Promise<void> | undefined;
  return (record) => {
    queue = (queue ?? mkdir(outDir, { recursive: true }).then(() => writeFile(file, ""))).then(() =>
      appendFile(file, JSON.stringify(record) + "\n"),
    );
    return queue;
  };
}

/** Writes `summary.md`, `findings.sarif` and `proposals/<module>-<slug>.patch` to a folder. */
export function filesPublisher(outDir: string): Publisher {
  return {
    name: "files",
    async publish(report: CycleReport) {
      await mkdir(outDir, { recursive: true });
      await writeFile(path.join(outDir, OUTPUT_FILES.summary), renderSummary(report));
      await writeFile(path.join(outDir, OUTPUT_FILES.sarif), JSON.stringify(toSarif(report.findings, VERSION, report.rules), null, 2) + "\n");
      if (report.proposals.length) {
        const dir = path.join(outDir, OUTPUT_FILES.proposals);
        await mkdir(dir, { recursive: true });
        for (const p of report.proposals) {
          // The slug is ours to sanitise: it becomes a file name.
          const safe = `${p.module}-${p.slug}`.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 120);
          await writeFile(path.join(dir, `${safe}.patch`), p.patch);
        }
      }
      return {
        description: `wrote ${OUTPUT_FILES.summary}, ${OUTPUT_FILES.sarif}` + (report.proposals.length ? ` and ${report.proposals.length} patches` : "") + ` to ${outDir}`,
      };
    },
  };
}
