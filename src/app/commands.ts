/**
 * The `/lodestar <command>` grammar and catalogue. One parser for every front door that
 * takes commands; the help text is generated from the same catalogue so it never drifts.
 */
export type CommandName =
  | "help" | "status" | "usage" | "scan" | "review" | "tests" | "refactor" | "fix" | "summary" | "config" | "pause" | "resume" | "ask";

/** What a command's argument may be. */
export type ArgKind = "none" | "path" | "text";

/** Where the work happens: answered in the webhook, or sent to the repository's runner. */
export type CommandRunner = "webhook" | "runner";

export interface CommandSpec {
  name: CommandName;
  args?: string;
  argKind: ArgKind;
  summary: string;
  /** The least repository role that may run it (checked with the permission API at command time). */
  minRole: "none" | "write" | "maintain";
  runner: CommandRunner;
  /** Where the command makes sense: anywhere, only in a pull request, or only in an issue. */
  on: "any" | "pull_request" | "issue";
  /** False until the capability behind it has landed; help lists these apart. */
  available: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: "help", argKind: "none", summary: "Show this list of commands.", minRole: "none", runner: "webhook", on: "any", available: true },
  { name: "status", argKind: "none", summary: "Budget, last cycle and queue for this repository.", minRole: "write", runner: "webhook", on: "any", available: true },
  { name: "usage", argKind: "none", summary: "Model usage and spend against the budgets (from the runner's ledger).", minRole: "write", runner: "runner", on: "any", available: true },
  { name: "scan", args: "[path]", argKind: "path", summary: "Run the full security scan now (secrets, code patterns, vulnerable dependencies).", minRole: "write", runner: "runner", on: "any", available: true },
  { name: "review", argKind: "none", summary: "On a pull request: findings on its diff.", minRole: "write", runner: "webhook", on: "pull_request", available: true },
  { name: "tests", args: "[path]", argKind: "path", summary: "Propose tests for the least-covered code.", minRole: "write", runner: "runner", on: "any", available: true },
  { name: "refactor", args: "[path]", argKind: "path", summary: "Propose a verified simplification of a hotspot.", minRole: "write", runner: "runner", on: "any", available: true },
  { name: "fix", argKind: "none", summary: "On an issue: try a verified pull request that fixes it.", minRole: "write", runner: "runner", on: "issue", available: true },
  { name: "summary", argKind: "none", summary: "Refresh the daily summary issue now (reopens it if it was closed).", minRole: "write", runner: "runner", on: "any", available: true },
  { name: "config", argKind: "none", summary: "Validate this repository's .github/lodestar.yml.", minRole: "write", runner: "webhook", on: "any", available: true },
  { name: "pause", argKind: "none", summary: "Stop scheduled work for this repository.", minRole: "maintain", runner: "webhook", on: "any", available: true },
  { name: "resume", argKind: "none", summary: "Restart scheduled work for this repository.", minRole: "maintain", runner: "webhook", on: "any", available: true },
  { name: "ask", args: "<question>", argKind: "text", summary: "Ask a question about this repository.", minRole: "write", runner: "runner", on: "any", available: true },
];

export type ParsedCommand =
  | { kind: "command"; spec: CommandSpec; args: string }
  | { kind: "unknown"; name: string }
  | { kind: "invalid"; spec: CommandSpec; reason: string }
  | { kind: "none" };

/** Longest text after `/lodestar` we look at: commands are short, comments can be huge. */
const MAX_COMMAND_LINE = 1000;
/** Longest question `ask` takes. */
export const MAX_QUESTION = 500;
/** Longest path argument. */
const MAX_PATH = 200;

/**
 * Why a path argument is refused (FAULTS 12, 17), or null. A path is repository-relative and
 * says nothing else: no flags, no settings, no URL, nothing outside the repository.
 */
export function pathArgumentProblem(arg: string): string | null {
  if (arg.split(/\s+/).some((word) => word.startsWith("-") || word.includes("="))) {
    return "arguments cannot set options (model, budget, endpoint…): the repository's config decides those";
  }
  if (/\s/.test(arg)) return "takes at most one path";
  if (arg.length > MAX_PATH) return `the path is longer than ${MAX_PATH} characters`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(arg)) return "takes a path in this repository, not a URL";
  if (arg.includes("\0") || /[\u0000-\u001f\u007f]/.test(arg)) return "the path contains control characters";
  if (arg.startsWith("/") || arg.startsWith("\\") || arg.startsWith("~")) return "takes a path relative to the repository's root";
  const parts = arg.split(/[\\/]/);
  if (parts.includes("..")) return "the path leaves the repository";
  if (parts.some((p) => p.toLowerCase() === ".git")) return "the path is inside .git";
  if (!/^[\w./@+-]+$/u.test(arg)) return "the path contains characters Lodestar does not accept in a path argument";
  return null;
}

/** Checks a command's argument against its kind; returns the normalised argument or the reason it is refused. */
function checkArgs(spec: CommandSpec, raw: string): { ok: true; args: string } | { ok: false; reason: string } {
  const args = raw.trim();
  switch (spec.argKind) {
    case "none":
      return args ? { ok: false, reason: `\`/lodestar ${spec.name}\` takes no arguments` } : { ok: true, args };
    case "path": {
      if (!args) return { ok: true, args };
      const problem = pathArgumentProblem(args);
      return problem ? { ok: false, reason: `\`/lodestar ${spec.name}\` ${problem}` } : { ok: true, args: args.replace(/\\/g, "/").replace(/^\.\/+/, "").replace(/\/+$/, "") };
    }
    case "text":
      if (!args) return { ok: false, reason: `\`/lodestar ${spec.name}\` needs a question` };
      if (args.length > MAX_QUESTION) return { ok: false, reason: `the question is longer than ${MAX_QUESTION} characters` };
      return { ok: true, args };
  }
}

/**
 * Finds the first line of a comment that starts with `/lodestar` and parses it.
 * `/lodestar` alone means `help`. Text elsewhere in the comment is ignored.
 */
export function parseCommand(body: string): ParsedCommand {
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim().slice(0, MAX_COMMAND_LINE + "/lodestar ".length);
    const match = /^\/lodestar(?:\s+(\S+))?(?:\s+(.*))?$/i.exec(line);
    if (!match) continue;
    const name = (match[1] ?? "help").toLowerCase();
    const spec = COMMANDS.find((c) => c.name === name);
    if (!spec) return { kind: "unknown", name };
    const checked = checkArgs(spec, match[2] ?? "");
    return checked.ok ? { kind: "command", spec, args: checked.args } : { kind: "invalid", spec, reason: checked.reason };
  }
  return { kind: "none" };
}

/** The command's spec by name. */
export function commandSpec(name: CommandName): CommandSpec {
  return COMMANDS.find((c) => c.name === name)!;
}

/** The help comment, from the catalogue. */
export function renderHelp(preface?: string): string {
  const row = (c: CommandSpec) =>
    `| \`/lodestar ${c.name}${c.args ? ` ${c.args}` : ""}\` | ${c.summary} | ${c.minRole === "none" ? "anyone" : c.minRole} |`;
  const now = COMMANDS.filter((c) => c.available);
  const coming = COMMANDS.filter((c) => !c.available);
  return [
    ...(preface ? [preface, ""] : []),
    "### Lodestar commands",
    "",
    "| Command | What it does | Who may run it |",
    "| --- | --- | --- |",
    ...now.map(row),
    "",
    ...(coming.length
      ? ["<details><summary>Coming in later releases</summary>", "", "| Command | What it will do | Who may run it |", "| --- | --- | --- |", ...coming.map(row), "", "</details>", ""]
      : []),
    "Write the command at the start of a line in a comment on an issue or pull request. Commands that need the runner (tests, refactor, fix, ask, scan, usage, summary) answer in a status comment that follows the job.",
  ].join("\n");
}
