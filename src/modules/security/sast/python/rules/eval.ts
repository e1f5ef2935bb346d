import type { PyContext, PyRule } from "../context.js";
import { describeDynamic, isConstant } from "../string-shape.js";
import { field, keywordArg, positionalArgs, type PyNode } from "../syntax-tree.js";

const BUILTINS = new Set(["eval", "exec", "compile"]);
const QUALIFIED = new Set(["builtins.eval", "builtins.exec", "builtins.compile"]);

function check(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  if (!fn) return;
  const name = ctx.names.dotted(fn);
  if (name === undefined) return;
  // A bare name is the builtin only when the file does not define or import it (`from re import compile`).
  const builtin = fn.type === "identifier" && BUILTINS.has(name) && !ctx.locals.isDefined(name);
  if (!builtin && !QUALIFIED.has(name)) return;
  const keyword = keywordArg(call, "source", ctx.src);
  const code = positionalArgs(call)[0] ?? (keyword && field(keyword, "value"));
  if (!code || isConstant(code, ctx)) return;
  const short = name.replace(/^builtins\./, "");
  ctx.report("sast/eval", call, `${short}() runs ${describeDynamic(code, ctx)} as Python code; use ast.literal_eval or json for data.`);
}

/** eval, exec and compile with input that is not a constant. */
export const pyEvalRule: PyRule = { types: ["call"], check };
