/**
 * The repository's config as the app reads it: from the default branch only, through Probot's
 * `context.config` (which follows `_extends` and the org's `.github` repository). Shared by the
 * push check and `/lodestar config`, so both say the same thing about the same file.
 */
import type { Context } from "probot";
import { CONFIG_PATH, validateConfig, type LodestarConfig } from "../config/index.js";

export type RepoConfigRead =
  | { ok: true; config: LodestarConfig; absent: boolean; warnings: string[] }
  | { ok: false; conclusion: "failure" | "neutral"; title: string; summary: string };

/**
 * What went wrong reading the config. The config plugin wraps a YAML error with its cause (line
 * and problem); an HTTP error (403, 5xx, rate limit) means we could not read it, which is not
 * the user's config being wrong: that check ends neutral, never green.
 */
export function describeConfigError(error: unknown): { conclusion: "failure" | "neutral"; title: string; summary: string } {
  const err = error as { message?: string; status?: number; cause?: { message?: string } };
  if (typeof err?.status === "number") {
    return {
      conclusion: "neutral",
      title: "Could not read the Lodestar config",
      summary: `Lodestar did not run: reading ${CONFIG_PATH} failed with HTTP ${err.status}. It will try again on the next push.`,
    };
  }
  const message = (err?.message ?? String(error)).replace(/^\[@probot\/octokit-plugin-config\] /, "");
  const cause = err?.cause?.message?.split("\n")[0];
  return {
    conclusion: "failure",
    title: "Invalid Lodestar config",
    summary: `Lodestar did not run because its config on the default branch is invalid:\n\n\`\`\`\n${CONFIG_PATH}: ${message}${cause ? `\n${cause}` : ""}\n\`\`\``,
  };
}

export async function readRepoConfig(context: Pick<Context, "config">): Promise<RepoConfigRead> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_PATH.replace(/^\.github\//, ""));
  } catch (error) {
    return { ok: false, ...describeConfigError(error) };
  }
  const result = validateConfig(raw);
  if (!result.ok) {
    return {
      ok: false,
      conclusion: "failure",
      title: "Invalid Lodestar config",
      summary: `Lodestar did not run because its config on the default branch is invalid:\n\n\`\`\`\n${result.message}\n\`\`\``,
    };
  }
  return { ok: true, config: result.config, absent: raw === null || raw === undefined, warnings: result.warnings ?? [] };
}

const usd = (n: number) => `$${n}`;
/** A value from the file as a code span: no Markdown, no @-mention, no table break. */
const code = (text: string) => `\`${text.replace(/[`|\r\n]/g, "?")}\``;
const count = (n: number) => n.toLocaleString("en-US");

/** The effective settings a user most often asks about, as a Markdown table. */
export function describeConfig(config: LodestarConfig): string {
  const modules = Object.entries(config.modules);
  const on = modules.filter(([, t]) => t.enabled).map(([n]) => n);
  const off = modules.filter(([, t]) => !t.enabled).map(([n]) => n);
  const m = config.models;
  const cloud = m.cloud === "none" ? "none" : `${m.cloud} ${code(m.cloud === "anthropic" ? m["anthropic-model"] : m["openai-model"])}`;
  const b = config.budgets;
  const t = config.thresholds;
  const pr = config["pull-requests"];
  return [
    "| Setting | Value |",
    "| --- | --- |",
    `| Modules | ${on.length ? on.join(", ") : "none"} on${off.length ? `; ${off.join(", ")} off` : ""} |`,
    `| Models | local ${code(m.local)} (context ${count(m["local-context"])} tokens), cloud ${cloud} |`,
    `| Budgets | ${usd(b["daily-usd"])} a day, ${usd(b["monthly-usd"])} a month, ${usd(b["cycle-usd"])} a cycle; ${count(b["daily-tokens"])} tokens a day, ${count(b["monthly-tokens"])} a month |`,
    `| Escalation | confidence < ${t.confidence}, complexity > ${t.complexity}, novelty > ${t.novelty} |`,
    `| Pull requests | ${pr["per-hour"]} an hour, ${pr["max-open"]} open at once, at most ${count(pr["max-changed-lines"])} changed lines |`,
    `| Never sent to a cloud model | ${config["never-send"].map(code).join(", ") || "nothing excluded"} |`,
  ].join("\n");
}
