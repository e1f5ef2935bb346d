import { randomUUID } from "node:crypto";
import type { LodestarConfig } from "./config/index.js";

/** What a job asks for. Front doors translate their input into one of these. */
export type JobKind = "cycle" | "push" | "pull_request" | "command";

/** Who asked: a GitHub user (with the role checked at command time), the schedule, or a terminal. */
export interface Requester {
  login: string;
  via: "webhook" | "command" | "schedule" | "action" | "cli";
}

/** A repository: its GitHub coordinates when it has them, a local checkout when there is one. */
export interface RepoRef {
  owner: string;
  name: string;
  /** A local work tree (CLI and Action); absent for the webhook server. */
  dir?: string;
  defaultBranch?: string;
}

/**
 * One unit of work: what to do, on which repo and ref, asked by whom, with which config.
 * Everything a cycle needs to know about where it came from is here, so the core never
 * looks at a webhook payload or an Actions environment.
 */
export interface Job {
  id: string;
  kind: JobKind;
  repo: RepoRef;
  /** The commit or ref the job is about (head SHA for push/PR). */
  ref: string | null;
  requestedBy: Requester;
  config: LodestarConfig;
  /** The `X-GitHub-Delivery` id when the job came from a webhook; used to act once. */
  deliveryId: string | null;
  /** A subset of module names to run; all enabled modules when absent. */
  modules?: string[];
  /** A repository-relative path the job is narrowed to (`/lodestar tests src/parser`), checked by the command grammar. */
  target?: string;
  /** The issue a `fix` job is about (`/lodestar fix`, or the `lodestar` label): its text is data for the model, never instructions. */
  issue?: { number: number; title: string; body: string };
  /**
   * False when the code comes from a fork or any ref we do not trust: then nothing from
   * the repo is executed (static analysis only).
   */
  trusted: boolean;
}

/** Builds a job with a fresh id; the caller states everything else explicitly. */
export function createJob(fields: Omit<Job, "id"> & { id?: string }): Job {
  return { ...fields, id: fields.id ?? randomUUID() };
}
