import { z } from "zod";
import { pathArgumentProblem } from "./app/commands.js";

/** Commands the runner carries out (the rest are answered inside the webhook). */
export const RUNNER_COMMANDS = ["usage", "scan", "tests", "refactor", "fix", "summary", "ask"] as const;
export type RunnerCommand = (typeof RUNNER_COMMANDS)[number];

/** A `/lodestar` command (or a ticked summary checkbox, or a labelled issue) sent to the runner. */
export const commandPayloadSchema = z.strictObject({
  name: z.enum(RUNNER_COMMANDS),
  /** A repository-relative path (checked by the app's grammar) or the question for `ask`. */
  args: z.string().max(500).default(""),
  /** The issue or pull request the command was given in; its status comment lives there. */
  issue: z.number().int().positive(),
  /** The status comment the runner edits as the job moves (running, done). */
  comment: z.number().int().positive().nullable().default(null),
  /** True when `issue` is a pull request. */
  pullRequest: z.boolean().default(false),
}).superRefine((command, ctx) => {
  // The runner checks a path argument again: a payload can be sent by anyone with write access, not only the app.
  if (command.name === "scan" || command.name === "tests" || command.name === "refactor") {
    const problem = command.args ? pathArgumentProblem(command.args) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["args"], message: problem });
  }
});

/**
 * The job as it travels in a `repository_dispatch` event's `client_payload` (from the app
 * to the runner), or in the action's `job` input. Small and strict: the runner trusts only
 * what it can check, and GitHub caps client_payload at 10 top-level properties.
 */
export const jobPayloadSchema = z.strictObject({
  kind: z.enum(["cycle", "push", "pull_request", "command"]).default("cycle"),
  ref: z.string().min(1).max(255).nullable().default(null),
  modules: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/)).max(20).optional(),
  requestedBy: z.string().min(1).max(100).default("lodestar"),
  deliveryId: z.string().max(100).nullable().default(null),
  /** Set by the app: false for anything about a fork. Absent means untrusted; the runner never widens it. */
  trusted: z.boolean().default(false),
  /** For `kind: "command"`: which command, where to answer. */
  command: commandPayloadSchema.optional(),
});

export type JobPayload = z.output<typeof jobPayloadSchema>;
export type JobPayloadInput = z.input<typeof jobPayloadSchema>;
export type CommandPayload = z.output<typeof commandPayloadSchema>;

/** GitHub's cap on `client_payload`'s top-level properties. */
export const MAX_CLIENT_PAYLOAD_PROPERTIES = 10;

/** Parses a payload, throwing one readable line when it is not a job. */
export function parseJobPayload(raw: unknown): JobPayload {
  const result = jobPayloadSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`);
    throw new Error(`invalid job payload: ${problems.join("; ")}`);
  }
  if (result.data.kind === "command" && !result.data.command) throw new Error("invalid job payload: command: a command job needs `command`");
  return result.data;
}
