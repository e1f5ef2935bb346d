import type { CycleReport, Publisher } from "../../cycle/index.js";
import type { Finding } from "../../modules/index.js";
import { fitText, GITHUB_LIMITS } from "../limits.js";
import { renderSummary } from "../summary.js";
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";

/** The check run's name on every commit. */
export const CHECK_NAME = "Lodestar";

const LEVEL: Record<Finding["level"], "notice" | "warning" | "failure"> = { note: "notice", warning: "warning", error: "failure" };

interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

/** Findings with a line become annotations; the rest are in the summary only. */
export function toAnnotations(findings: readonly Finding[]): Annotation[] {
  return findings.flatMap((f) =>
    f.location?.startLine
      ? [
          {
            path: f.location.path,
            start_line: f.location.startLine,
            end_line: f.location.endLine ?? f.location.startLine,
            annotation_level: LEVEL[f.level],
            title: f.title.slice(0, 255),
            message: fitText(f.message, 64_000),
          },
        ]
      : [],
  );
}

/** One line for the check run's title. */
function titleOf(report: CycleReport): string {
  const n = report.findings.length;
  return `${n} finding${n === 1 ? "" : "s"} — ${report.conclusionReason}`.slice(0, 255);
}

/**
 * Publishes a cycle as one completed check run on the job's head SHA. Annotations go 50 per
 * request (GitHub's limit): the first batch with the create call, the rest as updates.
 */
export function checkRunPublisher(github: GitHubClient, where: RepoCoordinates, headSha: string): Publisher {
  return {
    name: "check-run",
    async publish(report) {
      const annotations = toAnnotations(report.findings);
      const batch = GITHUB_LIMITS.annotationsPerRequest;
      const output = {
        title: titleOf(report),
        summary: fitText(renderSummary(report), GITHUB_LIMITS.checkRunText),
      };
      const created = await github.request("POST /repos/{owner}/{repo}/check-runs", {
        ...where,
        name: CHECK_NAME,
        head_sha: headSha,
        status: "completed",
        conclusion: report.conclusion,
        completed_at: new Date().toISOString(),
        output: { ...output, annotations: annotations.slice(0, batch) },
      });
      const id = (created.data as { id: number }).id;
      for (let i = batch; i < annotations.length; i += batch) {
        await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          ...where,
          check_run_id: id,
          output: { ...output, annotations: annotations.slice(i, i + batch) },
        });
      }
      return { description: `check run ${id} (${report.conclusion}) with ${annotations.length} annotations on ${headSha.slice(0, 12)}` };
    },
  };
}

/**
 * A check run for a job that could not start (an invalid config → failure; a config that
 * could not be read → neutral): nothing else runs, and the user sees why.
 */
export async function publishFailedCheck(
  github: GitHubClient,
  where: RepoCoordinates,
  headSha: string,
  title: string,
  summary: string,
  conclusion: "failure" | "neutral" = "failure",
): Promise<number> {
  const created = await github.request("POST /repos/{owner}/{repo}/check-runs", {
    ...where,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "completed",
    conclusion,
    completed_at: new Date().toISOString(),
    output: { title: title.slice(0, 255), summary: fitText(summary, GITHUB_LIMITS.checkRunText) },
  });
  return (created.data as { id: number }).id;
}
