import type { PyContext, PyRule } from "../context.js";
import { describeDynamic, isConstant } from "../string-shape.js";
import { field, keywordArg, positionalArgs, unparen, type PyNode } from "../syntax-tree.js";

/** Functions that always run their command through a shell. */
const SHELL_RUNNERS = new Set([
  "os.system",
  "os.popen",
  "os.popen2",
  "os.popen3",
  "os.popen4",
  "subprocess.getoutput",
  "subprocess.getstatusoutput",
  "commands.getoutput",
  "commands.getstatusoutput",
  "asyncio.create_subprocess_shell",
]);
/** Functions that use a shell only with shell=True. */
const SUBPROCESS = new Set(["subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"]);

function commandArg(call: PyNode, ctx: PyContext, keywords: readonly string[]): PyNode | undefined {
  const first = positionalArgs(call)[0];
  if (first) return first;
  for (const k of keywords) {
    const kw = keywordArg(call, k, ctx.src);
    const v = kw && field(kw, "value");
    if (v) return v;
  }
  return undefined;
}

function shellTrue(call: PyNode, ctx: PyContext): boolean {
  const kw = keywordArg(call, "shell", ctx.src);
  const v = kw && field(kw, "value");
  if (!v) return false;
  const u = unparen(v);
  return u.type === "true" || (u.type === "integer" && ctx.text(u) !== "0");
}

function check(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  const name = fn && ctx.names.dotted(fn);
  if (!name) return;
  if (SHELL_RUNNERS.has(name)) {
    const cmd = commandArg(call, ctx, ["cmd", "command", "program"]);
    if (cmd && !isConstant(cmd, ctx)) {
      ctx.report("sast/command-injection", call, `${name}() runs a shell command built from ${describeDynamic(cmd, ctx)}; use subprocess.run([...]) without a shell.`);
    }
  } else if (SUBPROCESS.has(name) && shellTrue(call, ctx)) {
    const cmd = commandArg(call, ctx, ["args"]);
    if (cmd && !isConstant(cmd, ctx)) {
      ctx.report(
        "sast/command-injection",
        call,
        `${name}(..., shell=True) runs a command built from ${describeDynamic(cmd, ctx)} through a shell; pass an argument list without shell=True.`,
      );
    }
  }
}

/** os.system/os.popen with a non-constant command, subprocess with shell=True and a non-constant command. */
export const pyCommandInjectionRule: PyRule = { types: ["call"], check };
