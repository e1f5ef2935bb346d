/**
 * The commands the filters run for one candidate, as argv arrays (never shell strings,
 * FAULTS 13). Pure.
 */
import type { RepoCommands } from "../../sandbox/index.js";

/**
 * A syntax check of one file with the language's own tool, or null when there is none that
 * runs without a build (TypeScript, Java, Rust… are checked by the build command and the
 * test runner instead).
 */
export function syntaxCheckCommand(path: string): string[] | null {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  switch (ext) {
    case "js":
    case "mjs":
    case "cjs":
      return ["node", "--check", path];
    case "py":
      return ["python3", "-m", "py_compile", path];
    case "go":
      return ["gofmt", "-e", "-l", path];
    case "rb":
      return ["ruby", "-c", path];
    case "php":
      return ["php", "-l", path];
    default:
      return null;
  }
}

const base = (arg: string): string => arg.slice(arg.lastIndexOf("/") + 1);

/** Node options that take their value as the next argument. */
const NODE_VALUE_FLAGS = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader", "--conditions", "-C", "--test-name-pattern", "--test-skip-pattern", "--test-concurrency", "--test-timeout", "--env-file"]);

/**
 * The options of a `node --test …` command without its positionals (which would add the
 * repo's own test paths to the run) and without reporters (their output is ours to read).
 */
function nodeFlags(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-")) continue;
    const takesValue = NODE_VALUE_FLAGS.has(arg) || arg === "--test-reporter" || arg === "--test-reporter-destination";
    if (arg.startsWith("--test-reporter") || arg === "--experimental-test-coverage") {
      if (takesValue) i++;
      continue;
    }
    out.push(arg);
    if (takesValue && i + 1 < args.length) out.push(args[++i]!);
  }
  return out;
}

/**
 * The repo's test command narrowed to one test file, so the reruns cost seconds rather than a
 * whole suite each: `node --test <file>` (keeping the repo's flags), pytest with the file, `go
 * test` of the file's package. Other runners get the whole test command: narrowing them needs
 * knowledge of their config (Jest projects, Vitest workspaces) that is easy to get wrong, and
 * a wrong narrowing would run nothing and pass.
 */
export function focusedTestCommand(commands: Pick<RepoCommands, "test" | "ecosystem">, testPath: string): string[] {
  const test = commands.test;
  if (commands.ecosystem === "node-test") {
    const direct = test[0] !== undefined && base(test[0]) === "node" && test.includes("--test");
    return ["node", ...(direct ? nodeFlags(test.slice(1)) : ["--test"]), testPath];
  }
  if (commands.ecosystem === "pytest") {
    const at = test.findIndex((a) => base(a) === "pytest" || base(a) === "py.test");
    if (at !== -1) return [...test.slice(0, at + 1), testPath];
    return test;
  }
  if (commands.ecosystem === "go" && test[0] !== undefined && base(test[0]) === "go" && test[1] === "test") {
    const dir = testPath.includes("/") ? testPath.slice(0, testPath.lastIndexOf("/")) : ".";
    return ["go", "test", dir === "." ? "." : `./${dir}`];
  }
  return test;
}

/** An argv as one line for evidence and logs (quoted where a reader could misread it). */
export function showCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}
