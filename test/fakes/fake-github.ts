/**
 * A stateful fake of GitHub's REST API for end-to-end tests: the real server (`lodestar serve`
 * with `GHE_HOST`/`GHE_PROTOCOL`) and the bundled action (`GITHUB_API_URL`) talk to it over HTTP,
 * and it keeps what they wrote in memory, per repository, so a test can assert on the result and
 * replay a delivery to see that nothing is created twice.
 *
 * Every request is checked against GitHub's own OpenAPI description (problems land in
 * `violations`, which a test asserts empty), as are the rules Lodestar never bends: a merge, a
 * write to the default branch, or a write touching `.github/workflows` or CODEOWNERS is answered
 * 403 and recorded in `violations`. An unknown route answers 404 and is listed in `unhandled`.
 *
 * Git data is real: blobs, trees and commits get git's own SHA-1 ids, so trees, compares and pull
 * request files follow from what was written. Two leniencies keep real webhook payloads usable:
 * a 40-hex commit SHA the fake never saw (the ones in @octokit/webhooks-examples) reads as the
 * default branch's tip, and compare/commit with such a SHA lists every file as added; a comment
 * on an issue number the fake does not know creates that issue (a user's, as in the payload).
 *
 * Writes are made by the app's bot user (`<appSlug>[bot]`), whatever token is used.
 */
import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { structuredPatch } from "diff";
import { checkRequest, findOperation } from "../harness/openapi-contract.js";
import { TEST_APP_ID } from "../harness/keys.js";
import { TEST_INSTALLATION_ID } from "../harness/payloads.js";
import { startLoopbackServer, type RecordedRequest } from "./fake-server.js";

// ---------------------------------------------------------------------------------------------
// Public types

/** GitHub's repository roles (the collaborator permission API's `role_name`). */
export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** Per-repository settings, keyed `owner/repo` in {@link FakeGitHubOptions.repos}. */
export interface FakeRepoOptions {
  /** Default-branch contents (path → text); overrides the fake-wide `files`. */
  files?: Record<string, string>;
  defaultBranch?: string;
  /** False: issue endpoints answer 410 "Issues are disabled for this repo". */
  hasIssues?: boolean;
  /** False: `GET /repos/{owner}/{repo}/installation` answers 404 (the app is not installed here). */
  installed?: boolean;
}

export interface FakeGitHubOptions {
  /** Collaborator roles by login; any other login has `none`. */
  permissions?: Record<string, RepoRole>;
  /** Default-branch contents of every repository (path → text). */
  files?: Record<string, string>;
  /** Default "main". */
  defaultBranch?: string;
  /** The one installation the app has (default: the harness's TEST_INSTALLATION_ID, 12345). */
  installationId?: number;
  /** The app's id (default: the harness's TEST_APP_ID); an app JWT with another `iss` is refused. */
  appId?: number;
  /** Default "lodestar"; the bot user is `<appSlug>[bot]`. */
  appSlug?: string;
  /** Settings for particular repositories, keyed `owner/repo`. */
  repos?: Record<string, FakeRepoOptions>;
}

/** One request as the fake received and answered it. */
export interface FakeGitHubRequest {
  method: string;
  /** The path without the `/api/v3` prefix and the query, as sent (percent-encoding kept). */
  path: string;
  /** The path template of GitHub's description it matched (`/repos/{owner}/{repo}/issues`), if any. */
  route?: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** The body, parsed when it is JSON. */
  body?: unknown;
  /** The status the fake answered. */
  status: number;
}

/** A changed file for `setCompare`, `setCommitFiles` and `setPullFiles`; the rest is filled in. */
export interface FakeDiffFile {
  filename: string;
  /** Default "modified", or "added" when only `content` is given. */
  status?: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** The new content: stored as a blob, so `sha` points at it (a blob request then answers it). */
  content?: string;
  /** Default: every line of `content` added, when `content` is given. */
  patch?: string;
  sha?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
  previous_filename?: string;
}

/** A webhook-style `repository_dispatch` the fake received. */
export interface FakeDispatch {
  event_type: string;
  client_payload?: unknown;
}

/** Test helpers: what the fake holds, and ways to change it as a user or GitHub would. */
export interface FakeGitHubState {
  /** Repositories used so far, as `owner/repo`. */
  repos(): string[];
  /** The repository's issues (not pull requests) as `GET /issues/{n}` answers them, by number. */
  issues(repo: string): Json[];
  /** The repository's pull requests as `GET /pulls/{n}` answers them, by number. */
  pulls(repo: string): Json[];
  /** Every issue and pull request comment, by id. */
  comments(repo: string): Json[];
  /** Reactions the app put on comments. */
  reactions(repo: string): { comment_id: number; content: string; user: string }[];
  /** Check runs as `GET /check-runs/{id}` answers them, plus (fake-only) all their `annotations`. */
  checkRuns(repo: string): Json[];
  dispatches(repo: string): FakeDispatch[];
  labels(repo: string): Json[];
  /** Branch → tip commit SHA. */
  branches(repo: string): Record<string, string>;
  /** The files at a ref (default: the default branch), path → text. */
  files(repo: string, ref?: string): Record<string, string>;
  /** Counts over all repositories, to compare before and after a replay. */
  counts(): { issues: number; pulls: number; comments: number; checkRuns: number; reactions: number; dispatches: number };
  /** `@login` mentions GitHub would notify, in the bodies of issues, pull requests and comments the bot wrote. */
  mentions(repo?: string): { repo: string; where: string; login: string }[];
  /** A user closes an issue or pull request (so `closed_by` is that user). */
  closeAsUser(repo: string, number: number, login: string): void;
  /** An issue someone else opened (or an earlier one by the bot, with `login` = the bot's). */
  addIssue(repo: string, issue: { title: string; body?: string; labels?: string[]; login?: string; state?: "open" | "closed"; number?: number }): Json;
  /** A comment someone wrote on an issue or pull request. */
  addComment(repo: string, number: number, comment: { body: string; login: string }): Json;
  /** Commits a file (or deletes it with null) on a branch (default: the default branch), as a person would. */
  setFile(repo: string, path: string, content: string | null, branch?: string): string;
  /** What `GET /compare/{basehead}` lists for exactly this `basehead`. */
  setCompare(repo: string, basehead: string, files: FakeDiffFile[]): void;
  /** What `GET /commits/{ref}` lists as the files of this ref. */
  setCommitFiles(repo: string, ref: string, files: FakeDiffFile[]): void;
  /** What `GET /pulls/{n}/files` lists (default: the pull request's diff, or [] for one the fake does not know). */
  setPullFiles(repo: string, number: number, files: FakeDiffFile[]): void;
  /** Runs listed for a workflow (default: every workflow), newest first. */
  setWorkflowRuns(repo: string, runs: Json[], workflowId?: string | number): void;
  /** Makes `GET /actions/workflows/{workflow_id}` answer (it is 404 until set). */
  setWorkflow(repo: string, workflowId: string | number, workflow?: Json): void;
}

export interface FakeGitHub {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/api/v3`, for `GITHUB_API_URL` and octokit's `baseUrl`. */
  apiUrl: string;
  /** `127.0.0.1:PORT`, for `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  host: string;
  /** The app's bot login, `<appSlug>[bot]`. */
  botLogin: string;
  installationId: number;
  requests: FakeGitHubRequest[];
  /** Contract violations and broken rules (merge, default branch, workflows, credentials), one line each. */
  violations: string[];
  /** `METHOD /path` of requests no route of the fake answered (404). */
  unhandled: string[];
  state: FakeGitHubState;
  /** The same as `state.closeAsUser`. */
  closeAsUser: FakeGitHubState["closeAsUser"];
  /** The same as `state.setCompare`. */
  setCompare: FakeGitHubState["setCompare"];
  /** The same as `state.setPullFiles`. */
  setPullFiles: FakeGitHubState["setPullFiles"];
  /** The same as `state.setWorkflowRuns`. */
  setWorkflowRuns: FakeGitHubState["setWorkflowRuns"];
  /** Forgets the requests, violations and unhandled routes; the repositories stay. */
  clearRequests(): void;
  /** Back to the start: no requests, and every repository as the options describe it. */
  reset(): void;
  close(): Promise<void>;
}

/** A JSON object as GitHub answers it (loosely typed: tests read the fields they need). */
export type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Errors and replies

class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

const notFound = (message = "Not Found") => new GitHubError(404, message);
const unprocessable = (message: string) => new GitHubError(422, message);
/** GitHub's "Validation Failed" with one error entry. */
const validationFailed = (error: Json) => new GitHubError(422, "Validation Failed", { errors: [error] });

interface Reply {
  status: number;
  json?: unknown;
  /** A raw (non-JSON) body, e.g. a file's text for `accept: application/vnd.github.raw`. */
  text?: string;
  headers?: Record<string, string>;
}

const ok = (json: unknown, headers?: Record<string, string>): Reply => ({ status: 200, json, ...(headers ? { headers } : {}) });
const created = (json: unknown): Reply => ({ status: 201, json });
const noContent = (): Reply => ({ status: 204 });

// ---------------------------------------------------------------------------------------------
// Git objects (content-addressed with git's own ids, shared by all repositories of one fake)

type Mode = "100644" | "100755" | "040000" | "160000" | "120000";
interface TreeEntry {
  name: string;
  mode: Mode;
  type: "blob" | "tree" | "commit";
  sha: string;
}
/** A file of a flattened tree (a blob, a symlink or a submodule). */
interface FlatEntry {
  mode: Mode;
  type: "blob" | "commit";
  sha: string;
}
type Flat = Map<string, FlatEntry>;
interface Signature {
  name: string;
  email: string;
  date: string;
}
interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: Signature;
  committer: Signature;
}

class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, CommitObject>();

  private hash(type: string, content: Buffer): string {
    return createHash("sha1").update(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content])).digest("hex");
  }

  writeBlob(content: Buffer): string {
    const sha = this.hash("blob", content);
    this.blobs.set(sha, content);
    return sha;
  }

  writeTree(entries: TreeEntry[]): string {
    // Git's order: by name, a tree's name compared as if it ended in "/".
    const key = (e: TreeEntry) => Buffer.from(e.type === "tree" ? `${e.name}/` : e.name);
    const sorted = [...entries].sort((a, b) => Buffer.compare(key(a), key(b)));
    const content = Buffer.concat(sorted.flatMap((e) => [Buffer.from(`${e.mode.replace(/^0+/, "")} ${e.name}\0`), Buffer.from(e.sha, "hex")]));
    const sha = this.hash("tree", content);
    this.trees.set(sha, sorted);
    return sha;
  }

  /** A tree (and its subtrees) from a flat path → file map. */
  buildTree(flat: Flat): string {
    const here: TreeEntry[] = [];
    const dirs = new Map<string, Flat>();
    for (const [path, entry] of flat) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        here.push({ name: path, ...entry });
        continue;
      }
      const dir = path.slice(0, slash);
      if (!dirs.has(dir)) dirs.set(dir, new Map());
      dirs.get(dir)!.set(path.slice(slash + 1), entry);
    }
    for (const [name, sub] of dirs) here.push({ name, mode: "040000", type: "tree", sha: this.buildTree(sub) });
    return this.writeTree(here);
  }

  flatten(treeSha: string, prefix = "", into: Flat = new Map()): Flat {
    for (const e of this.trees.get(treeSha) ?? []) {
      const path = prefix + e.name;
      if (e.type === "tree") this.flatten(e.sha, `${path}/`, into);
      else into.set(path, { mode: e.mode, type: e.type, sha: e.sha });
    }
    return into;
  }

  /** Entries with their paths, subtrees first-listed like GitHub's `recursive=1`. */
  walk(treeSha: string, recursive: boolean, prefix = ""): (TreeEntry & { path: string })[] {
    const out: (TreeEntry & { path: string })[] = [];
    for (const e of this.trees.get(treeSha) ?? []) {
      out.push({ ...e, path: prefix + e.name });
      if (recursive && e.type === "tree") out.push(...this.walk(e.sha, true, `${prefix}${e.name}/`));
    }
    return out;
  }

  writeCommit(tree: string, parents: string[], message: string, author: Signature, committer: Signature = author): string {
    const line = (who: string, s: Signature) => `${who} ${s.name} <${s.email}> ${Math.floor(Date.parse(s.date) / 1000)} +0000\n`;
    const text = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join("")}${line("author", author)}${line("committer", committer)}\n${message}`;
    const sha = this.hash("commit", Buffer.from(text));
    this.commits.set(sha, { sha, tree, parents, message, author, committer });
    return sha;
  }

  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...(this.commits.get(s)?.parents ?? []));
    }
    return seen;
  }

  /** The nearest common ancestor (breadth-first from `b`), or undefined for unrelated histories. */
  mergeBase(a: string, b: string): string | undefined {
    const ofA = this.ancestors(a);
    const queue = [b];
    const seen = new Set<string>();
    while (queue.length) {
      const s = queue.shift()!;
      if (ofA.has(s)) return s;
      if (seen.has(s)) continue;
      seen.add(s);
      queue.push(...(this.commits.get(s)?.parents ?? []));
    }
    return undefined;
  }
}

const EMPTY: Flat = new Map();
const isText = (b: Buffer) => !b.subarray(0, 8000).includes(0);
/** GitHub wraps base64 content at 60 characters. */
const base64Lines = (b: Buffer) => (b.toString("base64").match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
const isSha = (s: string) => /^[0-9a-f]{40}$/.test(s);

// ---------------------------------------------------------------------------------------------
// Diffs as GitHub lists them (compare, commit, pull request files)

function hunkRange(start: number, lines: number): string {
  // Git's notation: an empty side starts at the line before; a one-line side has no count.
  const at = lines === 0 ? start - 1 : start;
  return lines === 1 ? `${at}` : `${at},${lines}`;
}

/** GitHub's per-file `patch`: hunks only, no file headers. */
function patchOf(oldText: string, newText: string): { patch: string; additions: number; deletions: number } {
  const { hunks } = structuredPatch("a", "b", oldText, newText, undefined, undefined, { context: 3 });
  const lines: string[] = [];
  for (const h of hunks) {
    lines.push(`@@ -${hunkRange(h.oldStart, h.oldLines)} +${hunkRange(h.newStart, h.newLines)} @@`, ...h.lines);
  }
  const body = lines.filter((l) => !l.startsWith("@@"));
  return { patch: lines.join("\n"), additions: body.filter((l) => l.startsWith("+")).length, deletions: body.filter((l) => l.startsWith("-")).length };
}

function countPatch(patch: string): { additions: number; deletions: number } {
  const lines = patch.split("\n").filter((l) => !l.startsWith("@@"));
  return { additions: lines.filter((l) => l.startsWith("+")).length, deletions: lines.filter((l) => l.startsWith("-")).length };
}

// ---------------------------------------------------------------------------------------------
// Repository state

interface User {
  login: string;
  type: "User" | "Bot";
}

interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  user: User;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: User | null;
  comments: number;
  isPull: boolean;
}

interface PullRecord {
  number: number;
  id: number;
  headRef: string;
  /** The head's SHA when the branch is gone. */
  headSha: string;
  baseRef: string;
  draft: boolean;
  maintainerCanModify: boolean;
}

interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: User;
  createdAt: string;
  updatedAt: string;
}

interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: Json[];
}

interface RepoRecord {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  hasIssues: boolean;
  installed: boolean;
  /** `heads/main` → commit SHA. */
  refs: Map<string, string>;
  /** Issues and pull requests (which are issues too), by number. */
  issues: Map<number, IssueRecord>;
  pulls: Map<number, PullRecord>;
  comments: Map<number, CommentRecord>;
  reactions: { comment_id: number; id: number; content: string; user: User; createdAt: string }[];
  labels: Map<string, { id: number; name: string; color: string; description: string | null }>;
  checkRuns: Map<number, CheckRunRecord>;
  dispatches: FakeDispatch[];
  compare: Map<string, FakeDiffFile[]>;
  commitFiles: Map<string, FakeDiffFile[]>;
  pullFiles: Map<number, FakeDiffFile[]>;
  workflows: Map<string, Json>;
  workflowRuns: Map<string, Json[]>;
}

const ROLE_BASE: Record<RepoRole, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };
const ROLE_RANK: RepoRole[] = ["none", "read", "triage", "write", "maintain", "admin"];
const ISSUE_BODY_MAX = 65536;
const CHECK_TEXT_MAX = 65535;

/** Paths Lodestar must never write (DESIGN §4): workflows, and CODEOWNERS wherever GitHub reads it. */
function protectedPath(path: string): string | undefined {
  const p = path.replace(/^\/+/, "");
  if (p === ".github/workflows" || p.startsWith(".github/workflows/")) return "touches .github/workflows";
  if (/^(\.github\/|docs\/)?CODEOWNERS$/.test(p)) return "touches CODEOWNERS";
  return undefined;
}

/** A path GitHub refuses in a tree (or that would point outside the repository). */
function malformedPath(path: string): boolean {
  return path === "" || path.startsWith("/") || path.endsWith("/") || path.includes("\0") || path.split("/").some((s) => s === "" || s === "." || s === ".." || s.toLowerCase() === ".git");
}

// ---------------------------------------------------------------------------------------------
// Routing

type AuthNeed = "app" | "installation";
interface Call {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  headers: http.IncomingHttpHeaders;
  /** The request's URL without the page parameter's value, for `link` headers. */
  pageUrl: (page: number) => string;
  /** Records a broken rule and refuses the request (403). */
  refuse: (why: string) => never;
}
type Handler = (call: Call) => Reply;
interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: AuthNeed;
  handler: Handler;
}

/** Matches `actual` (decoded segments) against a template; `{name+}` spans one or more segments. */
function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const multi = template.findIndex((s) => s.endsWith("+}"));
  if (multi < 0 ? template.length !== actual.length : actual.length < template.length) return undefined;
  const params: Record<string, string> = {};
  const tail = multi < 0 ? 0 : template.length - multi - 1;
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const param = /^\{(\w+)\+?\}$/.exec(t)?.[1];
    if (i === multi) {
      params[param!] = actual.slice(i, actual.length - tail).join("/");
      continue;
    }
    const a = multi >= 0 && i > multi ? actual[actual.length - (template.length - i)]! : actual[i]!;
    if (param) {
      if (a === "") return undefined;
      params[param] = a;
    } else if (t !== a) return undefined;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// The fake

/**
 * Starts the fake on a free loopback port. Close it with `close()` (after each test).
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const appSlug = options.appSlug ?? "lodestar";
  const appId = options.appId ?? TEST_APP_ID;
  const installationId = options.installationId ?? TEST_INSTALLATION_ID;
  const bot: User = { login: `${appSlug}[bot]`, type: "Bot" };
  const permissions = new Map(Object.entries(options.permissions ?? {}).map(([login, role]) => [login.toLowerCase(), role]));
  const requests: FakeGitHubRequest[] = [];
  const violations: string[] = [];
  const unhandled: string[] = [];

  let git = new GitStore();
  let repos = new Map<string, RepoRecord>();
  let nextId = 1_000_001;
  const newId = () => nextId++;
  // Second precision, like GitHub.
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

  let url = "";
  let apiUrl = "";

  // --- JSON shapes -----------------------------------------------------------------------------

  const userId = (login: string) => (login === bot.login ? 9_000_000 + appId : 1 + (parseInt(createHash("sha1").update(login.toLowerCase()).digest("hex").slice(0, 7), 16) % 9_000_000));
  const userJson = (u: User): Json => ({
    login: u.login,
    id: userId(u.login),
    node_id: `${u.type === "Bot" ? "BOT" : "U"}_fake${userId(u.login)}`,
    avatar_url: `${url}/avatars/${encodeURIComponent(u.login)}`,
    gravatar_id: "",
    url: `${apiUrl}/users/${encodeURIComponent(u.login)}`,
    html_url: u.type === "Bot" ? `${url}/apps/${appSlug}` : `${url}/${u.login}`,
    type: u.type,
    site_admin: false,
  });
  const appJson = (): Json => ({
    id: appId,
    slug: appSlug,
    node_id: `A_fake${appId}`,
    client_id: `Iv1.fake${appId}`,
    owner: userJson({ login: "lodestar-dev", type: "User" }),
    name: appSlug.charAt(0).toUpperCase() + appSlug.slice(1),
    description: "",
    external_url: `${url}/apps/${appSlug}`,
    html_url: `${url}/apps/${appSlug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: tokenPermissions(),
    events: ["check_run", "issue_comment", "issues", "pull_request", "push"],
    installations_count: 1,
  });
  const tokenPermissions = (): Record<string, string> => ({ actions: "read", checks: "write", contents: "write", issues: "write", metadata: "read", pull_requests: "write" });
  const installationJson = (account = "lodestar-dev"): Json => ({
    id: installationId,
    account: userJson({ login: account, type: "User" }),
    repository_selection: "all",
    access_tokens_url: `${apiUrl}/app/installations/${installationId}/access_tokens`,
    repositories_url: `${apiUrl}/installation/repositories`,
    html_url: `${url}/settings/installations/${installationId}`,
    app_id: appId,
    app_slug: appSlug,
    target_id: userId(account),
    target_type: "User",
    permissions: tokenPermissions(),
    events: appJson()["events"],
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  });

  const repoApi = (r: RepoRecord) => `${apiUrl}/repos/${r.owner}/${r.name}`;
  const repoHtml = (r: RepoRecord) => `${url}/${r.owner}/${r.name}`;
  const repoJson = (r: RepoRecord): Json => ({
    id: r.id,
    node_id: `R_fake${r.id}`,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: userJson({ login: r.owner, type: "User" }),
    private: false,
    html_url: repoHtml(r),
    url: repoApi(r),
    fork: false,
    default_branch: r.defaultBranch,
    has_issues: r.hasIssues,
    archived: false,
    disabled: false,
    visibility: "public",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    pushed_at: "2024-01-01T00:00:00Z",
  });

  const association = (r: RepoRecord, u: User) => {
    if (u.type === "Bot") return "NONE";
    if (u.login.toLowerCase() === r.owner.toLowerCase()) return "OWNER";
    const role = permissions.get(u.login.toLowerCase()) ?? "none";
    return role === "none" ? "NONE" : "COLLABORATOR";
  };

  const labelJson = (r: RepoRecord, name: string): Json => {
    const l = r.labels.get(name.toLowerCase()) ?? { id: 0, name, color: "ededed", description: null };
    return { id: l.id, node_id: `LA_fake${l.id}`, url: `${repoApi(r)}/labels/${encodeURIComponent(l.name)}`, name: l.name, color: l.color, default: false, description: l.description };
  };

  const issueJson = (r: RepoRecord, i: IssueRecord, withClosedBy: boolean): Json => ({
    url: `${repoApi(r)}/issues/${i.number}`,
    repository_url: repoApi(r),
    labels_url: `${repoApi(r)}/issues/${i.number}/labels{/name}`,
    comments_url: `${repoApi(r)}/issues/${i.number}/comments`,
    events_url: `${repoApi(r)}/issues/${i.number}/events`,
    html_url: `${repoHtml(r)}/${i.isPull ? "pull" : "issues"}/${i.number}`,
    id: i.id,
    node_id: `${i.isPull ? "PR" : "I"}_fake${i.id}`,
    number: i.number,
    title: i.title,
    user: userJson(i.user),
    labels: i.labels.map((n) => labelJson(r, n)),
    state: i.state,
    state_reason: i.stateReason,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: i.comments,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    author_association: association(r, i.user),
    active_lock_reason: null,
    body: i.body,
    ...(i.isPull
      ? { draft: r.pulls.get(i.number)?.draft ?? false, pull_request: { url: `${repoApi(r)}/pulls/${i.number}`, html_url: `${repoHtml(r)}/pull/${i.number}`, diff_url: `${repoHtml(r)}/pull/${i.number}.diff`, patch_url: `${repoHtml(r)}/pull/${i.number}.patch`, merged_at: null } }
      : {}),
    // Only the single-issue answer says who closed it (the list does not).
    ...(withClosedBy ? { closed_by: i.closedBy ? userJson(i.closedBy) : null } : {}),
  });

  const commentJson = (r: RepoRecord, c: CommentRecord): Json => ({
    id: c.id,
    node_id: `IC_fake${c.id}`,
    url: `${repoApi(r)}/issues/comments/${c.id}`,
    html_url: `${repoHtml(r)}/${r.issues.get(c.issueNumber)?.isPull ? "pull" : "issues"}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${repoApi(r)}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: association(r, c.user),
  });

  const checkRunJson = (r: RepoRecord, c: CheckRunRecord): Json => ({
    id: c.id,
    node_id: `CR_fake${c.id}`,
    head_sha: c.headSha,
    external_id: c.externalId,
    url: `${repoApi(r)}/check-runs/${c.id}`,
    html_url: `${repoHtml(r)}/runs/${c.id}`,
    details_url: c.detailsUrl,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: { ...c.output, annotations_count: c.annotations.length, annotations_url: `${repoApi(r)}/check-runs/${c.id}/annotations` },
    name: c.name,
    check_suite: { id: c.id + 500_000 },
    app: appJson(),
    pull_requests: [],
  });

  const commitRefJson = (r: RepoRecord, sha: string) => ({ sha, url: `${repoApi(r)}/git/commits/${sha}`, html_url: `${repoHtml(r)}/commit/${sha}` });
  const gitCommitJson = (r: RepoRecord, c: CommitObject): Json => ({
    sha: c.sha,
    node_id: `C_fake${c.sha.slice(0, 12)}`,
    url: `${repoApi(r)}/git/commits/${c.sha}`,
    html_url: `${repoHtml(r)}/commit/${c.sha}`,
    author: c.author,
    committer: c.committer,
    message: c.message,
    tree: { sha: c.tree, url: `${repoApi(r)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => commitRefJson(r, p)),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  });
  const commitJson = (r: RepoRecord, c: CommitObject, sha: string, files: Json[]): Json => ({
    sha,
    node_id: `C_fake${sha.slice(0, 12)}`,
    commit: { author: c.author, committer: c.committer, message: c.message, tree: { sha: c.tree, url: `${repoApi(r)}/git/trees/${c.tree}` }, url: `${repoApi(r)}/git/commits/${sha}`, comment_count: 0, verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null } },
    url: `${repoApi(r)}/commits/${sha}`,
    html_url: `${repoHtml(r)}/commit/${sha}`,
    comments_url: `${repoApi(r)}/commits/${sha}/comments`,
    author: null,
    committer: null,
    parents: c.parents.map((p) => commitRefJson(r, p)),
    stats: { additions: sum(files, "additions"), deletions: sum(files, "deletions"), total: sum(files, "changes") },
    files,
  });
  const sum = (files: Json[], key: string) => files.reduce((n, f) => n + (typeof f[key] === "number" ? (f[key] as number) : 0), 0);

  const refJson = (r: RepoRecord, ref: string, sha: string): Json => ({
    ref: `refs/${ref}`,
    node_id: `REF_fake${ref}`,
    url: `${repoApi(r)}/git/refs/${ref}`,
    object: { type: "commit", sha, url: `${repoApi(r)}/git/commits/${sha}` },
  });

  const contentJson = (r: RepoRecord, path: string, e: FlatEntry | TreeEntry, ref: string, withContent: boolean): Json => {
    const size = e.type === "blob" ? (git.blobs.get(e.sha)?.length ?? 0) : 0;
    const type = e.type === "tree" ? "dir" : e.type === "commit" ? "submodule" : e.mode === "120000" ? "symlink" : "file";
    const self = `${repoApi(r)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
    const gitUrl = `${repoApi(r)}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`;
    const html = `${repoHtml(r)}/${e.type === "tree" ? "tree" : "blob"}/${ref}/${path}`;
    return {
      type,
      ...(withContent && type === "file" ? { encoding: "base64", content: base64Lines(git.blobs.get(e.sha) ?? Buffer.alloc(0)) } : {}),
      size,
      name: path.split("/").pop(),
      path,
      sha: e.sha,
      url: self,
      git_url: gitUrl,
      html_url: html,
      download_url: type === "file" ? `${url}/raw/${r.owner}/${r.name}/${ref}/${path}` : null,
      _links: { self, git: gitUrl, html },
    };
  };

  const diffFileJson = (r: RepoRecord, f: FakeDiffFile, ref: string): Json => {
    let sha = f.sha;
    let patch = f.patch;
    if (f.content !== undefined) {
      sha ??= git.writeBlob(Buffer.from(f.content));
      if (patch === undefined && (f.status ?? "added") === "added") patch = patchOf("", f.content).patch;
    }
    const counts = patch !== undefined ? countPatch(patch) : { additions: 0, deletions: 0 };
    const additions = f.additions ?? counts.additions;
    const deletions = f.deletions ?? counts.deletions;
    return {
      sha: sha ?? null,
      filename: f.filename,
      status: f.status ?? (f.content !== undefined && f.patch === undefined ? "added" : "modified"),
      additions,
      deletions,
      changes: f.changes ?? additions + deletions,
      blob_url: `${repoHtml(r)}/blob/${ref}/${f.filename}`,
      raw_url: `${repoHtml(r)}/raw/${ref}/${f.filename}`,
      contents_url: `${repoApi(r)}/contents/${f.filename}?ref=${ref}`,
      ...(patch !== undefined ? { patch } : {}),
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
    };
  };

  /** The files that differ between two flattened trees, as GitHub lists them. */
  const diffTrees = (r: RepoRecord, base: Flat, head: Flat, ref: string): Json[] => {
    const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
    const files: Json[] = [];
    for (const path of paths) {
      const a = base.get(path);
      const b = head.get(path);
      if (a && b && a.sha === b.sha && a.mode === b.mode) continue;
      const status = !a ? "added" : !b ? "removed" : a.sha === b.sha ? "changed" : "modified";
      const oldBlob = a?.type === "blob" ? git.blobs.get(a.sha) : undefined;
      const newBlob = b?.type === "blob" ? git.blobs.get(b.sha) : undefined;
      const text = (oldBlob === undefined || isText(oldBlob)) && (newBlob === undefined || isText(newBlob));
      const file: FakeDiffFile = { filename: path, status, sha: (b ?? a)!.sha };
      if (text && (a?.type ?? "blob") === "blob" && (b?.type ?? "blob") === "blob" && status !== "changed") {
        const p = patchOf(oldBlob?.toString("utf8") ?? "", newBlob?.toString("utf8") ?? "");
        Object.assign(file, p);
      }
      files.push(diffFileJson(r, file, ref));
    }
    return files;
  };

  // --- Repositories ------------------------------------------------------------------------------

  const initialSignature: Signature = { name: "Octocat", email: "octocat@users.noreply.github.com", date: "2024-01-01T00:00:00Z" };

  function commitFiles(files: Record<string, string>, parents: string[], message: string, signature = initialSignature): string {
    const flat: Flat = new Map();
    for (const [path, text] of Object.entries(files)) flat.set(path.replace(/^\/+/, ""), { mode: "100644", type: "blob", sha: git.writeBlob(Buffer.from(text)) });
    return git.writeCommit(git.buildTree(flat), parents, message, signature);
  }

  function repoOf(owner: string, name: string): RepoRecord {
    const key = `${owner}/${name}`.toLowerCase();
    let r = repos.get(key);
    if (r) return r;
    const settings = Object.entries(options.repos ?? {}).find(([k]) => k.toLowerCase() === key)?.[1] ?? {};
    const defaultBranch = settings.defaultBranch ?? options.defaultBranch ?? "main";
    const tip = commitFiles(settings.files ?? options.files ?? {}, [], "Initial commit");
    r = {
      owner,
      name,
      id: newId(),
      defaultBranch,
      hasIssues: settings.hasIssues ?? true,
      installed: settings.installed ?? true,
      refs: new Map([[`heads/${defaultBranch}`, tip]]),
      issues: new Map(),
      pulls: new Map(),
      comments: new Map(),
      reactions: [],
      labels: new Map(),
      checkRuns: new Map(),
      dispatches: [],
      compare: new Map(),
      commitFiles: new Map(),
      pullFiles: new Map(),
      workflows: new Map(),
      workflowRuns: new Map(),
    };
    repos.set(key, r);
    return r;
  }
  const repoByName = (fullName: string) => {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new Error(`fake GitHub: "${fullName}" is not owner/repo`);
    return repoOf(owner, name);
  };
  const repoCall = (c: Call) => repoOf(c.params["owner"]!, c.params["repo"]!);

  const tipOf = (r: RepoRecord, branch = r.defaultBranch) => r.refs.get(`heads/${branch}`);

  /** A branch, tag, `heads/x` or commit SHA; an unknown full SHA reads as the default tip (`known: false`). */
  function resolveCommit(r: RepoRecord, ref: string | undefined): { sha: string; commit: CommitObject; known: boolean } | undefined {
    const name = (ref ?? r.defaultBranch).replace(/^refs\//, "");
    const sha = r.refs.get(`heads/${name}`) ?? r.refs.get(`tags/${name}`) ?? r.refs.get(name) ?? (git.commits.has(name) ? name : undefined);
    if (sha) return { sha, commit: git.commits.get(sha)!, known: true };
    if (isSha(name)) {
      const tip = tipOf(r)!;
      return { sha: name, commit: git.commits.get(tip)!, known: false };
    }
    return undefined;
  }

  const nextNumber = (r: RepoRecord) => Math.max(0, ...r.issues.keys()) + 1;

  function issueOf(r: RepoRecord, raw: string | undefined, { issuesOnly = false } = {}): IssueRecord {
    const n = Number(raw);
    const issue = Number.isInteger(n) ? r.issues.get(n) : undefined;
    if (!issue) throw notFound();
    if (issuesOnly && !issue.isPull && !r.hasIssues) throw new GitHubError(410, "Issues are disabled for this repo");
    return issue;
  }
  const requireIssues = (r: RepoRecord) => {
    if (!r.hasIssues) throw new GitHubError(410, "Issues are disabled for this repo");
  };

  function addIssueRecord(r: RepoRecord, fields: { title: string; body: string | null; labels: unknown[]; user: User; number?: number; isPull?: boolean }): IssueRecord {
    const at = now();
    const issue: IssueRecord = {
      id: newId(),
      number: fields.number ?? nextNumber(r),
      title: fields.title,
      body: fields.body,
      state: "open",
      stateReason: null,
      labels: [],
      user: fields.user,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      comments: 0,
      isPull: fields.isPull ?? false,
    };
    setLabels(r, issue, fields.labels);
    r.issues.set(issue.number, issue);
    return issue;
  }

  /** GitHub creates a label that does not exist yet when an issue is given it (with push access). */
  function ensureLabel(r: RepoRecord, name: string): string {
    const existing = r.labels.get(name.toLowerCase());
    if (existing) return existing.name;
    if (name.length > 50) throw validationFailed({ resource: "Label", code: "invalid", field: "name" });
    r.labels.set(name.toLowerCase(), { id: newId(), name, color: "ededed", description: null });
    return name;
  }
  function setLabels(r: RepoRecord, issue: IssueRecord, labels: unknown[]) {
    const names = labels.map((l) => (typeof l === "string" ? l : String((l as Json)?.["name"] ?? ""))).filter((n) => n !== "");
    issue.labels = [...new Set(names.map((n) => ensureLabel(r, n)))];
  }

  function close(issue: IssueRecord, by: User, reason: string | null) {
    const at = now();
    issue.state = "closed";
    issue.stateReason = issue.isPull ? null : (reason ?? "completed");
    issue.closedAt = at;
    issue.closedBy = by;
    issue.updatedAt = at;
  }
  function reopen(issue: IssueRecord) {
    issue.state = "open";
    issue.stateReason = issue.isPull ? null : "reopened";
    issue.closedAt = null;
    issue.closedBy = null;
    issue.updatedAt = now();
  }

  function checkLength(resource: string, field: string, value: unknown, max: number) {
    if (typeof value === "string" && value.length > max) {
      throw validationFailed({ resource, code: "custom", field, message: `${field} is too long (maximum is ${max} characters)` });
    }
  }

  const pullHeadSha = (r: RepoRecord, p: PullRecord) => tipOf(r, p.headRef) ?? p.headSha;
  const pullFilesOf = (r: RepoRecord, p: PullRecord): Json[] => {
    const head = pullHeadSha(r, p);
    const base = tipOf(r, p.baseRef);
    const from = base ? git.mergeBase(base, head) : undefined;
    const flatOf = (sha: string | undefined) => (sha ? git.flatten(git.commits.get(sha)!.tree) : EMPTY);
    return diffTrees(r, flatOf(from), flatOf(head), head);
  };

  const branchJson = (r: RepoRecord, ref: string, sha: string) => ({ label: `${r.owner}:${ref}`, ref, sha, user: userJson({ login: r.owner, type: "User" }), repo: repoJson(r) });
  const pullJson = (r: RepoRecord, p: PullRecord): Json => {
    const issue = r.issues.get(p.number)!;
    const files = pullFilesOf(r, p);
    const head = pullHeadSha(r, p);
    const base = tipOf(r, p.baseRef) ?? head;
    const commits = [...git.ancestors(head)].filter((s) => !git.ancestors(base).has(s)).length;
    const api = `${repoApi(r)}/pulls/${p.number}`;
    return {
      url: api,
      id: p.id,
      node_id: `PR_fake${p.id}`,
      html_url: `${repoHtml(r)}/pull/${p.number}`,
      diff_url: `${repoHtml(r)}/pull/${p.number}.diff`,
      patch_url: `${repoHtml(r)}/pull/${p.number}.patch`,
      issue_url: `${repoApi(r)}/issues/${p.number}`,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${repoApi(r)}/pulls/comments{/number}`,
      comments_url: `${repoApi(r)}/issues/${p.number}/comments`,
      statuses_url: `${repoApi(r)}/statuses/${head}`,
      number: p.number,
      state: issue.state,
      locked: false,
      title: issue.title,
      user: userJson(issue.user),
      body: issue.body,
      labels: issue.labels.map((n) => labelJson(r, n)),
      milestone: null,
      active_lock_reason: null,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branchJson(r, p.headRef, head),
      base: branchJson(r, p.baseRef, base),
      _links: { self: { href: api }, html: { href: `${repoHtml(r)}/pull/${p.number}` }, issue: { href: `${repoApi(r)}/issues/${p.number}` } },
      author_association: association(r, issue.user),
      auto_merge: null,
      draft: p.draft,
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: "unknown",
      merged_by: null,
      comments: issue.comments,
      review_comments: 0,
      maintainer_can_modify: p.maintainerCanModify,
      commits,
      additions: sum(files, "additions"),
      deletions: sum(files, "deletions"),
      changed_files: files.length,
    };
  };

  // --- Pagination --------------------------------------------------------------------------------

  function paginate<T>(c: Call, items: T[]): Reply {
    const perPage = Math.min(100, Math.max(1, Number(c.query.get("per_page") ?? 30) || 30));
    const page = Math.max(1, Number(c.query.get("page") ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    if (page < last) links.push(`<${c.pageUrl(page + 1)}>; rel="next"`, `<${c.pageUrl(last)}>; rel="last"`);
    if (page > 1) links.push(`<${c.pageUrl(1)}>; rel="first"`, `<${c.pageUrl(Math.min(page - 1, last))}>; rel="prev"`);
    return ok(items.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(", ") } : undefined);
  }

  // --- Routes ------------------------------------------------------------------------------------

  const routes: Route[] = [];
  const on = (method: string, template: string, handler: Handler, auth: AuthNeed = "installation") =>
    routes.push({ method, template, segments: template.split("/").slice(1), auth, handler });
  const R = "/repos/{owner}/{repo}";

  // App and installation (the app's JWT)
  on("GET", "/app", () => ok(appJson()), "app");
  on("GET", "/app/installations", (c) => paginate(c, [installationJson()]), "app");
  on(
    "GET",
    "/app/installations/{installation_id}",
    (c) => {
      if (Number(c.params["installation_id"]) !== installationId) throw notFound();
      return ok(installationJson());
    },
    "app",
  );
  on(
    "POST",
    "/app/installations/{installation_id}/access_tokens",
    (c) => {
      if (Number(c.params["installation_id"]) !== installationId) throw notFound();
      const requested = c.body["permissions"] as Record<string, string> | undefined;
      return created({
        token: `ghs_${randomBytes(18).toString("hex")}`,
        expires_at: new Date(Date.now() + 60 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: requested ?? tokenPermissions(),
        repository_selection: "all",
      });
    },
    "app",
  );
  on(
    "GET",
    `${R}/installation`,
    (c) => {
      const r = repoCall(c);
      if (!r.installed) throw notFound();
      return ok(installationJson(r.owner));
    },
    "app",
  );

  // Repository
  on("GET", R, (c) => ok(repoJson(repoCall(c))));
  on("GET", `${R}/branches/{branch+}`, (c) => {
    const r = repoCall(c);
    const sha = tipOf(r, c.params["branch"]);
    if (!sha) throw notFound("Branch not found");
    return ok({ name: c.params["branch"], commit: commitJson(r, git.commits.get(sha)!, sha, []), protected: c.params["branch"] === r.defaultBranch });
  });
  on("GET", `${R}/collaborators/{username}/permission`, (c) => {
    const login = c.params["username"]!;
    const role = permissions.get(login.toLowerCase()) ?? "none";
    const at = (least: RepoRole) => ROLE_RANK.indexOf(role) >= ROLE_RANK.indexOf(least);
    return ok({
      permission: ROLE_BASE[role],
      role_name: role,
      user: {
        ...userJson({ login, type: login.endsWith("[bot]") ? "Bot" : "User" }),
        permissions: { admin: at("admin"), maintain: at("maintain"), push: at("write"), triage: at("triage"), pull: at("read") },
        role_name: role,
      },
    });
  });

  // Contents
  on("GET", `${R}/contents/{path+}`, (c) => {
    const r = repoCall(c);
    const ref = c.query.get("ref") ?? undefined;
    const resolved = resolveCommit(r, ref);
    if (!resolved) throw notFound(`No commit found for the ref ${ref}`);
    const path = c.params["path"]!.replace(/^\/+|\/+$/g, "");
    const shownRef = ref ?? r.defaultBranch;
    const entries = git.walk(git.commits.get(resolved.commit.sha)!.tree, true);
    const entry = entries.find((e) => e.path === path);
    if (!entry) throw notFound();
    if (entry.type === "tree") return ok(git.walk(entry.sha, false, `${path}/`).map((e) => contentJson(r, e.path, e, shownRef, false)));
    const raw = /application\/vnd\.github(\.v3)?\.raw/.test(String(c.headers["accept"] ?? ""));
    // Raw text, not JSON: Probot's config plugin takes a JSON answer for a directory.
    if (raw && entry.type === "blob") return { status: 200, text: (git.blobs.get(entry.sha) ?? Buffer.alloc(0)).toString("utf8") };
    return ok(contentJson(r, path, entry, shownRef, true));
  });
  on("PUT", `${R}/contents/{path+}`, (c) => {
    const r = repoCall(c);
    const path = c.params["path"]!;
    const guard = protectedPath(path);
    if (guard) c.refuse(guard);
    if (malformedPath(path)) c.refuse(`writes the malformed path ${JSON.stringify(path)}`);
    const branch = typeof c.body["branch"] === "string" ? (c.body["branch"] as string) : r.defaultBranch;
    if (branch === r.defaultBranch) c.refuse(`pushes to the default branch (${r.defaultBranch})`);
    const tip = tipOf(r, branch);
    if (!tip) throw notFound(`Branch ${branch} not found`);
    const flat = git.flatten(git.commits.get(tip)!.tree);
    const existing = flat.get(path);
    if (existing && c.body["sha"] === undefined) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
    if (existing && c.body["sha"] !== existing.sha) throw new GitHubError(409, `${path} does not match ${String(c.body["sha"])}`);
    const sha = git.writeBlob(Buffer.from(String(c.body["content"] ?? ""), "base64"));
    flat.set(path, { mode: "100644", type: "blob", sha });
    const signature = { ...initialSignature, name: bot.login, email: `${userId(bot.login)}+${bot.login}@users.noreply.github.com`, date: now() };
    const commit = git.writeCommit(git.buildTree(flat), [tip], String(c.body["message"] ?? ""), signature);
    r.refs.set(`heads/${branch}`, commit);
    const reply = { content: contentJson(r, path, flat.get(path)!, branch, false), commit: gitCommitJson(r, git.commits.get(commit)!) };
    return existing ? ok(reply) : created(reply);
  });

  // Issues
  on("GET", `${R}/issues`, (c) => {
    const r = repoCall(c);
    requireIssues(r);
    const state = c.query.get("state") ?? "open";
    const labels = (c.query.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter(Boolean);
    const creator = c.query.get("creator")?.toLowerCase();
    const since = c.query.get("since");
    const sort = c.query.get("sort") ?? "created";
    const direction = c.query.get("direction") ?? "desc";
    const key = (i: IssueRecord) => (sort === "updated" ? i.updatedAt : sort === "comments" ? String(i.comments).padStart(9, "0") : i.createdAt);
    const list = [...r.issues.values()]
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((n) => n.toLowerCase() === l)))
      .filter((i) => !creator || i.user.login.toLowerCase() === creator)
      .filter((i) => !since || i.updatedAt >= since)
      // Ties (same second) by number, so the newest is still first.
      .sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1) * (direction === "asc" ? 1 : -1));
    return paginate(
      c,
      list.map((i) => issueJson(r, i, false)),
    );
  });
  on("POST", `${R}/issues`, (c) => {
    const r = repoCall(c);
    requireIssues(r);
    checkLength("Issue", "title", c.body["title"], 256);
    checkLength("Issue", "body", c.body["body"], ISSUE_BODY_MAX);
    const issue = addIssueRecord(r, {
      title: String(c.body["title"] ?? ""),
      body: typeof c.body["body"] === "string" ? (c.body["body"] as string) : null,
      labels: Array.isArray(c.body["labels"]) ? (c.body["labels"] as unknown[]) : [],
      user: bot,
    });
    return created(issueJson(r, issue, true));
  });
  on("GET", `${R}/issues/comments/{comment_id}`, (c) => {
    const r = repoCall(c);
    const comment = r.comments.get(Number(c.params["comment_id"]));
    if (!comment) throw notFound();
    return ok(commentJson(r, comment));
  });
  on("PATCH", `${R}/issues/comments/{comment_id}`, (c) => {
    const r = repoCall(c);
    const comment = r.comments.get(Number(c.params["comment_id"]));
    if (!comment) throw notFound();
    checkLength("IssueComment", "body", c.body["body"], ISSUE_BODY_MAX);
    comment.body = String(c.body["body"]);
    comment.updatedAt = now();
    return ok(commentJson(r, comment));
  });
  on("POST", `${R}/issues/comments/{comment_id}/reactions`, (c) => {
    const r = repoCall(c);
    // Lenient: the comment may come from a webhook payload the fake never saw written.
    const commentId = Number(c.params["comment_id"]);
    if (!Number.isInteger(commentId)) throw notFound();
    const content = String(c.body["content"]);
    const reactionJson = (x: RepoRecord["reactions"][number]) => ({ id: x.id, node_id: `REA_fake${x.id}`, user: userJson(x.user), content: x.content, created_at: x.createdAt });
    const existing = r.reactions.find((x) => x.comment_id === commentId && x.content === content && x.user.login === bot.login);
    if (existing) return ok(reactionJson(existing));
    const reaction = { comment_id: commentId, id: newId(), content, user: bot, createdAt: now() };
    r.reactions.push(reaction);
    return created(reactionJson(reaction));
  });
  on("GET", `${R}/issues/{issue_number}`, (c) => {
    const r = repoCall(c);
    return ok(issueJson(r, issueOf(r, c.params["issue_number"], { issuesOnly: true }), true));
  });
  on("PATCH", `${R}/issues/{issue_number}`, (c) => {
    const r = repoCall(c);
    const issue = issueOf(r, c.params["issue_number"], { issuesOnly: true });
    checkLength("Issue", "title", c.body["title"], 256);
    checkLength("Issue", "body", c.body["body"], ISSUE_BODY_MAX);
    if (typeof c.body["title"] === "string" || typeof c.body["title"] === "number") issue.title = String(c.body["title"]);
    if ("body" in c.body) issue.body = typeof c.body["body"] === "string" ? (c.body["body"] as string) : null;
    if (Array.isArray(c.body["labels"])) setLabels(r, issue, c.body["labels"] as unknown[]);
    const reason = typeof c.body["state_reason"] === "string" ? (c.body["state_reason"] as string) : null;
    if (c.body["state"] === "closed" && issue.state === "open") close(issue, bot, reason);
    else if (c.body["state"] === "open" && issue.state === "closed") reopen(issue);
    else if (c.body["state"] === "closed" && reason && !issue.isPull) issue.stateReason = reason;
    issue.updatedAt = now();
    return ok(issueJson(r, issue, true));
  });
  on("GET", `${R}/issues/{issue_number}/comments`, (c) => {
    const r = repoCall(c);
    const issue = issueOf(r, c.params["issue_number"], { issuesOnly: true });
    const since = c.query.get("since");
    return paginate(
      c,
      [...r.comments.values()].filter((x) => x.issueNumber === issue.number && (!since || x.updatedAt >= since)).map((x) => commentJson(r, x)),
    );
  });
  on("POST", `${R}/issues/{issue_number}/comments`, (c) => {
    const r = repoCall(c);
    const n = Number(c.params["issue_number"]);
    if (!Number.isInteger(n) || n < 1) throw notFound();
    // Lenient: an issue from a webhook payload the fake was not told about exists, as a user's.
    const issue = r.issues.get(n) ?? addIssueRecord(r, { number: n, title: `Issue #${n}`, body: null, labels: [], user: { login: r.owner, type: "User" } });
    if (!issue.isPull) requireIssues(r);
    checkLength("IssueComment", "body", c.body["body"], ISSUE_BODY_MAX);
    const at = now();
    const comment: CommentRecord = { id: newId(), issueNumber: issue.number, body: String(c.body["body"]), user: bot, createdAt: at, updatedAt: at };
    r.comments.set(comment.id, comment);
    issue.comments++;
    issue.updatedAt = at;
    return created(commentJson(r, comment));
  });
  on("POST", `${R}/issues/{issue_number}/labels`, (c) => {
    const r = repoCall(c);
    const issue = issueOf(r, c.params["issue_number"], { issuesOnly: true });
    const added = Array.isArray(c.body) ? (c.body as unknown[]) : Array.isArray(c.body["labels"]) ? (c.body["labels"] as unknown[]) : [];
    setLabels(r, issue, [...issue.labels, ...added]);
    issue.updatedAt = now();
    return ok(issue.labels.map((n) => labelJson(r, n)));
  });
  on("DELETE", `${R}/issues/{issue_number}/labels/{name}`, (c) => {
    const r = repoCall(c);
    const issue = issueOf(r, c.params["issue_number"], { issuesOnly: true });
    const name = c.params["name"]!.toLowerCase();
    if (!issue.labels.some((l) => l.toLowerCase() === name)) throw notFound("Label does not exist");
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
    issue.updatedAt = now();
    return ok(issue.labels.map((n) => labelJson(r, n)));
  });
  on("POST", `${R}/labels`, (c) => {
    const r = repoCall(c);
    const name = String(c.body["name"]);
    if (r.labels.has(name.toLowerCase())) throw validationFailed({ resource: "Label", code: "already_exists", field: "name" });
    ensureLabel(r, name);
    const label = r.labels.get(name.toLowerCase())!;
    if (typeof c.body["color"] === "string") label.color = (c.body["color"] as string).replace(/^#/, "");
    if (typeof c.body["description"] === "string") label.description = c.body["description"] as string;
    return created(labelJson(r, name));
  });
  on("GET", `${R}/labels/{name}`, (c) => {
    const r = repoCall(c);
    if (!r.labels.has(c.params["name"]!.toLowerCase())) throw notFound();
    return ok(labelJson(r, c.params["name"]!));
  });

  // Check runs
  const applyCheckOutput = (c: Call, run: CheckRunRecord) => {
    const output = c.body["output"] as Json | undefined;
    if (!output) return;
    checkLength("CheckRun", "output.summary", output["summary"], CHECK_TEXT_MAX);
    checkLength("CheckRun", "output.text", output["text"], CHECK_TEXT_MAX);
    const annotations = Array.isArray(output["annotations"]) ? (output["annotations"] as Json[]) : [];
    if (annotations.length > 50) throw unprocessable("Invalid request.\n\nOnly 50 annotations are allowed per request.");
    run.output = {
      title: typeof output["title"] === "string" ? (output["title"] as string) : run.output.title,
      summary: typeof output["summary"] === "string" ? (output["summary"] as string) : run.output.summary,
      text: typeof output["text"] === "string" ? (output["text"] as string) : run.output.text,
    };
    // GitHub appends the annotations of each update to the run's.
    run.annotations.push(...annotations);
  };
  const applyCheckStatus = (c: Call, run: CheckRunRecord) => {
    const conclusion = c.body["conclusion"];
    const status = c.body["status"];
    if (status === "completed" && typeof conclusion !== "string") throw unprocessable('Invalid request.\n\n"conclusion" wasn\'t supplied.');
    if (typeof conclusion === "string") {
      run.conclusion = conclusion;
      run.status = "completed";
      run.completedAt = typeof c.body["completed_at"] === "string" ? (c.body["completed_at"] as string) : now();
    } else if (typeof status === "string") run.status = status;
  };
  on("POST", `${R}/check-runs`, (c) => {
    const r = repoCall(c);
    const headSha = String(c.body["head_sha"] ?? "");
    if (!isSha(headSha) || !resolveCommit(r, headSha)) throw unprocessable(`No commit found for SHA: ${headSha}`);
    const run: CheckRunRecord = {
      id: newId(),
      name: String(c.body["name"] ?? ""),
      headSha,
      status: "queued",
      conclusion: null,
      startedAt: typeof c.body["started_at"] === "string" ? (c.body["started_at"] as string) : now(),
      completedAt: null,
      detailsUrl: typeof c.body["details_url"] === "string" ? (c.body["details_url"] as string) : null,
      externalId: typeof c.body["external_id"] === "string" ? (c.body["external_id"] as string) : null,
      output: { title: null, summary: null, text: null },
      annotations: [],
    };
    applyCheckStatus(c, run);
    applyCheckOutput(c, run);
    r.checkRuns.set(run.id, run);
    return created(checkRunJson(r, run));
  });
  const checkRunOf = (c: Call) => {
    const r = repoCall(c);
    const run = r.checkRuns.get(Number(c.params["check_run_id"]));
    if (!run) throw notFound();
    return { r, run };
  };
  on("GET", `${R}/check-runs/{check_run_id}`, (c) => {
    const { r, run } = checkRunOf(c);
    return ok(checkRunJson(r, run));
  });
  on("PATCH", `${R}/check-runs/{check_run_id}`, (c) => {
    const { r, run } = checkRunOf(c);
    if (typeof c.body["name"] === "string") run.name = c.body["name"] as string;
    if (typeof c.body["details_url"] === "string") run.detailsUrl = c.body["details_url"] as string;
    applyCheckStatus(c, run);
    applyCheckOutput(c, run);
    return ok(checkRunJson(r, run));
  });
  on("GET", `${R}/check-runs/{check_run_id}/annotations`, (c) => {
    const { run } = checkRunOf(c);
    return paginate(c, run.annotations);
  });
  on("GET", `${R}/commits/{ref+}/check-runs`, (c) => {
    const r = repoCall(c);
    const resolved = resolveCommit(r, c.params["ref"]);
    if (!resolved) throw unprocessable(`No commit found for SHA: ${c.params["ref"]}`);
    const name = c.query.get("check_name");
    const runs = [...r.checkRuns.values()].filter((x) => x.headSha === resolved.sha && (!name || x.name === name)).reverse();
    return ok({ total_count: runs.length, check_runs: runs.map((x) => checkRunJson(r, x)) });
  });

  // Git data
  on("GET", `${R}/git/trees/{tree_sha+}`, (c) => {
    const r = repoCall(c);
    const asked = c.params["tree_sha"]!;
    const treeSha = git.trees.has(asked) ? asked : resolveCommit(r, asked)?.commit.tree;
    if (!treeSha) throw notFound();
    const recursive = (c.query.get("recursive") ?? "") !== "" && c.query.get("recursive") !== "0" && c.query.get("recursive") !== "false";
    const tree = git.walk(treeSha, recursive).map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === "blob" ? { size: git.blobs.get(e.sha)?.length ?? 0 } : {}),
      url: `${repoApi(r)}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    }));
    return ok({ sha: treeSha, url: `${repoApi(r)}/git/trees/${treeSha}`, tree, truncated: false });
  });
  on("GET", `${R}/git/blobs/{file_sha}`, (c) => {
    const r = repoCall(c);
    const sha = c.params["file_sha"]!;
    const blob = git.blobs.get(sha);
    if (!blob) throw notFound();
    return ok({ sha, node_id: `B_fake${sha.slice(0, 12)}`, size: blob.length, url: `${repoApi(r)}/git/blobs/${sha}`, content: base64Lines(blob), encoding: "base64" });
  });
  on("POST", `${R}/git/blobs`, (c) => {
    const r = repoCall(c);
    const encoding = c.body["encoding"] === "base64" ? "base64" : "utf8";
    const sha = git.writeBlob(Buffer.from(String(c.body["content"] ?? ""), encoding));
    return created({ url: `${repoApi(r)}/git/blobs/${sha}`, sha });
  });
  on("POST", `${R}/git/trees`, (c) => {
    const r = repoCall(c);
    const entries = Array.isArray(c.body["tree"]) ? (c.body["tree"] as Json[]) : [];
    for (const e of entries) {
      const path = String(e["path"] ?? "");
      const guard = protectedPath(path);
      if (guard) c.refuse(`${guard} (tree entry ${path})`);
      if (malformedPath(path)) c.refuse(`writes the malformed path ${JSON.stringify(path)}`);
    }
    const baseTree = c.body["base_tree"];
    if (typeof baseTree === "string" && !git.trees.has(baseTree)) throw unprocessable("Invalid request.\n\nbase_tree is not a valid tree oid");
    const flat: Flat = typeof baseTree === "string" ? git.flatten(baseTree) : new Map();
    for (const e of entries) {
      const path = String(e["path"]);
      if (e["sha"] === null) {
        // Deleting a path removes a file or a whole folder.
        for (const p of [...flat.keys()]) if (p === path || p.startsWith(`${path}/`)) flat.delete(p);
        continue;
      }
      if (e["type"] === "tree") {
        const sub = String(e["sha"]);
        if (!git.trees.has(sub)) throw unprocessable(`Invalid request.\n\ntree.sha ${sub} is not a valid tree`);
        for (const p of [...flat.keys()]) if (p === path || p.startsWith(`${path}/`)) flat.delete(p);
        for (const [p, f] of git.flatten(sub)) flat.set(`${path}/${p}`, f);
        continue;
      }
      let sha = typeof e["sha"] === "string" ? (e["sha"] as string) : undefined;
      if (typeof e["content"] === "string") sha = git.writeBlob(Buffer.from(e["content"] as string));
      if (!sha || (e["type"] !== "commit" && !git.blobs.has(sha))) throw unprocessable(`Invalid request.\n\ntree.sha ${String(sha)} is not a valid blob`);
      flat.set(path, { mode: String(e["mode"] ?? "100644") as Mode, type: e["type"] === "commit" ? "commit" : "blob", sha });
    }
    const sha = git.buildTree(flat);
    const tree = git.walk(sha, false).map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha, ...(e.type === "blob" ? { size: git.blobs.get(e.sha)?.length ?? 0 } : {}), url: `${repoApi(r)}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}` }));
    return created({ sha, url: `${repoApi(r)}/git/trees/${sha}`, tree, truncated: false });
  });
  on("POST", `${R}/git/commits`, (c) => {
    const r = repoCall(c);
    const tree = String(c.body["tree"] ?? "");
    if (!git.trees.has(tree)) throw unprocessable("Tree SHA does not exist");
    const parents = Array.isArray(c.body["parents"]) ? (c.body["parents"] as unknown[]).map(String) : [];
    if (parents.some((p) => !git.commits.has(p))) throw unprocessable("Parent SHA does not exist or is not a commit object");
    const who = (x: unknown): Signature => {
      const s = (x ?? {}) as Json;
      return { name: String(s["name"] ?? bot.login), email: String(s["email"] ?? `${userId(bot.login)}+${bot.login}@users.noreply.github.com`), date: typeof s["date"] === "string" ? new Date(s["date"] as string).toISOString().replace(/\.\d{3}Z$/, "Z") : now() };
    };
    const author = who(c.body["author"]);
    const sha = git.writeCommit(tree, parents, String(c.body["message"] ?? ""), author, c.body["committer"] ? who(c.body["committer"]) : author);
    return created(gitCommitJson(r, git.commits.get(sha)!));
  });
  on("GET", `${R}/git/commits/{commit_sha}`, (c) => {
    const r = repoCall(c);
    const commit = git.commits.get(c.params["commit_sha"]!);
    if (!commit) throw notFound();
    return ok(gitCommitJson(r, commit));
  });
  on("GET", `${R}/git/ref/{ref+}`, (c) => {
    const r = repoCall(c);
    const ref = c.params["ref"]!;
    const sha = r.refs.get(ref);
    if (!sha) throw notFound();
    return ok(refJson(r, ref, sha));
  });
  on("POST", `${R}/git/refs`, (c) => {
    const r = repoCall(c);
    const full = String(c.body["ref"] ?? "");
    if (!/^refs\/[^/]+\/.+/.test(full)) throw unprocessable("Reference name is invalid");
    const ref = full.slice("refs/".length);
    if (ref === `heads/${r.defaultBranch}`) c.refuse(`pushes to the default branch (${r.defaultBranch})`);
    const sha = String(c.body["sha"] ?? "");
    if (!git.commits.has(sha)) throw unprocessable("Object does not exist");
    if (r.refs.has(ref)) throw unprocessable("Reference already exists");
    r.refs.set(ref, sha);
    return created(refJson(r, ref, sha));
  });
  on("PATCH", `${R}/git/refs/{ref+}`, (c) => {
    const r = repoCall(c);
    const ref = c.params["ref"]!;
    if (ref === `heads/${r.defaultBranch}`) c.refuse(`pushes to the default branch (${r.defaultBranch})`);
    const current = r.refs.get(ref);
    if (!current) throw unprocessable("Reference does not exist");
    const sha = String(c.body["sha"] ?? "");
    if (!git.commits.has(sha)) throw unprocessable("Object does not exist");
    if (c.body["force"] !== true && !git.ancestors(sha).has(current)) throw unprocessable("Update is not a fast forward");
    r.refs.set(ref, sha);
    return ok(refJson(r, ref, sha));
  });
  on("DELETE", `${R}/git/refs/{ref+}`, (c) => {
    const r = repoCall(c);
    const ref = c.params["ref"]!;
    if (ref === `heads/${r.defaultBranch}`) c.refuse(`deletes the default branch (${r.defaultBranch})`);
    if (!r.refs.delete(ref)) throw unprocessable("Reference does not exist");
    return noContent();
  });

  // Compare and commits
  const headFilesAdded = (r: RepoRecord, head: CommitObject, ref: string) => diffTrees(r, EMPTY, git.flatten(head.tree), ref);
  on("GET", `${R}/compare/{basehead+}`, (c) => {
    const r = repoCall(c);
    const basehead = c.params["basehead"]!;
    const [baseRef, headRef] = basehead.split("...");
    if (!baseRef || !headRef) throw notFound();
    const base = resolveCommit(r, baseRef.replace(/^[^:]+:/, ""));
    const head = resolveCommit(r, headRef.replace(/^[^:]+:/, ""));
    if (!base || !head) throw notFound();
    const set = r.compare.get(basehead);
    const known = base.known && head.known;
    const from = known ? git.mergeBase(base.sha, head.sha) : undefined;
    if (known && !from && !set) throw unprocessable(`No common ancestor between ${baseRef} and ${headRef}.`);
    const files = set
      ? set.map((f) => diffFileJson(r, f, head.sha))
      : known
        ? diffTrees(r, git.flatten(git.commits.get(from!)!.tree), git.flatten(head.commit.tree), head.sha)
        : headFilesAdded(r, head.commit, head.sha);
    const ahead = known ? [...git.ancestors(head.sha)].filter((s) => !git.ancestors(base.sha).has(s)) : [head.sha];
    const behind = known ? [...git.ancestors(base.sha)].filter((s) => !git.ancestors(head.sha).has(s)).length : 0;
    const status = ahead.length === 0 && behind === 0 ? "identical" : behind === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
    const commitOf = (sha: string) => commitJson(r, git.commits.get(sha) ?? head.commit, sha, []);
    return ok({
      url: `${repoApi(r)}/compare/${basehead}`,
      html_url: `${repoHtml(r)}/compare/${basehead}`,
      permalink_url: `${repoHtml(r)}/compare/${basehead}`,
      diff_url: `${repoHtml(r)}/compare/${basehead}.diff`,
      patch_url: `${repoHtml(r)}/compare/${basehead}.patch`,
      base_commit: commitOf(base.sha),
      merge_base_commit: commitOf(from ?? base.sha),
      status,
      ahead_by: ahead.length,
      behind_by: behind,
      total_commits: ahead.length,
      commits: ahead.reverse().map(commitOf),
      files,
    });
  });
  on("GET", `${R}/commits/{ref+}`, (c) => {
    const r = repoCall(c);
    const ref = c.params["ref"]!;
    const resolved = resolveCommit(r, ref);
    if (!resolved) throw unprocessable(`No commit found for SHA: ${ref}`);
    const set = r.commitFiles.get(ref) ?? r.commitFiles.get(resolved.sha);
    const parent = resolved.known ? resolved.commit.parents[0] : undefined;
    const files = set
      ? set.map((f) => diffFileJson(r, f, resolved.sha))
      : resolved.known
        ? diffTrees(r, parent ? git.flatten(git.commits.get(parent)!.tree) : EMPTY, git.flatten(resolved.commit.tree), resolved.sha)
        : headFilesAdded(r, resolved.commit, resolved.sha);
    return ok(commitJson(r, resolved.commit, resolved.sha, files));
  });

  // Pull requests
  const pullOf = (c: Call) => {
    const r = repoCall(c);
    const p = r.pulls.get(Number(c.params["pull_number"]));
    if (!p) throw notFound();
    return { r, p };
  };
  on("GET", `${R}/pulls`, (c) => {
    const r = repoCall(c);
    const state = c.query.get("state") ?? "open";
    // GitHub ignores a `head` filter that is not `owner:branch` (a classic bug: every PR comes back).
    const head = c.query.get("head");
    const [headOwner, headBranch] = head?.includes(":") ? [head.slice(0, head.indexOf(":")), head.slice(head.indexOf(":") + 1)] : [undefined, undefined];
    const base = c.query.get("base");
    const sort = c.query.get("sort") ?? "created";
    const direction = c.query.get("direction") ?? (sort === "created" ? "desc" : "desc");
    const list = [...r.pulls.values()]
      .filter((p) => state === "all" || r.issues.get(p.number)!.state === state)
      .filter((p) => headOwner === undefined || (headOwner.toLowerCase() === r.owner.toLowerCase() && p.headRef === headBranch))
      .filter((p) => !base || p.baseRef === base)
      .sort((a, b) => {
        const ia = r.issues.get(a.number)!;
        const ib = r.issues.get(b.number)!;
        const ka = sort === "updated" ? ia.updatedAt : ia.createdAt;
        const kb = sort === "updated" ? ib.updatedAt : ib.createdAt;
        return (ka === kb ? a.number - b.number : ka < kb ? -1 : 1) * (direction === "asc" ? 1 : -1);
      });
    return paginate(
      c,
      list.map((p) => pullJson(r, p)),
    );
  });
  on("POST", `${R}/pulls`, (c) => {
    const r = repoCall(c);
    const headArg = String(c.body["head"] ?? "");
    const [owner, headRef] = headArg.includes(":") ? [headArg.slice(0, headArg.indexOf(":")), headArg.slice(headArg.indexOf(":") + 1)] : [r.owner, headArg];
    const baseRef = String(c.body["base"] ?? "");
    if (owner.toLowerCase() !== r.owner.toLowerCase() || !tipOf(r, headRef)) throw validationFailed({ resource: "PullRequest", field: "head", code: "invalid" });
    if (!tipOf(r, baseRef)) throw validationFailed({ resource: "PullRequest", field: "base", code: "invalid" });
    const head = tipOf(r, headRef)!;
    if (git.ancestors(tipOf(r, baseRef)!).has(head)) throw validationFailed({ resource: "PullRequest", code: "custom", message: `No commits between ${baseRef} and ${headRef}` });
    const open = [...r.pulls.values()].find((p) => p.headRef === headRef && p.baseRef === baseRef && r.issues.get(p.number)!.state === "open");
    if (open) throw validationFailed({ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${r.owner}:${headRef}.` });
    checkLength("PullRequest", "body", c.body["body"], ISSUE_BODY_MAX);
    const issue = addIssueRecord(r, { title: String(c.body["title"] ?? ""), body: typeof c.body["body"] === "string" ? (c.body["body"] as string) : null, labels: [], user: bot, isPull: true });
    const p: PullRecord = { number: issue.number, id: newId(), headRef, headSha: head, baseRef, draft: c.body["draft"] === true, maintainerCanModify: c.body["maintainer_can_modify"] !== false };
    r.pulls.set(p.number, p);
    return created(pullJson(r, p));
  });
  on("GET", `${R}/pulls/{pull_number}`, (c) => {
    const { r, p } = pullOf(c);
    return ok(pullJson(r, p));
  });
  on("PATCH", `${R}/pulls/{pull_number}`, (c) => {
    const { r, p } = pullOf(c);
    const issue = r.issues.get(p.number)!;
    checkLength("PullRequest", "body", c.body["body"], ISSUE_BODY_MAX);
    if (typeof c.body["title"] === "string") issue.title = c.body["title"] as string;
    if ("body" in c.body) issue.body = typeof c.body["body"] === "string" ? (c.body["body"] as string) : null;
    if (typeof c.body["base"] === "string") {
      if (!tipOf(r, c.body["base"] as string)) throw validationFailed({ resource: "PullRequest", field: "base", code: "invalid" });
      p.baseRef = c.body["base"] as string;
    }
    if (typeof c.body["maintainer_can_modify"] === "boolean") p.maintainerCanModify = c.body["maintainer_can_modify"] as boolean;
    if (c.body["state"] === "closed" && issue.state === "open") {
      p.headSha = pullHeadSha(r, p);
      close(issue, bot, null);
    } else if (c.body["state"] === "open" && issue.state === "closed") {
      if (!tipOf(r, p.headRef)) throw unprocessable(`Validation Failed: the head branch ${p.headRef} was deleted`);
      reopen(issue);
    }
    issue.updatedAt = now();
    return ok(pullJson(r, p));
  });
  on("GET", `${R}/pulls/{pull_number}/files`, (c) => {
    const r = repoCall(c);
    const n = Number(c.params["pull_number"]);
    const set = r.pullFiles.get(n);
    const p = r.pulls.get(n);
    // A pull request from a webhook payload that the fake did not open: its files are [] unless set.
    const files = set ? set.map((f) => diffFileJson(r, f, p ? pullHeadSha(r, p) : r.defaultBranch)) : p ? pullFilesOf(r, p) : [];
    return paginate(c, files);
  });
  on("PUT", `${R}/pulls/{pull_number}/merge`, (c) => c.refuse("merge attempted"));
  on("POST", `${R}/merges`, (c) => c.refuse("merge attempted"));

  // Actions
  on("POST", `${R}/dispatches`, (c) => {
    const r = repoCall(c);
    const payload = c.body["client_payload"];
    if (payload && typeof payload === "object" && Object.keys(payload as object).length > 10) {
      throw unprocessable(`Invalid request.\n\nNo more than 10 properties are allowed; ${Object.keys(payload as object).length} were supplied.`);
    }
    r.dispatches.push({ event_type: String(c.body["event_type"]), ...(payload !== undefined ? { client_payload: payload } : {}) });
    return noContent();
  });
  on("GET", `${R}/actions/workflows/{workflow_id}`, (c) => {
    const workflow = repoCall(c).workflows.get(c.params["workflow_id"]!);
    if (!workflow) throw notFound();
    return ok(workflow);
  });
  on("GET", `${R}/actions/workflows/{workflow_id}/runs`, (c) => {
    const r = repoCall(c);
    const runs = (r.workflowRuns.get(c.params["workflow_id"]!) ?? r.workflowRuns.get("*") ?? []).filter(
      (run) =>
        (!c.query.get("status") || run["status"] === c.query.get("status") || run["conclusion"] === c.query.get("status")) &&
        (!c.query.get("event") || run["event"] === c.query.get("event")) &&
        (!c.query.get("branch") || run["head_branch"] === c.query.get("branch")),
    );
    const page = paginate(c, runs);
    return { ...page, json: { total_count: runs.length, workflow_runs: page.json } };
  });

  // GraphQL: only a merge is recognised (and refused); anything else is unhandled.
  on("POST", "/graphql", (c) => {
    const query = String(c.body["query"] ?? "");
    if (/\b(mergePullRequest|enablePullRequestAutoMerge|mergeBranch)\b/.test(query)) c.refuse("merge attempted (GraphQL)");
    throw new GitHubError(404, "Not Found", { unhandled: true });
  });

  // --- Authentication ------------------------------------------------------------------------------

  type Auth = { kind: "none" } | { kind: "jwt"; iss: string | undefined } | { kind: "token" };
  function authOf(headers: http.IncomingHttpHeaders): Auth {
    const m = /^(?:bearer|token)\s+(\S+)$/i.exec(String(headers["authorization"] ?? ""));
    if (!m) return { kind: "none" };
    const parts = m[1]!.split(".");
    if (parts.length === 3) {
      try {
        const payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Json;
        return { kind: "jwt", iss: payload["iss"] === undefined ? undefined : String(payload["iss"]) };
      } catch {
        // not a JWT: a token with dots
      }
    }
    return { kind: "token" };
  }
  /** Why GitHub would refuse these credentials for this route, or undefined. */
  function authProblem(auth: Auth, need: AuthNeed): string | undefined {
    if (auth.kind === "none") return "Requires authentication";
    if (need === "app" && auth.kind !== "jwt") return "A JSON web token could not be decoded (this route needs the app's JWT)";
    if (need === "app" && auth.kind === "jwt" && auth.iss !== String(appId)) return `'Issuer' claim ('iss') must be the app's id ${appId}, not ${String(auth.iss)}`;
    if (need === "installation" && auth.kind === "jwt") return "Bad credentials (this route needs an installation token, not the app's JWT)";
    return undefined;
  }

  // --- Request handling ----------------------------------------------------------------------------

  function answer(res: http.ServerResponse, reply: Reply): void {
    const common = {
      "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-github-media-type": "github.v3; format=json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-used": "1",
      "x-ratelimit-resource": "core",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    };
    if (reply.status === 204) {
      res.writeHead(204, { ...common, ...reply.headers }).end();
      return;
    }
    const type = reply.text !== undefined ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
    const text = reply.text ?? JSON.stringify(reply.json ?? null);
    res.writeHead(reply.status, { ...common, "content-type": type, "content-length": String(Buffer.byteLength(text)), ...reply.headers }).end(text);
  }

  const errorReply = (e: GitHubError): Reply => {
    const { unhandled: _, ...extra } = e.extra;
    return { status: e.status, json: { message: e.message, ...extra, documentation_url: "https://docs.github.com/rest", status: String(e.status) } };
  };

  function handle(recorded: RecordedRequest, res: http.ServerResponse): void {
    const full = new URL(res.req.url ?? "/", url);
    const ghe = full.pathname === "/api/v3" || full.pathname.startsWith("/api/v3/");
    const isGraphql = full.pathname === "/api/graphql" || full.pathname === "/graphql";
    const path = isGraphql ? "/graphql" : ghe ? full.pathname.slice("/api/v3".length) || "/" : full.pathname;
    const method = recorded.method.toUpperCase();
    const body = recorded.json !== undefined ? recorded.json : recorded.body === "" ? undefined : recorded.body;
    const baseUrl = ghe ? apiUrl : url;
    const match = isGraphql ? undefined : findOperation({ method, path: full.pathname, baseUrl });
    const entry: FakeGitHubRequest = { method, path, query: Object.fromEntries(full.searchParams), headers: recorded.headers, status: 0 };
    if (body !== undefined) entry.body = body;
    if (match) entry.route = match.template;
    requests.push(entry);
    const label = `#${requests.length} ${method} ${path}`;
    const checked = isGraphql ? checkRequest({ method, path: "/graphql", body }) : checkRequest({ method, path: full.pathname + full.search, body, baseUrl });
    for (const v of checked) violations.push(`#${requests.length} ${v}`);

    const segments = path.split("/").slice(1).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    let reply: Reply;
    const found = routes.map((r) => ({ r, params: r.method === method ? matchSegments(r.segments, segments) : undefined })).find((x) => x.params);
    if (!found) {
      unhandled.push(`${method} ${path}`);
      reply = errorReply(notFound());
    } else {
      const problem = authProblem(authOf(recorded.headers), found.r.auth);
      if (problem) {
        violations.push(`${label}: ${problem}`);
        reply = errorReply(new GitHubError(401, problem));
      } else {
        const pageUrl = (page: number) => {
          const q = new URLSearchParams(full.searchParams);
          q.set("page", String(page));
          return `${baseUrl}${path}?${q.toString()}`;
        };
        const call: Call = {
          method,
          params: found.params!,
          query: full.searchParams,
          body: body && typeof body === "object" ? (body as Json) : {},
          headers: recorded.headers,
          pageUrl,
          refuse: (why) => {
            violations.push(`${label}: ${why}`);
            throw new GitHubError(403, "Resource not accessible by integration", { unhandled: false });
          },
        };
        try {
          reply = found.r.handler(call);
        } catch (e) {
          if (!(e instanceof GitHubError)) throw e;
          if (e.extra["unhandled"] === true) unhandled.push(`${method} ${path}`);
          reply = errorReply(e);
        }
      }
    }
    entry.status = reply.status;
    answer(res, reply);
  }

  const server = await startLoopbackServer(handle);
  url = server.url;
  apiUrl = `${url}/api/v3`;

  // --- Test helpers ----------------------------------------------------------------------------------

  const mentionPattern = /(^|[\s([{"'>*_~,;:!?])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?)(?![A-Za-z0-9_-])/g;
  /** Mentions GitHub would notify: not in code, code spans or HTML comments. */
  const mentionsOf = (text: string | null) =>
    [
      ...(text ?? "")
        .replace(/```[\s\S]*?(```|$)/g, " ")
        .replace(/~~~[\s\S]*?(~~~|$)/g, " ")
        .replace(/`[^`\n]*`/g, " ")
        .replace(/<!--[\s\S]*?-->/g, " ")
        .matchAll(mentionPattern),
    ].map((m) => m[2]!);

  const state: FakeGitHubState = {
    repos: () => [...repos.values()].map((r) => `${r.owner}/${r.name}`),
    issues: (repo) => {
      const r = repoByName(repo);
      return [...r.issues.values()].filter((i) => !i.isPull).sort((a, b) => a.number - b.number).map((i) => issueJson(r, i, true));
    },
    pulls: (repo) => {
      const r = repoByName(repo);
      return [...r.pulls.values()].sort((a, b) => a.number - b.number).map((p) => pullJson(r, p));
    },
    comments: (repo) => {
      const r = repoByName(repo);
      return [...r.comments.values()].sort((a, b) => a.id - b.id).map((x) => commentJson(r, x));
    },
    reactions: (repo) => repoByName(repo).reactions.map((x) => ({ comment_id: x.comment_id, content: x.content, user: x.user.login })),
    checkRuns: (repo) => {
      const r = repoByName(repo);
      return [...r.checkRuns.values()].map((x) => ({ ...checkRunJson(r, x), annotations: structuredClone(x.annotations) }));
    },
    dispatches: (repo) => structuredClone(repoByName(repo).dispatches),
    labels: (repo) => {
      const r = repoByName(repo);
      return [...r.labels.values()].map((l) => labelJson(r, l.name));
    },
    branches: (repo) => Object.fromEntries([...repoByName(repo).refs].filter(([k]) => k.startsWith("heads/")).map(([k, v]) => [k.slice("heads/".length), v])),
    files: (repo, ref) => {
      const r = repoByName(repo);
      const resolved = resolveCommit(r, ref);
      if (!resolved) throw new Error(`fake GitHub: no ref ${String(ref)} in ${repo}`);
      return Object.fromEntries([...git.flatten(resolved.commit.tree)].filter(([, e]) => e.type === "blob").map(([p, e]) => [p, git.blobs.get(e.sha)!.toString("utf8")]));
    },
    counts: () => {
      const all = [...repos.values()];
      const total = (f: (r: RepoRecord) => number) => all.reduce((n, r) => n + f(r), 0);
      return {
        issues: total((r) => [...r.issues.values()].filter((i) => !i.isPull).length),
        pulls: total((r) => r.pulls.size),
        comments: total((r) => r.comments.size),
        checkRuns: total((r) => r.checkRuns.size),
        reactions: total((r) => r.reactions.length),
        dispatches: total((r) => r.dispatches.length),
      };
    },
    mentions: (repo) => {
      const out: { repo: string; where: string; login: string }[] = [];
      for (const r of repo ? [repoByName(repo)] : repos.values()) {
        const name = `${r.owner}/${r.name}`;
        for (const i of r.issues.values()) if (i.user.login === bot.login) for (const login of mentionsOf(i.body)) out.push({ repo: name, where: `${i.isPull ? "pull request" : "issue"} #${i.number}`, login });
        for (const x of r.comments.values()) if (x.user.login === bot.login) for (const login of mentionsOf(x.body)) out.push({ repo: name, where: `comment ${x.id} on #${x.issueNumber}`, login });
      }
      return out;
    },
    closeAsUser: (repo, number, login) => {
      const r = repoByName(repo);
      const issue = r.issues.get(number);
      if (!issue) throw new Error(`fake GitHub: no issue or pull request #${number} in ${repo}`);
      const p = r.pulls.get(number);
      if (p) p.headSha = pullHeadSha(r, p);
      close(issue, { login, type: "User" }, "completed");
    },
    addIssue: (repo, fields) => {
      const r = repoByName(repo);
      const login = fields.login ?? r.owner;
      const issue = addIssueRecord(r, {
        title: fields.title,
        body: fields.body ?? null,
        labels: fields.labels ?? [],
        user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
        ...(fields.number !== undefined ? { number: fields.number } : {}),
      });
      if (fields.state === "closed") close(issue, issue.user, "completed");
      return issueJson(r, issue, true);
    },
    addComment: (repo, number, fields) => {
      const r = repoByName(repo);
      const issue = r.issues.get(number);
      if (!issue) throw new Error(`fake GitHub: no issue or pull request #${number} in ${repo}`);
      const at = now();
      const comment: CommentRecord = { id: newId(), issueNumber: number, body: fields.body, user: { login: fields.login, type: fields.login.endsWith("[bot]") ? "Bot" : "User" }, createdAt: at, updatedAt: at };
      r.comments.set(comment.id, comment);
      issue.comments++;
      return commentJson(r, comment);
    },
    setFile: (repo, path, content, branch) => {
      const r = repoByName(repo);
      const name = branch ?? r.defaultBranch;
      const tip = tipOf(r, name) ?? tipOf(r)!;
      const flat = git.flatten(git.commits.get(tip)!.tree);
      if (content === null) flat.delete(path);
      else flat.set(path, { mode: "100644", type: "blob", sha: git.writeBlob(Buffer.from(content)) });
      const sha = git.writeCommit(git.buildTree(flat), [tip], `${content === null ? "Delete" : "Update"} ${path}`, { ...initialSignature, date: now() });
      r.refs.set(`heads/${name}`, sha);
      return sha;
    },
    setCompare: (repo, basehead, files) => void repoByName(repo).compare.set(basehead, structuredClone(files)),
    setCommitFiles: (repo, ref, files) => void repoByName(repo).commitFiles.set(ref, structuredClone(files)),
    setPullFiles: (repo, number, files) => void repoByName(repo).pullFiles.set(number, structuredClone(files)),
    setWorkflowRuns: (repo, runs, workflowId) => void repoByName(repo).workflowRuns.set(workflowId === undefined ? "*" : String(workflowId), structuredClone(runs)),
    setWorkflow: (repo, workflowId, workflow) => {
      const r = repoByName(repo);
      const id = String(workflowId);
      r.workflows.set(id, {
        id: /^\d+$/.test(id) ? Number(id) : newId(),
        node_id: `W_fake${id}`,
        name: "Lodestar",
        path: `.github/workflows/${/^\d+$/.test(id) ? "lodestar.yml" : id}`,
        state: "active",
        created_at: "2024-01-01T00:00:00Z",
        updated_at: "2024-01-01T00:00:00Z",
        url: `${repoApi(r)}/actions/workflows/${id}`,
        html_url: `${repoHtml(r)}/actions/workflows/${id}`,
        badge_url: `${repoHtml(r)}/workflows/Lodestar/badge.svg`,
        ...workflow,
      });
    },
  };

  const clearRequests = () => {
    requests.length = 0;
    violations.length = 0;
    unhandled.length = 0;
    server.requests.length = 0;
  };
  return {
    url,
    apiUrl,
    host: url.replace(/^http:\/\//, ""),
    botLogin: bot.login,
    installationId,
    requests,
    violations,
    unhandled,
    state,
    closeAsUser: state.closeAsUser,
    setCompare: state.setCompare,
    setPullFiles: state.setPullFiles,
    setWorkflowRuns: state.setWorkflowRuns,
    clearRequests,
    reset: () => {
      clearRequests();
      git = new GitStore();
      repos = new Map();
    },
    close: () => server.close(),
  };
}
