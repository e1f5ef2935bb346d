import ts from "typescript";
import type { JsContext, JsRule } from "../context.js";
import { constantText } from "../string-shape.js";
import { propertyNameText, unwrap } from "../syntax.js";

/** Options whose `false` turns certificate checks off (Node's tls/https, request, got, axios agents). */
const VERIFY_FLAGS = new Set(["rejectUnauthorized", "strictSSL"]);
const ENV_FLAG = "NODE_TLS_REJECT_UNAUTHORIZED";

function isFalse(e: ts.Expression): boolean {
  const v = unwrap(e);
  return v.kind === ts.SyntaxKind.FalseKeyword || (ts.isNumericLiteral(v) && v.text === "0");
}

/** A function that accepts every host name: `() => undefined`, `() => {}`, `function () { return; }`. */
function acceptsAnyHost(e: ts.Expression): boolean {
  const f = unwrap(e);
  if (!ts.isArrowFunction(f) && !ts.isFunctionExpression(f)) return false;
  const body = f.body;
  if (!ts.isBlock(body)) {
    const v = unwrap(body);
    return (ts.isIdentifier(v) && v.text === "undefined") || v.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(v);
  }
  return body.statements.every((s) => ts.isReturnStatement(s) && (!s.expression || (ts.isIdentifier(s.expression) && s.expression.text === "undefined")));
}

function checkProperty(p: ts.PropertyAssignment, ctx: JsContext): void {
  const name = propertyNameText(p.name);
  if (name === undefined) return;
  if (VERIFY_FLAGS.has(name) && isFalse(p.initializer)) {
    ctx.report("sast/tls-verification-disabled", p, `${name}: false turns off TLS certificate verification.`);
  } else if (name === ENV_FLAG && constantText(p.initializer, ctx) === "0") {
    ctx.report("sast/tls-verification-disabled", p, `${ENV_FLAG}=0 turns off TLS certificate verification for the whole process.`);
  } else if (name === "checkServerIdentity" && acceptsAnyHost(p.initializer)) {
    ctx.report("sast/tls-verification-disabled", p, "checkServerIdentity that accepts every host turns off TLS host-name verification.");
  }
}

function checkAssignment(b: ts.BinaryExpression, ctx: JsContext): void {
  if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const left = unwrap(b.left);
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(left)) name = left.name.text;
  else if (ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)) name = left.argumentExpression.text;
  if (name === undefined || !(ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left))) return;
  if (VERIFY_FLAGS.has(name) && isFalse(b.right)) {
    ctx.report("sast/tls-verification-disabled", b, `Setting ${name} to false turns off TLS certificate verification.`);
  } else if (name === ENV_FLAG && ctx.names.dotted(left.expression) === "process.env" && constantText(b.right, ctx) === "0") {
    ctx.report("sast/tls-verification-disabled", b, `process.env.${ENV_FLAG} = "0" turns off TLS certificate verification for the whole process.`);
  }
}

/** rejectUnauthorized/strictSSL false, NODE_TLS_REJECT_UNAUTHORIZED=0, a checkServerIdentity that accepts anything. */
export const tlsVerificationRule: JsRule = {
  kinds: [ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.BinaryExpression],
  check: (node, ctx) => {
    if (ts.isPropertyAssignment(node)) checkProperty(node, ctx);
    else checkAssignment(node as ts.BinaryExpression, ctx);
  },
};
