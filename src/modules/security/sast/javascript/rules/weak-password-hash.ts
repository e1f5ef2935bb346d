import ts from "typescript";
import { namesPassword } from "../../password-names.js";
import type { JsContext, JsRule } from "../context.js";
import { constantText } from "../string-shape.js";
import { enclosingScope, isScope, propertyNameText, unwrap } from "../syntax.js";

const WEAK_ALGORITHMS = new Set(["md5", "md4", "sha1", "sha-1", "rsa-md5", "rsa-sha1"]);
/** Hash functions of npm packages (md5, sha1, crypto-js) called directly on the input. */
const WEAK_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ["md5", "MD5"],
  ["blueimp-md5", "MD5"],
  ["js-md5", "MD5"],
  ["crypto-js/md5", "MD5"],
  ["crypto-js.MD5", "MD5"],
  ["CryptoJS.MD5", "MD5"],
  ["sha1", "SHA-1"],
  ["js-sha1", "SHA-1"],
  ["crypto-js/sha1", "SHA-1"],
  ["crypto-js.SHA1", "SHA-1"],
  ["CryptoJS.SHA1", "SHA-1"],
]);

/** The first name in a subtree that reads as a password: identifiers, property names, short string keys. */
function passwordName(node: ts.Node): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) && namesPassword(n.text)) found = n.text;
    else if (ts.isStringLiteralLike(n) && n.text.length <= 40 && namesPassword(n.text)) found = n.text;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** The name a value is stored under: `const x = …`, `obj.x = …`, `{ x: … }`. */
function targetName(expr: ts.Node): ts.Node | undefined {
  let e = expr;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAwaitExpression(e.parent) || ts.isAsExpression(e.parent)) e = e.parent;
  const p = e.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === e) return p.name;
  if (ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left;
  if (ts.isPropertyAssignment(p) && p.initializer === e) return p.name;
  return undefined;
}

/** Names of the functions around a node (a method, a function, or the variable an arrow is stored in). */
function functionNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (let s = enclosingScope(node); s && !ts.isSourceFile(s); s = enclosingScope(s)) {
    if ((ts.isFunctionDeclaration(s) || ts.isFunctionExpression(s) || ts.isMethodDeclaration(s) || ts.isGetAccessor(s) || ts.isSetAccessor(s)) && s.name) {
      const n = propertyNameText(s.name);
      if (n) names.push(n);
    }
    const target = targetName(s);
    if (target && ts.isIdentifier(target)) names.push(target.text);
    else if (target && !ts.isIdentifier(target)) {
      const n = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isPropertyName(target) ? propertyNameText(target) : undefined;
      if (n) names.push(n);
    }
  }
  return names;
}

/** Arguments of `.update(…)` calls on the hash object stored in `name` within `scope`. */
function laterUpdates(scope: ts.Node, name: string): ts.Expression[] {
  const args: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (n !== scope && isScope(n)) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "update") {
      const recv = unwrap(n.expression.expression);
      if (ts.isIdentifier(recv) && recv.text === name) args.push(...n.arguments);
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return args;
}

function check(call: ts.CallExpression, ctx: JsContext): void {
  const name = ctx.names.dotted(call.expression);
  if (name === undefined) return;
  let algorithm: string | undefined;
  const inputs: ts.Expression[] = [];
  let top: ts.Expression = call;
  if (name === "crypto.createHash") {
    const first = call.arguments[0];
    const algo = first && constantText(first, ctx)?.toLowerCase();
    if (!algo || !WEAK_ALGORITHMS.has(algo)) return;
    algorithm = algo.includes("md") ? algo.replace(/^rsa-/, "").toUpperCase() : "SHA-1";
    // crypto.createHash("md5").update(a).update(b).digest("hex")
    for (;;) {
      const access = top.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== top || !ts.isCallExpression(access.parent)) break;
      if (access.name.text === "update") inputs.push(...access.parent.arguments);
      top = access.parent;
    }
  } else if (WEAK_FUNCTIONS.has(name)) {
    algorithm = WEAK_FUNCTIONS.get(name);
    inputs.push(...call.arguments);
  } else return;

  const target = targetName(top);
  if (target && ts.isIdentifier(target)) {
    const scope = enclosingScope(call);
    if (scope) inputs.push(...laterUpdates(scope, target.text));
  }
  const evidence =
    inputs.map(passwordName).find((n) => n !== undefined) ??
    (target ? passwordName(target) : undefined) ??
    functionNames(call).find((n) => namesPassword(n));
  if (evidence === undefined) return;
  ctx.report(
    "sast/weak-password-hash",
    call,
    `${algorithm} is used on a password (${evidence}); use a slow salted hash such as bcrypt, scrypt or Argon2.`,
  );
}

/** MD5/SHA-1 (crypto.createHash, md5, crypto-js) where the input or the names around it mention a password. */
export const weakPasswordHashRule: JsRule = {
  kinds: [ts.SyntaxKind.CallExpression],
  check: (node, ctx) => check(node as ts.CallExpression, ctx),
};
