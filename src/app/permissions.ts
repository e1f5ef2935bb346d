/**
 * Who may run a command, checked at command time (FAULTS 10): the commenter's role on the
 * repository from `GET /repos/{owner}/{repo}/collaborators/{username}/permission`, ranked
 * against the command's least role. A check that fails (an HTTP error, an answer we cannot
 * read) denies: no command runs on an unknown role.
 */
import type { GitHubClient, RepoCoordinates } from "../github/client.js";
import type { CommandSpec } from "./commands.js";

/** GitHub's repository roles, weakest first. */
const ROLES = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type RepoRole = (typeof ROLES)[number];

const rank = (role: RepoRole) => ROLES.indexOf(role);

export type PermissionCheck = { allowed: true; role: RepoRole } | { allowed: false; role: RepoRole | null; reason: string };

/**
 * The role to rank: `role_name` when it is one of GitHub's own roles; for a custom role, the
 * base `permission` it grants (admin, write, read or none).
 */
export function roleOf(data: unknown): RepoRole | null {
  const d = data as { role_name?: unknown; permission?: unknown } | null;
  for (const candidate of [d?.role_name, d?.permission]) {
    if (typeof candidate === "string" && (ROLES as readonly string[]).includes(candidate)) return candidate as RepoRole;
  }
  return null;
}

export async function checkCommandPermission(github: GitHubClient, where: RepoCoordinates, username: string, spec: CommandSpec): Promise<PermissionCheck> {
  if (spec.minRole === "none") return { allowed: true, role: "none" };
  let role: RepoRole | null;
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...where, username });
    role = roleOf(data);
  } catch (error) {
    const status = (error as { status?: number }).status;
    return { allowed: false, role: null, reason: `your permission could not be checked (${status ? `HTTP ${status}` : "no answer"}), so the command is refused` };
  }
  if (role === null) return { allowed: false, role: null, reason: "your permission could not be read, so the command is refused" };
  if (rank(role) < rank(spec.minRole)) {
    return { allowed: false, role, reason: `\`/lodestar ${spec.name}\` needs the ${spec.minRole} role on this repository; you have ${role === "none" ? "no role" : `the ${role} role`}` };
  }
  return { allowed: true, role };
}
