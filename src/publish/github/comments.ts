import { fitText, GITHUB_LIMITS } from "../limits.js";
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";

/** Posts one comment on an issue or pull request. */
export async function postComment(github: GitHubClient, where: RepoCoordinates, issueNumber: number, body: string): Promise<number> {
  const { data } = await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...where,
    issue_number: issueNumber,
    body: fitText(body, GITHUB_LIMITS.issueBody),
  });
  return (data as { id: number }).id;
}
