import { randomUUID } from "node:crypto";
import path from "node:path";
import { ASK_LIMITS, pickContext } from "../../analysis/relevant-files.js";
import { loadRepoConfig } from "../../config/index.js";
import { createRouter, LlmUnavailableError, type CreateRouterOptions, type LlmAnswer } from "../../llm/index.js";
import { openState } from "../../state/index.js";
import { UserError } from "../user-error.js";
import { requireDirectory } from "./cycle.js";

export { ASK_LIMITS, contentScore, keywords, pathScore, pickContext } from "../../analysis/relevant-files.js";

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

const SYSTEM_PROMPT =
  "You answer questions about a software repository. Base the answer on the repository files given and name the files you rely on. " +
  "When they do not contain the answer, say so instead of guessing. Be concise.";

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
