/**
 * Hands heavy work to the repository's own runner: a `repository_dispatch` event
 * (`event_type: lodestar`) whose `client_payload` is the job. The workflow shown in the README
 * and the onboarding issue listens for it and runs the action on `[self-hosted, lodestar]`.
 */
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";
import { jobPayloadSchema, MAX_CLIENT_PAYLOAD_PROPERTIES, type JobPayload, type JobPayloadInput } from "../../job-payload.js";

export const DISPATCH_EVENT_TYPE = "lodestar";

/**
 * Sends one job. The payload is validated with the same schema the runner parses it with, so
 * the app can never send a job the runner would refuse. Throws on an HTTP error.
 */
export async function dispatchJob(github: GitHubClient, where: RepoCoordinates, job: JobPayloadInput): Promise<JobPayload> {
  const payload = jobPayloadSchema.parse(job);
  // Optional fields left out rather than sent as undefined: GitHub counts top-level properties.
  const clientPayload = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
  if (Object.keys(clientPayload).length > MAX_CLIENT_PAYLOAD_PROPERTIES) {
    throw new Error(`client_payload has ${Object.keys(clientPayload).length} top-level properties; GitHub takes ${MAX_CLIENT_PAYLOAD_PROPERTIES}`);
  }
  await github.request("POST /repos/{owner}/{repo}/dispatches", { ...where, event_type: DISPATCH_EVENT_TYPE, client_payload: clientPayload });
  return payload;
}
