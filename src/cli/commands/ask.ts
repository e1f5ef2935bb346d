import { randomUUID } from "node:crypto";
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { listLocalFiles } from "../../analysis/index.js";
import { classifyPath, isBinary } from "../../analysis/classify.js";
import { loadRepoConfig } from "../../config/index.js";
import { createRouter, LlmUnavailableError, type ContextFile, type CreateRouterOptions, type LlmAnswer } from "../../llm/index.js";
import { openState } from "../../state/index.js";
import { UserError } from "../user-error.js";
import { requireDirectory } from "./cycle.js";

export interface AskCommandOptions {
  repo: string;
  question: string;
  env?: NodeJS.ProcessEnv;
  /** For tests: router settings (retries, probe time limit). */
  router?: Pick<CreateRouterOptions, "retry" | "probeTimeoutMs" | "timeouts">;
}

export interface AskCommandResult {
  answer: LlmAnswer;
  /** The repository files given to the model as context. */
  files: string[];
}

/** Limits that keep the context cheap: a few files, a bounded prompt, a bounded read. */
export const ASK_LIMITS = {
  /** Files given to the model. */
  files: 6,
  /** Characters of context in all (~12k tokens: fits a local model's window with room to answer). */
  chars: 48_000,
  /** Characters kept of one file. */
  fileChars: 16_000,
  /** Files read to score their content; the rest are ranked by path alone. */
  read: 300,
  /** Files larger than this are not read at all. */
  fileBytes: 256 * 1024,
  /** Longest question accepted. */
  questionChars: 4000,
  /** Output tokens for the answer. */
  answerTokens: 1024,
} as const;

const SYSTEM_PROMPT =
  "You answer questions about a software repository. Base the answer on the repository files given and name the files you rely on. " +
  "When they do not contain the answer, say so instead of guessing. Be concise.";

const STOP_WORDS = new Set(
  "a an and are as at be by can could do does for from has have how i if in into is it its of on or should that the this to was what when where which who why will with would you your me my we our there their them then than any all".split(" "),
);

/** The words of a question worth looking for: lower case, identifiers split, no stop words. */
export function keywords(question: string): string[] {
  const out = new Set<string>();
  for (const word of question.match(/[\p{L}\p{N}_]+/gu) ?? []) {
    const parts = word.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2").split(/[\s_]+/);
    for (const w of [word, ...parts].map((p) => p.toLowerCase())) {
      if (w.length >= 3 && !STOP_WORDS.has(w)) out.add(w);
    }
  }
  return [...out];
}

/** How well a path matches: 3 per keyword that is a whole name part, 1 per keyword inside it. */
export function pathScore(file: string, words: readonly string[]): number {
  const lower = file.toLowerCase();
  const parts = new Set(lower.split(/[/._-]+/));
  let score = 0;
  for (const w of words) score += parts.has(w) ? 3 : lower.includes(w) ? 1 : 0;
  return score;
}

/** How well content matches: occurrences per keyword, each capped at 5 so one word cannot dominate. */
export function contentScore(text: string, words: readonly string[]): number {
  const lower = text.toLowerCase();
  let score = 0;
  for (const w of words) {
    let n = 0;
    for (let at = lower.indexOf(w); at !== -1 && n < 5; at = lower.indexOf(w, at + w.length)) n++;
    score += n;
  }
  return score;
}

/**
 * A few files relevant to the question, cheaply: every listed file is ranked by its path, the
 * best few hundred small text files are read and ranked by content too, and the top ones are
 * kept within the character budget. The README is a fallback when nothing matches.
 */
export async function pickContext(repoDir: string, question: string): Promise<ContextFile[]> {
  const words = keywords(question);
  const listing = await listLocalFiles(repoDir, { maxFiles: 100_000 });
  const candidates = listing.files
    .filter((f) => f.size > 0 && f.size <= ASK_LIMITS.fileBytes && classifyPath(f.path) === null)
    // The README is read early (a tie-break), but is context only if it matches or nothing does.
    .map((f) => ({ path: f.path, score: pathScore(f.path, words) + (/^readme(\.|$)/i.test(f.path) ? 0.5 : 0), depth: f.path.split("/").length, size: f.size }))
    .sort((a, b) => b.score - a.score || a.depth - b.depth || a.size - b.size || a.path.localeCompare(b.path))
    .slice(0, ASK_LIMITS.read);
  const scored: { path: string; content: string; score: number }[] = [];
  for (const c of candidates) {
    const content = await readRepoText(repoDir, c.path);
    if (content === undefined) continue;
    scored.push({ path: c.path, content, score: 2 * pathScore(c.path, words) + contentScore(content, words) });
  }
  scored.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
  let chosen = scored.filter((s) => s.score > 0);
  if (chosen.length === 0) chosen = scored.filter((s) => /^readme(\.|$)/i.test(s.path));
  const out: ContextFile[] = [];
  let budget: number = ASK_LIMITS.chars;
  for (const file of chosen) {
    if (out.length >= ASK_LIMITS.files || budget <= 0) break;
    const limit = Math.min(ASK_LIMITS.fileChars, budget);
    const content = file.content.length > limit ? `${file.content.slice(0, limit)}\n… (cut: the file has ${file.content.length} characters)\n` : file.content;
    out.push({ path: file.path, content });
    budget -= content.length;
  }
  return out;
}

/** A listed file's text; undefined for a binary, a file that is now a symlink, or one that cannot be read. */
async function readRepoText(repoDir: string, file: string): Promise<string | undefined> {
  const full = path.join(repoDir, file);
  try {
    // The listing never returns symlinks; check again at read time (it may have changed since).
    const stats = await lstat(full);
    if (!stats.isFile() || stats.size > ASK_LIMITS.fileBytes) return undefined;
    const bytes = await readFile(full);
    if (isBinary(bytes)) return undefined;
    return bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

/**
 * `lodestar ask`: one question about a repository through the router, local first, with a few
 * relevant files as context. Honours the repo config (models, thresholds, budgets, never-send),
 * the ledger and the decision log in the state folder.
 */
export async function askCommand(options: AskCommandOptions): Promise<AskCommandResult> {
  const question = options.question.trim();
  if (!question) throw new UserError("ask: give a question, e.g. lodestar ask --repo . \"Where is the config loaded?\"");
  if (question.length > ASK_LIMITS.questionChars) throw new UserError(`ask: the question is longer than ${ASK_LIMITS.questionChars} characters`);
  const repoDir = await requireDirectory(options.repo);
  const loaded = await loadRepoConfig(repoDir);
  if (!loaded.ok) throw new UserError(`invalid config, nothing ran:\n${loaded.message}`, 1);
  const env = options.env ?? process.env;
  const state = await openState({ env });
  const context = await pickContext(repoDir, question);
  const router = await createRouter({ env, config: loaded.config, state, repo: path.basename(repoDir), job: `ask-${randomUUID()}`, ...options.router });
  if (!router.available) throw new UserError(router.unavailableReason ?? "no model can be used", 1);
  try {
    const answer = await router.complete({
      kind: "ask",
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: question },
      ],
      context,
      problem: question,
      maxOutputTokens: ASK_LIMITS.answerTokens,
    });
    return { answer, files: context.map((f) => f.path) };
  } catch (error) {
    if (error instanceof LlmUnavailableError) throw new UserError(error.message, 1);
    throw error;
  }
}

const count = (n: number): string => n.toLocaleString("en-US");

/** How the answer was reached, in a few words. */
function routeText(answer: LlmAnswer): string {
  const d = answer.decision;
  const why = d.reasons.length ? `: ${d.reasons.join("; ")}` : "";
  const main = d.route === "escalated" ? `escalated${why}` : "local";
  return d.localOnly ? `${main}; local only: ${d.localOnly}` : main;
}

/** What `lodestar ask` prints: the answer, then who answered, tokens and cost, and the files read. */
export function formatAskText(result: AskCommandResult): string {
  const a = result.answer;
  const lines = [
    a.text.trim(),
    "",
    // Confidence is the local answer's measure; a cloud answer without a verifier has no evidence either way.
    `answered by ${a.provider} ${a.model} (${routeText(a)}${a.decision.route === "local" ? `; confidence ${a.confidence.toFixed(2)}` : ""})`,
    `tokens: ${count(a.usage.inputTokens)} in, ${count(a.usage.outputTokens)} out in ${a.calls} call${a.calls === 1 ? "" : "s"} · cost $${a.costUsd.toFixed(4)}`,
    `context: ${result.files.length ? result.files.join(", ") : "no repository file matched the question"}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** `lodestar ask --json`: the answer with its figures. */
export function formatAskJson(result: AskCommandResult): string {
  const a = result.answer;
  const out = {
    answer: a.text,
    provider: a.provider,
    model: a.model,
    usage: a.usage,
    costUsd: a.costUsd,
    latencyMs: a.latencyMs,
    confidence: a.confidence,
    decision: a.decision,
    calls: a.calls,
    context: result.files,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
