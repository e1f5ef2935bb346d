import ts from "typescript";
import type { JsContext, JsRule } from "../context.js";
import { requestSource } from "../request-taint.js";
import { calleeMember, calleeReceiver, objectProperty, unwrap } from "../syntax.js";

/** fs functions (callback, Sync and promise forms share names) whose first argument is a path. */
const FS_PATH_FUNCTIONS = new Set([
  "readFile",
  "readFileSync",
  "writeFile",
  "writeFileSync",
  "appendFile",
  "appendFileSync",
  "createReadStream",
  "createWriteStream",
  "open",
  "openSync",
  "readdir",
  "readdirSync",
  "unlink",
  "unlinkSync",
  "rm",
  "rmSync",
  "rmdir",
  "rmdirSync",
  "readJson",
  "readJsonSync",
  "outputFile",
  "outputFileSync",
  "remove",
  "removeSync",
]);
/** fs functions where both the first and second arguments are paths. */
const FS_TWO_PATH_FUNCTIONS = new Set(["copyFile", "copyFileSync", "rename", "renameSync", "copy", "copySync", "move", "moveSync"]);
const RESPONSE_NAMES = new Set(["res", "response", "reply"]);

function fsFunction(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const m = /^fs\.(?:promises\.)?([A-Za-z]+)$/.exec(name);
  return m ? m[1] : undefined;
}

/** Path arguments of a sink call, or undefined when the call is not a sink. */
function pathArguments(call: ts.CallExpression, ctx: JsContext): { label: string; args: readonly ts.Expression[] } | undefined {
  const name = ctx.names.dotted(call.expression);
  const fn = fsFunction(name);
  if (fn && FS_PATH_FUNCTIONS.has(fn)) return { label: name!, args: call.arguments.slice(0, 1) };
  if (fn && FS_TWO_PATH_FUNCTIONS.has(fn)) return { label: name!, args: call.arguments.slice(0, 2) };
  const member = calleeMember(call);
  const receiver = calleeReceiver(call);
  if (member === "sendFile" || (member === "download" && receiver && ts.isIdentifier(unwrap(receiver)) && RESPONSE_NAMES.has((unwrap(receiver) as ts.Identifier).text))) {
    // With a `root` option express's send() refuses paths that climb out of the root.
    const hasRoot = call.arguments.some((a) => {
      const o = unwrap(a);
      return ts.isObjectLiteralExpression(o) && objectProperty(o, "root") !== undefined;
    });
    return hasRoot ? undefined : { label: `${member}`, args: call.arguments.slice(0, 1) };
  }
  return undefined;
}

function check(call: ts.CallExpression, ctx: JsContext): void {
  const sink = pathArguments(call, ctx);
  if (!sink) return;
  for (const arg of sink.args) {
    const source = requestSource(arg, ctx);
    if (!source) continue;
    const origin = source.getText(ctx.sf);
    ctx.report(
      "sast/path-traversal",
      call,
      `${sink.label}() gets a path from request input (${origin.length > 60 ? `${origin.slice(0, 57)}...` : origin}); ` +
        "keep only the file name (path.basename) or check the resolved path stays inside the intended folder.",
    );
    return;
  }
}

/** File-system calls and res.sendFile/download whose path comes from request input. */
export const pathTraversalRule: JsRule = {
  kinds: [ts.SyntaxKind.CallExpression],
  check: (node, ctx) => check(node as ts.CallExpression, ctx),
};
