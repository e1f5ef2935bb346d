import { z } from "zod";

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
});

export type JobPayload = z.output<typeof jobPayloadSchema>;

/** Parses a payload, throwing one readable line when it is not a job. */
export function parseJobPayload(raw: unknown): JobPayload {
  const result = jobPayloadSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`);
  throw new Error(`invalid job payload: ${problems.join("; ")}`);
}
