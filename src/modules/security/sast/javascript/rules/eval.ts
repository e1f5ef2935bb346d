import ts from "typescript";
import type { JsContext, JsRule } from "../context.js";
import { describeDynamic, isConstant, isStringSyntax } from "../string-shape.js";
import { argsOf, unwrap } from "../syntax.js";

const GLOBAL_OBJECTS = ["window.", "globalThis.", "global.", "self."];
const VM_RUNNERS = new Set(["vm.runInNewContext", "vm.runInThisContext", "vm.runInContext", "vm.compileFunction"]);
const VM_CONSTRUCTORS = new Set(["vm.Script", "vm.SourceTextModule"]);
const TIMERS = new Set(["setTimeout", "setInterval", "execScript"]);

function withoutGlobal(name: string): string {
  for (const g of GLOBAL_OBJECTS) if (name.startsWith(g)) return name.slice(g.length);
  return name;
}

function checkCall(node: ts.CallExpression | ts.NewExpression, ctx: JsContext): void {
  const qualified = ctx.names.dotted(node.expression);
  if (qualified === undefined) return;
  const name = withoutGlobal(qualified);
  // A file that declares its own `Function` or `eval` (TypeBox does) calls that, not the global.
  if (ts.isIdentifier(unwrap(node.expression)) && ctx.locals.isDeclared(name)) return;
  const args = argsOf(node);
  const first = args[0];
  if (name === "eval" && ts.isCallExpression(node)) {
    if (first && !isConstant(first, ctx)) ctx.report("sast/eval", node, `eval() runs ${describeDynamic(first)} as code.`);
  } else if (name === "Function") {
    const dynamic = args.find((a) => !isConstant(a, ctx));
    if (dynamic) ctx.report("sast/eval", node, `The Function constructor compiles ${describeDynamic(dynamic)} into code, like eval().`);
  } else if (TIMERS.has(name) && ts.isCallExpression(node)) {
    if (first && isStringSyntax(first)) ctx.report("sast/eval", node, `${name}() with a string argument evaluates the string as code; pass a function instead.`);
  } else if ((ts.isCallExpression(node) && VM_RUNNERS.has(qualified)) || (ts.isNewExpression(node) && VM_CONSTRUCTORS.has(qualified))) {
    if (first && !isConstant(first, ctx)) {
      ctx.report("sast/eval", node, `${qualified}() runs ${describeDynamic(first)} as code; the vm module is not a security boundary.`);
    }
  }
}

/** eval, new Function, string timers and the vm module with code that is not a constant. */
export const evalRule: JsRule = {
  kinds: [ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression],
  check: (node, ctx) => checkCall(node as ts.CallExpression | ts.NewExpression, ctx),
};
