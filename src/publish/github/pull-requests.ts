/**
 * Review-only pull requests: one branch per proposal (`lodestar/<module>/<slug>`), one commit
 * made with the git data API (so the app authors it and no local git runs), one PR labelled
 * `lodestar` whose body carries the evidence and a hidden fingerprint of the change.
 *
 * The fingerprint is the proposal's identity: an open PR with the same one is left alone, one
 * with another is updated in place, and a PR a user closed is never proposed again (FAULTS 31).
 * Lodestar never merges, never writes the default branch, and re-checks every path against the
 * proposal policy here, whatever ran before (FAULTS 23). Writes are serial: GitHub limits
 * content-creating requests (DESIGN §5).
 */
import { createHash } from "node:crypto";
import { patchPaths, proposalRejection, unsafePathReason } from "../../cycle/proposal-policy.js";
import type { Publisher } from "../../cycle/types.js";
import type { GitHubClient, RepoCoordinates } from "../../github/client.js";
import type { Proposal } from "../../modules/types.js";
import type { PrFingerprint } from "../../state/schema.js";
import { fitText, GITHUB_LIMITS } from "../limits.js";
import { applyProposal, canonicalPatch, PatchError, patchFiles, requestedModes, type FileMode } from "./apply-patch.js";
import { LODESTAR_LABEL } from "./onboarding.js";

/** Every Lodestar branch starts with this; the open-PR limit counts PRs whose head does. */
export const BRANCH_PREFIX = "lodestar/";
export const CLOSED_BY_USER = "closed by a user: not proposed again";

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const MARKER = /<!-- lodestar:fingerprint:([0-9a-f]{16,64}) -->/g;

/** Where a proposal's PR is remembered (the lead backs it with the State file). */
export interface FingerprintStore {
  get(repo: string, fingerprint: string): PrFingerprint | undefined;
  put(record: PrFingerprint): Promise<void>;
}

export interface PullRequestOptions {
  /** The branch PRs ask to merge into. */
  baseBranch: string;
  /** The repository's default branch, never written; read from GitHub when not given. */
  defaultBranch?: string;
  /** `pull-requests` in the config; `maxChangedLines` re-checks the size when given. */
  limits: { perHour: number; maxOpen: number; maxChangedLines?: number };
  store?: FingerprintStore;
  now?: () => Date;
  /** Trusted Lodestar text after the evidence, e.g. the cost and whether a cloud model was used. */
  evidenceFooter?: string;
}

/**
 * What became of a proposal. `held`: over the per-hour or open limit (the summary lists it);
 * `skipped`: never to be opened as it is (closed by a user, unsafe path, bad patch, bad name);
 * `failed`: GitHub refused a request (the next cycle tries again).
 */
export interface PrOutcome {
  proposal: Proposal;
  fingerprint: string;
  outcome: "opened" | "updated" | "unchanged" | "held" | "skipped" | "failed";
  reason?: string;
  number?: number;
  url?: string;
  branch: string;
}

/** A pull request as the list endpoint returns it (the fields used here). */
interface PullSummary {
  number: number;
  state: "open" | "closed";
  title: string;
  body: string | null;
  html_url: string;
  created_at: string;
  merged_at: string | null;
  labels: { name?: string }[];
  head: { ref: string; sha: string; repo: { full_name: string } | null };
}

interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
}

/** One file of the new commit: its text, or null when deleted. */
interface Change {
  path: string;
  mode: FileMode;
  text: string | null;
}

/** A file on the base branch as the patch sees it; `mode` is kept on the new commit. */
interface BaseFile {
  text: string;
  mode: FileMode;
}

/**
 * The identity of a proposal: sha256 of the module and the patch reduced to what it changes
 * (line endings, header dates, `index` lines and hunk positions do not count; content does).
 * 24 hex characters.
 */
export function proposalFingerprint(proposal: Pick<Proposal, "module" | "patch">): string {
  return createHash("sha256").update(`${proposal.module}\n${canonicalPatch(proposal.patch)}`).digest("hex").slice(0, 24);
}

/** `lodestar/<module>/<slug>`. */
export function proposalBranch(proposal: Pick<Proposal, "module" | "slug">): string {
  return `${BRANCH_PREFIX}${proposal.module}/${proposal.slug}`;
}

/**
 * Why `module` or `slug` cannot name a branch part, or null. Lower-case letters, digits, `.`,
 * `_` and `-`, 63 at most, starting with a letter or digit, not ending with `.` or `.lock`:
 * always a valid git ref and never an option or a path trick.
 */
export function branchNameProblem(module: string, slug: string): string | null {
  for (const [what, value] of [["module", module], ["slug", slug]] as const) {
    if (!NAME.test(value) || value.endsWith(".") || value.endsWith(".lock") || value.includes("..")) {
      return `branch name invalid: the ${what} ${JSON.stringify(value.slice(0, 80))} must match ${NAME.source} and not end with "." or ".lock"`;
    }
  }
  return null;
}

/** The hidden marker a Lodestar PR body ends with. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- lodestar:fingerprint:${fingerprint} -->`;
}

/** The fingerprint a PR body carries (the last marker: ours always ends the body), or null. */
export function fingerprintInBody(body: string | null | undefined): string | null {
  const found = [...(body ?? "").matchAll(MARKER)];
  return found.at(-1)?.[1] ?? null;
}

/**
 * GitHub's closing keywords followed by an issue reference: merged, such a PR would close that
 * issue. Model text is not allowed to decide that.
 */
const CLOSING = /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=:?\s+(?:[\w.-]+\/[\w.-]+)?#\d|:?\s+https?:\/\/\S+\/issues\/\d)/gi;

/**
 * Model text may not make the bot @-mention anyone (a zero-width space after every `@`), nor
 * close issues when a person merges (a zero-width space inside closing keywords before `#n`).
 */
const noMentions = (text: string) => text.replace(/@/g, "@\u200B").replace(CLOSING, (word) => `${word[0]}\u200B${word.slice(1)}`);

/** The PR title: the proposal's, on one line, without mentions. */
export function pullRequestTitle(proposal: Proposal): string {
  const title = noMentions(proposal.title).replace(/\s+/g, " ").trim().slice(0, 256);
  return title || `Lodestar ${proposal.module}: ${proposal.slug}`;
}

/**
 * The PR body: the proposal's text, its evidence, the review-only note, the caller's footer
 * (cost, local or cloud) and the fingerprint marker, under GitHub's body limit with the marker
 * always kept. Text from a module or model cannot @-mention.
 */
export function pullRequestBody(proposal: Proposal, fingerprint: string, footer?: string): string {
  const parts = [noMentions(proposal.body.trim())];
  if (proposal.evidence.length > 0) {
    const items = proposal.evidence.map((e) => `- **${e.kind}**: ${noMentions(e.description.trim()).replace(/\n/g, "\n  ")}`);
    parts.push(["### Evidence", "", ...items].join("\n"));
  }
  parts.push(
    `> [!NOTE]\n> Review-only: Lodestar never merges. Proposed by the \`${proposal.module}\` module on \`${proposalBranch(proposal)}\`; review it, change it, merge it or close it. A closed proposal is not proposed again.`,
  );
  if (footer?.trim()) parts.push(footer.trim());
  const marker = fingerprintMarker(fingerprint);
  return `${fitText(parts.join("\n\n"), GITHUB_LIMITS.issueBody - marker.length - 2)}\n\n${marker}`;
}

/** An octokit error's status and message, for an outcome's reason. */
function githubError(error: unknown): { status?: number; reason: string } {
  const e = error as { status?: number; message?: string };
  return { status: e.status, reason: `GitHub answered ${e.status ?? "with an error"}: ${(e.message ?? String(error)).slice(0, 300)}` };
}

/**
 * Opens, updates or holds one review-only PR per proposal, serially. Proposals must already
 * have passed the proposal policy; paths, names and verification are checked again here and a
 * failing proposal is `skipped` without any write. Never calls a merge endpoint, never writes
 * the default or base branch.
 */
export async function openReviewPullRequests(
  github: GitHubClient,
  where: RepoCoordinates,
  proposals: readonly Proposal[],
  options: PullRequestOptions,
): Promise<PrOutcome[]> {
  const session = new RepoSession(github, where, options);
  const outcomes: PrOutcome[] = [];
  let stopped: string | null = null;
  for (const proposal of proposals) {
    const fingerprint = proposalFingerprint(proposal);
    const branch = proposalBranch(proposal);
    if (stopped) {
      outcomes.push({ proposal, fingerprint, branch, outcome: "failed", reason: `not attempted: ${stopped}` });
      continue;
    }
    try {
      outcomes.push(await session.publish(proposal, fingerprint, branch));
    } catch (error) {
      if (error instanceof PatchError) {
        outcomes.push({ proposal, fingerprint, branch, outcome: "skipped", reason: error.message });
        continue;
      }
      const { status, reason } = githubError(error);
      outcomes.push({ proposal, fingerprint, branch, outcome: "failed", reason });
      // A token that no longer works (app uninstalled, token expired) fails every later call too.
      if (status === 401) stopped = reason;
    }
  }
  return outcomes;
}

/** One run's view of the repository: base commit, trees and limits, each read once. */
class RepoSession {
  private readonly repoName: string;
  private readonly branches = new Set<string>();
  private readonly trees = new Map<string, Promise<TreeEntry[]>>();
  private readonly files = new Map<string, Promise<BaseFile | null>>();
  private base?: Promise<{ commit: string; tree: string }>;
  private defaultBranch?: Promise<string>;
  private counts?: { open: number; lastHour: number };

  constructor(
    private readonly github: GitHubClient,
    private readonly where: RepoCoordinates,
    private readonly options: PullRequestOptions,
  ) {
    this.repoName = `${where.owner}/${where.repo}`;
    if (options.defaultBranch) this.defaultBranch = Promise.resolve(options.defaultBranch);
  }

  async publish(proposal: Proposal, fingerprint: string, branch: string): Promise<PrOutcome> {
    const result = (outcome: PrOutcome["outcome"], extra: Partial<PrOutcome> = {}): PrOutcome => ({ proposal, fingerprint, branch, outcome, ...extra });
    const skip = (reason: string, extra: Partial<PrOutcome> = {}) => result("skipped", { reason, ...extra });

    if (!proposal.verified) return skip("not verified: only proven changes are proposed");
    const nameProblem = branchNameProblem(proposal.module, proposal.slug);
    if (nameProblem) return skip(nameProblem);
    if (this.branches.has(branch)) return skip(`another proposal of this cycle already uses ${branch}`);
    this.branches.add(branch);
    const policy = this.options.limits.maxChangedLines === undefined ? pathsProblem(proposal) : proposalRejection(proposal, this.options.limits.maxChangedLines);
    if (policy) return skip(policy);
    const known = this.options.store?.get(this.repoName, fingerprint);
    if (known?.closedByUser) return skip(CLOSED_BY_USER, { number: known.pr });
    if (known?.state === "merged") return skip("already merged", { number: known.pr });

    const pulls = await this.pullsOf(branch);
    const record = (pr: PullSummary, state: PrFingerprint["state"], closedByUser?: boolean) =>
      this.options.store?.put({ repo: this.repoName, fingerprint, branch, pr: pr.number, state, ...(closedByUser ? { closedByUser } : {}) });
    const same = pulls.filter((pr) => fingerprintInBody(pr.body) === fingerprint);
    const merged = same.find((pr) => pr.merged_at);
    if (merged) {
      await record(merged, "merged");
      return skip(`already merged in #${merged.number}`, { number: merged.number, url: merged.html_url });
    }
    const closed = same.find((pr) => pr.state === "closed");
    if (closed) {
      await record(closed, "closed", true);
      return skip(CLOSED_BY_USER, { number: closed.number, url: closed.html_url });
    }

    const open = pulls.find((pr) => pr.state === "open");
    // A PR on our branch without our marker is someone else's: never overwrite their text.
    if (open && fingerprintInBody(open.body) === null) return skip(`#${open.number} on ${branch} was not opened by Lodestar`, { number: open.number, url: open.html_url });
    const title = pullRequestTitle(proposal);
    const body = pullRequestBody(proposal, fingerprint, this.options.evidenceFooter);
    const done = (outcome: PrOutcome["outcome"], pr: { number: number; html_url: string }) => result(outcome, { number: pr.number, url: pr.html_url });

    if (open && fingerprintInBody(open.body) === fingerprint) {
      if (open.body !== body || open.title !== title) await this.editPull(open.number, title, body);
      if (!open.labels.some((l) => l.name === LODESTAR_LABEL)) await this.label(open.number);
      await record(open, "open");
      return done("unchanged", open);
    }

    // Read and apply before anything is written: a patch that does not apply leaves no trace.
    const change = await this.prepare(proposal);
    if (open) {
      // Someone pushed their own commits to the branch: force-moving it would throw them away.
      if (!(await this.headIsOurs(open))) return skip(`someone pushed to ${branch} (#${open.number}): Lodestar does not overwrite their commits`, { number: open.number, url: open.html_url });
      await this.checkWritable(branch);
      await this.moveBranch(branch, await this.commit(proposal, fingerprint, change), true);
      await this.editPull(open.number, title, body);
      if (!open.labels.some((l) => l.name === LODESTAR_LABEL)) await this.label(open.number);
      await record(open, "open");
      return done("updated", open);
    }

    // Only new PRs count against the limits; a held proposal has been proven to apply.
    const held = await this.overLimit();
    if (held) return result("held", { reason: held });
    await this.checkWritable(branch);
    await this.moveBranch(branch, await this.commit(proposal, fingerprint, change));
    const { data } = await this.github.request("POST /repos/{owner}/{repo}/pulls", { ...this.where, title, head: branch, base: this.options.baseBranch, body });
    const created = data as { number: number; html_url: string };
    this.counts!.open++;
    this.counts!.lastHour++;
    await this.label(created.number);
    await this.options.store?.put({ repo: this.repoName, fingerprint, branch, pr: created.number, state: "open" });
    return done("opened", created);
  }

  /** Whether the PR's head commit is one Lodestar made (its message carries the PR's fingerprint). */
  private async headIsOurs(pr: PullSummary): Promise<boolean> {
    const { data } = await this.github.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...this.where, commit_sha: pr.head.sha });
    const message = (data as { message?: string }).message ?? "";
    return message.includes(`Lodestar-Fingerprint: ${fingerprintInBody(pr.body)}`);
  }

  /** PRs of any state whose head is `branch` in this repository. */
  private async pullsOf(branch: string): Promise<PullSummary[]> {
    const { data } = await this.github.request("GET /repos/{owner}/{repo}/pulls", { ...this.where, state: "all", head: `${this.where.owner}:${branch}`, per_page: 100 });
    return data as PullSummary[];
  }

  private async editPull(number: number, title: string, body: string): Promise<void> {
    await this.github.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...this.where, pull_number: number, title, body });
  }

  private async label(number: number): Promise<void> {
    await this.github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...this.where, issue_number: number, labels: [LODESTAR_LABEL] });
  }

  /** Refuses, before any write, a head that is the default or base branch, whatever their names. */
  private async checkWritable(branch: string): Promise<void> {
    this.defaultBranch ??= this.github.request("GET /repos/{owner}/{repo}", { ...this.where }).then(({ data }) => (data as { default_branch: string }).default_branch);
    const defaultBranch = await this.defaultBranch;
    if (!branch.startsWith(BRANCH_PREFIX) || branch === defaultBranch || branch === this.options.baseBranch) {
      throw new PatchError(`${branch} is the default or base branch: Lodestar never writes it`);
    }
  }

  /**
   * Points `branch` at `commit`: force-moves it when it has an open PR, else creates it, and
   * force-moves it when it exists anyway (our own namespace: a closed PR's or an interrupted
   * run's leftover). Force, because the new commit sits on the current base, not on the old one.
   */
  private async moveBranch(branch: string, commit: string, exists = false): Promise<void> {
    const force = () => this.github.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...this.where, ref: `heads/${branch}`, sha: commit, force: true });
    if (exists) {
      await force();
      return;
    }
    try {
      await this.github.request("POST /repos/{owner}/{repo}/git/refs", { ...this.where, ref: `refs/heads/${branch}`, sha: commit });
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw error;
      await force();
    }
  }

  /** `held` reason when one more new PR would pass `max-open` or `per-hour`, else null. */
  private async overLimit(): Promise<string | null> {
    const { maxOpen, perHour } = this.options.limits;
    if (maxOpen > 0 && perHour > 0) this.counts ??= await this.countPulls();
    const counts = this.counts ?? { open: 0, lastHour: 0 };
    if (maxOpen <= 0 || counts.open >= maxOpen) return `${counts.open} Lodestar pull requests are open, the limit is ${maxOpen} (pull-requests.max-open)`;
    if (perHour <= 0 || counts.lastHour >= perHour) return `${counts.lastHour} Lodestar pull requests were opened in the last hour, the limit is ${perHour} (pull-requests.per-hour)`;
    return null;
  }

  /** Open Lodestar PRs, and Lodestar PRs created in the last hour (newest first, stop at older). */
  private async countPulls(): Promise<{ open: number; lastHour: number }> {
    const ours = (pr: PullSummary) => pr.head.ref.startsWith(BRANCH_PREFIX) && (pr.head.repo === null || pr.head.repo.full_name === this.repoName);
    let open = 0;
    for (let page = 1; page <= 10; page++) {
      const { data } = await this.github.request("GET /repos/{owner}/{repo}/pulls", { ...this.where, state: "open", per_page: 100, page });
      const pulls = data as PullSummary[];
      open += pulls.filter(ours).length;
      if (pulls.length < 100) break;
    }
    const since = (this.options.now?.() ?? new Date()).getTime() - 60 * 60 * 1000;
    let lastHour = 0;
    for (let page = 1; page <= 10; page++) {
      const { data } = await this.github.request("GET /repos/{owner}/{repo}/pulls", { ...this.where, state: "all", sort: "created", direction: "desc", per_page: 100, page });
      const pulls = data as PullSummary[];
      const recent = pulls.filter((pr) => Date.parse(pr.created_at) >= since);
      lastHour += recent.filter(ours).length;
      if (pulls.length < 100 || recent.length < pulls.length) break;
    }
    return { open, lastHour };
  }

  /**
   * Reads the files the patch names from the base commit and applies it: the tree entries of
   * the change, with the new text still to be written as blobs. Throws a `PatchError`.
   */
  private async prepare(proposal: Proposal): Promise<{ base: { commit: string; tree: string }; changes: Change[] }> {
    const paths = patchFiles(proposal.patch);
    for (const path of paths) {
      const why = unsafePathReason(path) ?? (path.split("/").some((part) => part === "" || part === ".") ? `path is not in canonical form: ${JSON.stringify(path)}` : null);
      if (why) throw new PatchError(why);
    }
    const modes = requestedModes(proposal.patch);
    const base = await this.baseCommit();
    const before = new Map<string, BaseFile | null>();
    for (const path of paths) before.set(path, await this.baseFile(base.tree, path));
    const after = applyProposal(new Map([...before].map(([path, file]) => [path, file?.text ?? null])), proposal.patch);
    const changes: Change[] = [];
    for (const [path, text] of after) {
      const old = before.get(path) ?? null;
      if (text === null) {
        if (old) changes.push({ path, mode: old.mode, text: null });
        continue;
      }
      const mode = modes.get(path) ?? old?.mode ?? "100644";
      if (!old || old.text !== text || old.mode !== mode) changes.push({ path, mode, text });
    }
    if (changes.length === 0) throw new PatchError("the patch changes nothing on the base branch");
    return { base, changes };
  }

  /** Writes blobs, a tree on the base tree and a commit whose parent is the base head; returns its sha. */
  private async commit(proposal: Proposal, fingerprint: string, { base, changes }: { base: { commit: string; tree: string }; changes: Change[] }): Promise<string> {
    const tree: { path: string; mode: FileMode; type: "blob"; sha: string | null }[] = [];
    for (const { path, mode, text } of changes) {
      if (text === null) {
        tree.push({ path, mode, type: "blob", sha: null });
        continue;
      }
      const { data } = await this.github.request("POST /repos/{owner}/{repo}/git/blobs", { ...this.where, content: Buffer.from(text, "utf8").toString("base64"), encoding: "base64" });
      tree.push({ path, mode, type: "blob", sha: (data as { sha: string }).sha });
    }
    const { data: newTree } = await this.github.request("POST /repos/{owner}/{repo}/git/trees", { ...this.where, base_tree: base.tree, tree });
    const message = `${pullRequestTitle(proposal)}\n\nProposed by Lodestar (${proposal.module} module) for review; Lodestar never merges.\n\nLodestar-Fingerprint: ${fingerprint}`;
    const { data: commit } = await this.github.request("POST /repos/{owner}/{repo}/git/commits", {
      ...this.where,
      message,
      tree: (newTree as { sha: string }).sha,
      parents: [base.commit],
    });
    return (commit as { sha: string }).sha;
  }

  /** The base branch's head commit and its tree, read once per run. */
  private baseCommit(): Promise<{ commit: string; tree: string }> {
    this.base ??= (async () => {
      const { data: ref } = await this.github.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...this.where, ref: `heads/${this.options.baseBranch}` });
      const commit = (ref as { object: { sha: string } }).object.sha;
      const { data } = await this.github.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...this.where, commit_sha: commit });
      return { commit, tree: (data as { tree: { sha: string } }).tree.sha };
    })();
    return this.base;
  }

  /**
   * A file of the base tree, or null when absent. Found by walking the trees (which gives its
   * mode, so an executable stays executable) and read as a blob. Symlinks, submodules and
   * binary files are refused: a patch is applied to text only (FAULTS 16, 18).
   */
  private baseFile(rootTree: string, path: string): Promise<BaseFile | null> {
    let file = this.files.get(path);
    if (!file) {
      file = this.readBaseFile(rootTree, path);
      this.files.set(path, file);
    }
    return file;
  }

  private async readBaseFile(rootTree: string, path: string): Promise<BaseFile | null> {
    const parts = path.split("/");
    let entries = await this.tree(rootTree);
    for (const dir of parts.slice(0, -1)) {
      const sub = entries.find((e) => e.path === dir && e.type === "tree");
      if (!sub) return null;
      entries = await this.tree(sub.sha);
    }
    const entry = entries.find((e) => e.path === parts.at(-1));
    if (!entry || entry.type === "tree") return null;
    if (entry.type === "commit") throw new PatchError(`${JSON.stringify(path)} is a submodule on the base branch: not patched`);
    if (entry.mode === "120000") throw new PatchError(`${JSON.stringify(path)} is a symbolic link on the base branch: not patched`);
    const { data } = await this.github.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...this.where, file_sha: entry.sha });
    const bytes = Buffer.from((data as { content: string }).content, "base64");
    let text: string;
    try {
      if (bytes.includes(0)) throw new Error("NUL byte");
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new PatchError(`${JSON.stringify(path)} is a binary file on the base branch: not patched`);
    }
    return { text, mode: entry.mode === "100755" ? "100755" : "100644" };
  }

  private tree(sha: string): Promise<TreeEntry[]> {
    let entries = this.trees.get(sha);
    if (!entries) {
      entries = this.github.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...this.where, tree_sha: sha }).then(({ data }) => (data as { tree: TreeEntry[] }).tree);
      this.trees.set(sha, entries);
    }
    return entries;
  }
}

/** The first unsafe path the proposal names (its file list and its diff), or null. */
function pathsProblem(proposal: Proposal): string | null {
  // The policy's reading of the diff (both readings of ambiguous names) and jsdiff's: either may flag.
  const paths = [...proposal.files, ...patchPaths(proposal.patch)];
  try {
    paths.push(...patchFiles(proposal.patch));
  } catch {
    // An unreadable patch is reported when it is applied; its listed files are still checked.
  }
  for (const path of paths) {
    const why = unsafePathReason(path);
    if (why) return why;
  }
  return null;
}

/** One line for the decision log: what happened to each proposal. */
export function describeOutcomes(outcomes: readonly PrOutcome[]): string {
  if (outcomes.length === 0) return "no proposals to open as pull requests";
  const order: PrOutcome["outcome"][] = ["opened", "updated", "unchanged", "held", "skipped", "failed"];
  const counts = order.flatMap((kind) => {
    const n = outcomes.filter((o) => o.outcome === kind).length;
    return n ? [`${n} ${kind}`] : [];
  });
  const details = outcomes.map((o) => `${o.outcome} ${o.branch}${o.number ? ` (#${o.number})` : ""}${o.reason ? `: ${o.reason}` : ""}`);
  return `pull requests: ${counts.join(", ")} — ${details.join("; ")}`;
}

/**
 * A publisher that opens the cycle's proposals as review-only PRs. `onOutcomes` receives every
 * outcome, e.g. for the summary issue's list of held proposals.
 */
export function pullRequestPublisher(
  github: GitHubClient,
  where: RepoCoordinates,
  options: PullRequestOptions & { onOutcomes?: (outcomes: PrOutcome[]) => void },
): Publisher {
  return {
    name: "pull-requests",
    async publish(report) {
      const outcomes = await openReviewPullRequests(github, where, report.proposals, options);
      options.onOutcomes?.(outcomes);
      return { description: describeOutcomes(outcomes) };
    },
  };
}
