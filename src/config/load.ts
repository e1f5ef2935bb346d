import { lstat, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { configSchema, defaultConfig, type LodestarConfig } from "./schema.js";

/** Where the config lives in a repository (read from the default branch only). */
export const CONFIG_PATH = ".github/lodestar.yml";

/** One problem in a config file: the dotted path and what is wrong there. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: LodestarConfig; warnings?: string[] }
  | { ok: false; problems: ConfigProblem[]; message: string };

function dotted(issuePath: readonly PropertyKey[]): string {
  return issuePath.length === 0 ? "(top level)" : issuePath.map(String).join(".");
}

function describeIssue(issue: z.core.$ZodIssue): ConfigProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: dotted([...issue.path, key]),
      message: "unknown key (check the spelling; see docs/lodestar.schema.json)",
    }));
  }
  return [{ path: dotted(issue.path), message: issue.message }];
}

function failure(source: string, problems: ConfigProblem[]): ConfigResult {
  const lines = problems.map((p) => `${source}: ${p.path}: ${p.message}`);
  return { ok: false, problems, message: lines.join("\n") };
}

/**
 * Validates an already-parsed config object (what Probot's `context.config` returns).
 * `null`/`undefined` means "no config file": the defaults apply.
 */
export function validateConfig(raw: unknown, source = CONFIG_PATH): ConfigResult {
  if (raw === null || raw === undefined) return { ok: true, config: defaultConfig() };
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return failure(source, parsed.error.issues.flatMap(describeIssue));
}

/** Parses and validates the YAML text of a config file. */
export function parseConfigText(text: string, source = CONFIG_PATH): ConfigResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return failure(
      source,
      doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}` : "(yaml)",
        // prettyErrors appends " at line L, column C:" and a code frame; we give the line once.
        message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ""),
      })),
    );
  }
  return validateConfig(doc.toJS(), source);
}

/**
 * Reads `<repoDir>/.github/lodestar.yml` when present; defaults otherwise. A config that is a
 * symlink, or that resolves outside the repository, is refused: following it could print
 * another file's contents in an error message.
 */
export async function loadRepoConfig(repoDir: string): Promise<ConfigResult> {
  const file = path.join(repoDir, CONFIG_PATH);
  const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
    throw error;
  });
  if (!stats) return { ok: true, config: defaultConfig() };
  const root = await realpath(repoDir);
  const real = await realpath(file).catch(() => "");
  if (stats.isSymbolicLink() || !stats.isFile() || !real.startsWith(root + path.sep)) {
    return failure(CONFIG_PATH, [{ path: "(file)", message: "must be a regular file inside the repository (symlinks are not followed)" }]);
  }
  const result = parseConfigText(await readFile(file, "utf8"), CONFIG_PATH);
  if (result.ok && result.config._extends) {
    return {
      ...result,
      warnings: [`${CONFIG_PATH}: _extends (${result.config._extends}) is resolved by the app only; this run used the local file alone.`],
    };
  }
  return result;
}
