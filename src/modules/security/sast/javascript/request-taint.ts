import ts from "typescript";
import type { JsContext } from "./context.js";
import { calleeMember, calleeReceiver, unwrapAwait } from "./syntax.js";

const MAX_DEPTH = 24;

/** Parts of an HTTP request a client controls, under the names frameworks give the request. */
const REQUEST_PARTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  // Express, Fastify, Next.js API routes, NestJS (`@Req() req`).
  ["req", new Set(["params", "query", "body", "cookies", "headers", "files", "file"])],
  ["request", new Set(["params", "query", "body", "cookies", "headers", "files", "file"])],
  // Koa: ctx.params, ctx.query, ctx.request.body / .query.
  ["ctx", new Set(["params", "query"])],
  ["context", new Set(["params", "query"])],
  // AWS Lambda behind API Gateway.
  ["event", new Set(["queryStringParameters", "multiValueQueryStringParameters", "pathParameters", "body"])],
]);
const KOA_REQUEST_PARTS = new Set(["body", "query", "params"]);

/** Calls that reduce a value to something that cannot climb directories. */
const SANITIZERS = new Set(["basename", "parseInt", "parseFloat", "Number", "Boolean", "sanitize", "sanitizeFilename", "sanitizePath"]);
/** Functions whose result carries their arguments' text along. */
const PROPAGATORS = new Set(["path.join", "path.resolve", "path.normalize", "path.posix.join", "path.win32.join", "String", "decodeURIComponent", "decodeURI", "Buffer.from"]);
/**
 * String methods whose result still carries the receiver's text. `replace` is left out on
 * purpose: code that calls it on a path is usually trying to strip `..`, and a rule that
 * flags the attempt is noise; a weak strip is a different finding than a missing one.
 */
const CARRYING_METHODS = new Set(["toString", "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "slice", "substring", "substr", "concat", "normalize", "padStart", "padEnd", "at", "valueOf"]);

/** The request expression a chain starts from (`req.query.file` → itself), when it is request input. */
function requestInput(e: ts.Expression): boolean {
  const props: string[] = [];
  let cur: ts.Expression = e;
  for (let i = 0; i < 16; i++) {
    if (ts.isPropertyAccessExpression(cur)) {
      props.push(cur.name.text);
      cur = unwrapAwait(cur.expression);
    } else if (ts.isElementAccessExpression(cur)) {
      props.push(ts.isStringLiteralLike(cur.argumentExpression) ? cur.argumentExpression.text : "[]");
      cur = unwrapAwait(cur.expression);
    } else break;
  }
  if (!ts.isIdentifier(cur) || props.length === 0) return false;
  props.reverse();
  const parts = REQUEST_PARTS.get(cur.text);
  if (!parts) return false;
  if (parts.has(props[0]!)) return true;
  return (cur.text === "ctx" || cur.text === "context") && props[0] === "request" && props.length > 1 && KOA_REQUEST_PARTS.has(props[1]!);
}

/**
 * The request input an expression's value comes from, through property reads, string
 * building, path.join/resolve and local variables of the same function (see LocalValues);
 * undefined when none does or a sanitiser (path.basename, Number, …) stands in between.
 * Calls to other functions end the trail: their result is not assumed to carry input.
 */
export function requestSource(expr: ts.Expression, ctx: JsContext, depth = 0): ts.Expression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrapAwait(expr);
  if (requestInput(e)) return e;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return requestSource(e.expression, ctx, depth + 1);
  if (ts.isIdentifier(e)) return identifierSource(e, ctx, e.getStart(ctx.sf), depth);
  if (ts.isBinaryExpression(e)) {
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.AmpersandAmpersandToken:
        return requestSource(e.left, ctx, depth + 1) ?? requestSource(e.right, ctx, depth + 1);
      default:
        return undefined;
    }
  }
  if (ts.isConditionalExpression(e)) return requestSource(e.whenTrue, ctx, depth + 1) ?? requestSource(e.whenFalse, ctx, depth + 1);
  if (ts.isTemplateExpression(e)) {
    for (const span of e.templateSpans) {
      const s = requestSource(span.expression, ctx, depth + 1);
      if (s) return s;
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    const member = calleeMember(e);
    if (member !== undefined && SANITIZERS.has(member)) return undefined;
    const name = ctx.names.dotted(e.expression);
    if (name !== undefined && PROPAGATORS.has(name)) {
      for (const arg of e.arguments) {
        const s = requestSource(ts.isSpreadElement(arg) ? arg.expression : arg, ctx, depth + 1);
        if (s) return s;
      }
      return undefined;
    }
    const receiver = calleeReceiver(e);
    if (receiver && member !== undefined && CARRYING_METHODS.has(member)) {
      const s = requestSource(receiver, ctx, depth + 1);
      if (s) return s;
      if (member === "concat") for (const arg of e.arguments) {
        const a = requestSource(arg, ctx, depth + 1);
        if (a) return a;
      }
    }
    return undefined;
  }
  return undefined;
}

function identifierSource(id: ts.Identifier, ctx: JsContext, before: number, depth: number): ts.Expression | undefined {
  const a = ctx.locals.reaching(id, before);
  if (!a) return undefined;
  const own = a.value ? requestSource(a.value, ctx, depth + 1) : a.from ? requestSource(a.from, ctx, depth + 1) : undefined;
  if (own || !a.append) return own;
  return identifierSource(id, ctx, a.start, depth + 1);
}
