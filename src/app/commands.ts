/**
 * The `/lodestar <command>` grammar and catalogue. One parser for every front door that
 * takes commands; the help text is generated from the same catalogue so it never drifts.
 */
export interface CommandSpec {
  name: string;
  args?: string;
  summary: string;
  /** The least repository role that may run it (checked with the permission API at command time). */
  minRole: "none" | "write" | "maintain";
  /** False until the capability behind it has landed; help lists these apart. */
  available: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: "help", summary: "Show this list of commands.", minRole: "none", available: true },
  { name: "status", summary: "Budget, last cycle and queue for this repository.", minRole: "write", available: false },
  { name: "usage", summary: "Model usage and spend against the budgets.", minRole: "write", available: false },
  { name: "scan", args: "[path]", summary: "Run the security scan now.", minRole: "write", available: false },
  { name: "review", summary: "On a pull request: findings on its diff.", minRole: "write", available: false },
  { name: "tests", args: "[path]", summary: "Propose tests for the least-covered code.", minRole: "write", available: false },
  { name: "refactor", args: "[path]", summary: "Propose a verified simplification of a hotspot.", minRole: "write", available: false },
  { name: "fix", summary: "On an issue: try a verified pull request that fixes it.", minRole: "write", available: false },
  { name: "summary", summary: "Refresh the daily summary issue now.", minRole: "write", available: false },
  { name: "config", summary: "Validate this repository's .github/lodestar.yml.", minRole: "write", available: true },
  { name: "pause", summary: "Stop scheduled work for this repository.", minRole: "maintain", available: false },
  { name: "resume", summary: "Restart scheduled work for this repository.", minRole: "maintain", available: false },
  { name: "ask", args: "<question>", summary: "Ask a question about this repository.", minRole: "write", available: false },
];

export type ParsedCommand =
  | { kind: "command"; spec: CommandSpec; args: string }
  | { kind: "unknown"; name: string }
  | { kind: "none" };

/** Longest text after `/lodestar` we look at: commands are short, comments can be huge. */
const MAX_COMMAND_LINE = 1000;

/**
 * Finds the first line of a comment that starts with `/lodestar` and parses it.
 * `/lodestar` alone means `help`. Text elsewhere in the comment is ignored.
 */
export function parseCommand(body: string): ParsedCommand {
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim().slice(0, MAX_COMMAND_LINE);
    const match = /^\/lodestar(?:\s+(\S+))?(?:\s+(.*))?$/i.exec(line);
    if (!match) continue;
    const name = (match[1] ?? "help").toLowerCase();
    const spec = COMMANDS.find((c) => c.name === name);
    return spec ? { kind: "command", spec, args: (match[2] ?? "").trim() } : { kind: "unknown", name };
  }
  return { kind: "none" };
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
    "Write the command at the start of a line in a comment on an issue or pull request.",
  ].join("\n");
}
