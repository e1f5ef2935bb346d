/**
 * What a sandboxed command must not write or read on the host, for the mount namespace (see
 * isolation.ts). HOME already points into the scratch, so tools never look at the real home by
 * themselves; this covers code that goes there on purpose, by absolute path.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface HostProtection {
  /** Bind-mounted onto themselves first, so they stay writable under a read-only parent. */
  writable: string[];
  /** Read-only (recursive bind): the user's home and the original repository. */
  readOnly: string[];
  /** Covered by an empty tmpfs. */
  hiddenDirs: string[];
  /** Files and sockets, covered by /dev/null. */
  hiddenFiles: string[];
}

/** Credentials that live in a home folder, by the tools that write them. */
const HOME_SECRET_DIRS = [".ssh", ".aws", ".azure", ".gnupg", ".docker", ".kube", ".password-store", ".config/gcloud", ".config/gh", ".config/hub", ".terraform.d", ".local/share/keyrings"];
const HOME_SECRET_FILES = [
  ".npmrc", ".yarnrc", ".yarnrc.yml", ".netrc", ".git-credentials", ".gitconfig", ".config/git/credentials", ".pypirc",
  ".cargo/credentials", ".cargo/credentials.toml", ".m2/settings.xml", ".m2/settings-security.xml", ".gradle/gradle.properties",
  ".vault-token", ".bash_history", ".zsh_history", ".python_history", ".node_repl_history", ".psql_history", ".mysql_history",
];
/**
 * Sockets are file-system objects, untouched by the network namespace: a container engine's
 * socket is root on the host, an ssh-agent's signs as the user. The user's runtime folder
 * (/run/user/<uid>: D-Bus, podman, gpg-agent) is hidden whole.
 */
const HOST_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/run/podman/podman.sock", "/run/buildkit/buildkitd.sock"];

/** The self-hosted runner's own registration and OAuth files, in its root folder. */
const RUNNER_SECRET_FILES = [".credentials", ".credentials_rsaparams", ".runner"];

async function kind(p: string): Promise<"dir" | "other" | null> {
  const info = await fs.stat(p).catch(() => null);
  if (!info) return null;
  return info.isDirectory() ? "dir" : info.isFile() || info.isSocket() ? "other" : null;
}

function homes(): string[] {
  const found = new Set<string>();
  try {
    found.add(os.userInfo().homedir);
  } catch {
    // No passwd entry: HOME only.
  }
  if (process.env.HOME) found.add(process.env.HOME);
  // Never the root of the disk: read-only "/" would stop everything.
  return [...found].filter((h) => path.isAbsolute(h) && path.resolve(h) !== path.parse(h).root);
}

/** Real paths of the existing homes (a symlinked home is compared by where it leads). */
async function realHomes(): Promise<string[]> {
  const out: string[] = [];
  for (const h of homes()) {
    const real = await fs.realpath(h).catch(() => null);
    if (real && real !== path.parse(real).root) out.push(real);
  }
  return dedupe(out);
}

/**
 * The protection for a workspace made from `source` in `container`: the original repository
 * (and its `.git/config`, where actions/checkout keeps the job's token) and the real home are
 * read-only, their credential files hidden, the runner's credential files hidden.
 */
export async function hostProtection(source: string, container: string): Promise<HostProtection> {
  const home = await realHomes();
  const readOnly = [...home, source];
  const hiddenDirs: string[] = [];
  const hiddenFiles: string[] = [];
  const add = async (p: string) => {
    const k = await kind(p);
    if (k === "dir") hiddenDirs.push(p);
    else if (k === "other") hiddenFiles.push(p);
  };
  for (const h of home) {
    for (const rel of HOME_SECRET_DIRS) await add(path.join(h, rel));
    for (const rel of HOME_SECRET_FILES) await add(path.join(h, rel));
  }
  await add(path.join(source, ".git", "config"));
  // Actions runners: RUNNER_TEMP is <runner root>/_work/_temp.
  if (process.env.RUNNER_TEMP && path.isAbsolute(process.env.RUNNER_TEMP)) {
    const root = path.resolve(process.env.RUNNER_TEMP, "..", "..");
    for (const rel of RUNNER_SECRET_FILES) await add(path.join(root, rel));
  }
  if (process.env.PRIVATE_KEY_PATH && path.isAbsolute(process.env.PRIVATE_KEY_PATH)) await add(process.env.PRIVATE_KEY_PATH);
  for (const socket of HOST_SOCKETS) await add(socket);
  if (process.env.SSH_AUTH_SOCK && path.isAbsolute(process.env.SSH_AUTH_SOCK)) await add(process.env.SSH_AUTH_SOCK);
  if (process.env.DOCKER_HOST?.startsWith("unix://")) await add(process.env.DOCKER_HOST.slice("unix://".length));
  if (typeof process.getuid === "function") await add(`/run/user/${process.getuid()}`);
  // A hidden folder that holds the workspace would hide the workspace: never.
  const holdsContainer = (p: string) => container === p || container.startsWith(p + path.sep);
  return {
    writable: [container],
    readOnly: dedupe(readOnly),
    hiddenDirs: dedupe(hiddenDirs.filter((p) => !holdsContainer(p))),
    hiddenFiles: dedupe(hiddenFiles),
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
