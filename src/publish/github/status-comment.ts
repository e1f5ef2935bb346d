/**
 * The status comment of a command: one comment per command, edited in place as the job moves
 * (queued → running with a link to the Actions run → done with results, or failed with the
 * reason). The app writes the first version; the runner edits it.
 */
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";
import { fitText, GITHUB_LIMITS } from "../limits.js";

export type JobPhase = "queued" | "running" | "done" | "failed";

export interface StatusCommentState {
  phase: JobPhase;
  /** The command as the user wrote it, e.g. "tests src/" (shown in a code span). */
  command: string;
  requestedBy: string;
  /** Link to the Actions run, once the runner has it. */
  runUrl?: string;
  /** Markdown the runner adds: results when done, the reason when failed. */
  detail?: string;
}

const HEADLINE: Record<JobPhase, string> = {
  queued: "⏳ **Queued**: sent to this repository's Lodestar runner. This comment follows the job.",
  running: "🏃 **Running** on the runner.",
  done: "✅ **Done**.",
  failed: "❌ **Failed**.",
};

/**
 * Text from users or models, made safe to echo: no @-mentions (a zero-width joiner after `@`), no
 * HTML comments (which could forge Lodestar's hidden markers), no closing of a code span.
 */
export function inertText(text: string): string {
  return text.replace(/@/g, "@\u200d").replace(/<!--/g, "&lt;!--").replace(/-->/g, "--&gt;");
}

/** A command shown in a code span: backticks cannot be closed from inside it. */
export function commandSpan(command: string): string {
  const clean = inertText(command).replace(/`/g, "ʼ").replace(/\s+/g, " ").slice(0, 200);
  return `\`/lodestar ${clean}\``;
}

export const STATUS_MARKER = "<!-- lodestar:status -->";

/** The comment's body for a state. The requester is mentioned (notified) only when queued. */
export function statusCommentBody(state: StatusCommentState): string {
  const who = state.phase === "queued" ? `@${state.requestedBy}` : inertText(state.requestedBy);
  return fitText(
    [
      STATUS_MARKER,
      `${commandSpan(state.command)} — asked by ${who}`,
      "",
      HEADLINE[state.phase] + (state.runUrl ? ` [Actions run](${state.runUrl})` : ""),
      ...(state.detail ? ["", state.detail] : []),
    ].join("\n"),
    GITHUB_LIMITS.issueBody,
  );
}

/** Creates the status comment; returns its id for the runner to edit. */
export async function createStatusComment(github: GitHubClient, where: RepoCoordinates, issueNumber: number, state: StatusCommentState): Promise<number> {
  const { data } = await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...where,
    issue_number: issueNumber,
    body: statusCommentBody(state),
  });
  return (data as { id: number }).id;
}

/** Edits the status comment in place. */
export async function updateStatusComment(github: GitHubClient, where: RepoCoordinates, commentId: number, state: StatusCommentState): Promise<void> {
  await github.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...where, comment_id: commentId, body: statusCommentBody(state) });
}
