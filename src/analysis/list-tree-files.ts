import type { FileListing } from "./types.js";
import type { GitHubClient, RepoCoordinates } from "../github/client.js";

interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  size?: number;
}

/**
 * Lists a commit's files through the Git trees API: one request, no file content, which is
 * what the webhook server can afford within GitHub's 10-second answer. Symlinks (mode 120000)
 * and submodules are counted as skipped, never followed.
 */
export async function listTreeFiles(github: GitHubClient, where: RepoCoordinates, sha: string): Promise<FileListing> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
    ...where,
    tree_sha: sha,
    recursive: "1",
  });
  const tree = data as { tree: TreeEntry[]; truncated: boolean };
  const files: FileListing["files"] = [];
  const skipped: Record<string, number> = {};
  for (const entry of tree.tree) {
    if (entry.type === "commit") skipped.submodule = (skipped.submodule ?? 0) + 1;
    else if (entry.type === "blob" && entry.mode === "120000") skipped.symlink = (skipped.symlink ?? 0) + 1;
    else if (entry.type === "blob") files.push({ path: entry.path, size: entry.size ?? 0 });
  }
  return { source: "github-tree", files, skipped, truncated: tree.truncated };
}
