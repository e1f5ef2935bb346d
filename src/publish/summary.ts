import type { CycleReport } from "../cycle/index.js";
import { escalationRate } from "../cycle/model-usage.js";

const ICON = { success: "✅", neutral: "⚪", failure: "❌" } as const;

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * The cycle as Markdown: what a user reads in `summary.md`, a check run, or a job summary.
 * Leads with the conclusion and its reason, then warnings, findings, modules and proposals.
 */
export function renderSummary(report: CycleReport): string {
  const { job, analysis } = report;
  const lines: string[] = [];
  const where = job.repo.owner ? `${job.repo.owner}/${job.repo.name}` : job.repo.name;
  lines.push(`# Lodestar — ${where}`, "");
  lines.push(`${ICON[report.conclusion]} **${report.conclusion}**: ${report.conclusionReason}`, "");
  lines.push(
    `Job \`${job.id}\` (${job.kind}${job.ref ? ` at \`${job.ref.slice(0, 12)}\`` : ""}), started ${report.startedAt}.`,
    "",
  );
  if (report.warnings.length) {
    lines.push("## Warnings", "", ...report.warnings.map((w) => `- ⚠️ ${w}`), "");
  }

  lines.push("## Findings", "");
  if (report.findings.length === 0) lines.push("No findings.", "");
  else {
    lines.push("| Level | Module | Finding | Where |", "| --- | --- | --- | --- |");
    for (const f of report.findings) {
      const at = f.location ? `\`${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ""}\`` : "";
      lines.push(`| ${f.level} | ${f.module} | **${cell(f.title)}**: ${cell(f.message)} | ${cell(at)} |`);
    }
    lines.push("");
  }

  lines.push("## Modules", "", "| Module | Status | Findings | Proposals | Time | Note |", "| --- | --- | --- | --- | --- | --- |");
  for (const run of report.moduleRuns) {
    lines.push(
      `| ${run.module} | ${run.status} | ${run.findings} | ${run.proposals} | ${run.durationMs} ms | ${cell(run.reason ?? "")} |`,
    );
  }
  lines.push("");

  lines.push(...renderModels(report.models));

  lines.push("## Proposals", "");
  if (report.proposals.length === 0 && report.rejected.length === 0) lines.push("No proposals.", "");
  for (const p of report.proposals) lines.push(`- ✔️ **${cell(p.title)}** (${p.module}): ${p.files.join(", ")}`);
  for (const { proposal, reason } of report.rejected) lines.push(`- ✖️ ${cell(proposal.title)} (${proposal.module}): not proposed — ${cell(reason)}`);
  if (report.proposals.length || report.rejected.length) lines.push("");

  const languages = Object.entries(analysis.languages).sort(([, a], [, b]) => b.files - a.files);
  lines.push("## Repository", "", `${analysis.files.length} files, ${analysis.totalBytes} bytes, listed by ${analysis.source}.`, "");
  if (languages.length) {
    lines.push("| Language | Files | Bytes |", "| --- | --- | --- |");
    for (const [name, s] of languages) lines.push(`| ${cell(name)} | ${s.files} | ${s.bytes} |`);
    lines.push("");
  }
  return lines.join("\n");
}

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;

/** Which models did the work, what it cost, and why the cloud stayed closed when it did. */
function renderModels(models: CycleReport["models"]): string[] {
  const lines = ["## Models", ""];
  if (!models.available) return [...lines, `No model was used: ${cell(models.unavailableReason ?? "none is available")}.`, ""];
  if (models.cloudClosed) lines.push(`> **Local only** at the end of this cycle, no cloud call is made: ${cell(models.cloudClosed)}.`, "");
  if (models.tasks === 0) return [...lines, "No module asked a model anything in this cycle.", ""];
  lines.push(
    `${models.tasks} task${models.tasks === 1 ? "" : "s"}: ${models.local} answered locally, ${models.escalated} escalated to the cloud, ${models.refused} refused ` +
      `(escalation rate ${percent(escalationRate(models))}). Tokens: ${models.inputTokens} in, ${models.outputTokens} out; cloud cost $${models.costUsd.toFixed(4)}.`,
    "",
  );
  lines.push("| Task kind | Tasks | Local | Escalated | Refused | Escalation rate |", "| --- | --- | --- | --- | --- | --- |");
  for (const [kind, k] of Object.entries(models.byKind)) {
    lines.push(`| ${cell(kind)} | ${k.tasks} | ${k.local} | ${k.escalated} | ${k.refused} | ${percent(escalationRate(k))} |`);
  }
  lines.push("");
  for (const l of models.localOnly) lines.push(`- ${l.tasks} task${l.tasks === 1 ? "" : "s"} wanted the cloud but stayed local: ${cell(l.reason)}`);
  if (models.localOnly.length) lines.push("");
  return lines;
}
