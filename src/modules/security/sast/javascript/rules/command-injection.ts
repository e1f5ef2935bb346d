import ts from "typescript";
import type { JsContext, JsRule } from "../context.js";
import { describeDynamic, isConstant } from "../string-shape.js";
import { objectProperty, unwrap } from "../syntax.js";

/** Functions that always hand their command string to a shell. */
const SHELL_RUNNERS = new Set(["child_process.exec", "child_process.execSync", "shelljs.exec"]);
/** Functions that use a shell only with `{ shell: true }`. */
const SPAWNERS = new Set(["child_process.spawn", "child_process.spawnSync", "child_process.execFile", "child_process.execFileSync"]);

/** `shell: true` or `shell: "/bin/sh"`: a value that turns the shell on for certain. */
function enablesShell(arg: ts.Expression): boolean {
  const e = unwrap(arg);
  if (!ts.isObjectLiteralExpression(e)) return false;
  const p = objectProperty(e, "shell");
  if (!p || !ts.isPropertyAssignment(p)) return false;
  const v = unwrap(p.initializer);
  return v.kind === ts.SyntaxKind.TrueKeyword || (ts.isStringLiteralLike(v) && v.text !== "");
}

/** Describes what a name holds when the argument is a local variable, for a clearer message. */
function describe(arg: ts.Expression, ctx: JsContext): string {
  const e = unwrap(arg);
  if (ts.isIdentifier(e)) {
    const value = ctx.locals.reaching(e)?.value;
    if (value && describeDynamic(value) !== "a non-literal value") return describeDynamic(value);
  }
  return describeDynamic(arg);
}

function check(call: ts.CallExpression, ctx: JsContext): void {
  const name = ctx.names.dotted(call.expression);
  if (name === undefined) return;
  const [first, second] = call.arguments;
  if (SHELL_RUNNERS.has(name)) {
    if (first && !isConstant(first, ctx)) {
      ctx.report(
        "sast/command-injection",
        call,
        `${name}() runs a shell command built from ${describe(first, ctx)}; use execFile/spawn with an argument array.`,
      );
    }
  } else if (SPAWNERS.has(name) && call.arguments.some(enablesShell)) {
    const argv = second && !ts.isObjectLiteralExpression(unwrap(second)) ? second : undefined;
    const dynamic = [first, argv].find((a) => a !== undefined && !isConstant(a, ctx));
    if (dynamic) {
      ctx.report(
        "sast/command-injection",
        call,
        `${name}() with shell: true runs a command built from ${describe(dynamic, ctx)} through a shell; drop the shell option.`,
      );
    }
  }
}

/** child_process.exec/execSync with a non-constant command, spawn/execFile with shell: true and dynamic input. */
export const commandInjectionRule: JsRule = {
  kinds: [ts.SyntaxKind.CallExpression],
  check: (node, ctx) => check(node as ts.CallExpression, ctx),
};
