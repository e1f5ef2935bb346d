/**
 * The slice of octokit that publish needs. Every call is a route string
 * (`"POST /repos/{owner}/{repo}/check-runs"`) so calls stay greppable and are checked
 * against GitHub's OpenAPI description in tests. Probot's `context.octokit` and octokit's
 * `Octokit` both satisfy it.
 */
export interface GitHubClient {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

export interface RepoCoordinates {
  owner: string;
  repo: string;
}
