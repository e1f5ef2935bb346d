/**
 * The action's GitHub client. As the app when its id and private key are given, so the pull
 * requests it opens are the bot's and trigger the repository's CI (a `GITHUB_TOKEN`'s would not);
 * with the workflow's token otherwise; none when neither is there (results stay in files).
 * `GITHUB_API_URL` (set by Actions, also on GitHub Enterprise Server) is the API's address.
 */
import { App, Octokit } from "octokit";
import type { GitHubClient, RepoCoordinates } from "../github/client.js";

export interface ActionCredentials {
  appId?: string;
  privateKey?: string;
  token?: string;
}

export interface ActionGitHub {
  client: GitHubClient;
  /** "app" when acting as the GitHub App, "token" with the workflow's token. */
  as: "app" | "token";
}

/** Octokit with the action's defaults: the API address, and a user agent that names us. */
function octokitClass(env: NodeJS.ProcessEnv) {
  return Octokit.defaults({ baseUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""), userAgent: "lodestar-action" });
}

/**
 * A client for `where`, or null without credentials. App credentials that do not work (a wrong
 * key, the app not installed on the repository) throw one clear line: falling back silently
 * would make PRs that do not trigger CI.
 */
export async function actionGitHub(where: RepoCoordinates, credentials: ActionCredentials, env: NodeJS.ProcessEnv): Promise<ActionGitHub | null> {
  const Client = octokitClass(env);
  if (credentials.appId && credentials.privateKey) {
    const app = new App({ appId: credentials.appId, privateKey: credentials.privateKey, Octokit: Client });
    let installationId: number;
    try {
      const { data } = await app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner: where.owner, repo: where.repo });
      installationId = data.id;
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new Error(
        `the GitHub App ${credentials.appId} could not act on ${where.owner}/${where.repo} (${status === 404 ? "it is not installed on this repository" : status ? `HTTP ${status}` : (error as Error).message}); check the app-id and private-key inputs`,
      );
    }
    return { client: (await app.getInstallationOctokit(installationId)) as unknown as GitHubClient, as: "app" };
  }
  if (credentials.token) return { client: new Client({ auth: credentials.token }) as unknown as GitHubClient, as: "token" };
  return null;
}
