import ts from "typescript";
import type { JsContext } from "./context.js";
import { calleeMember, unwrap, unwrapAwait } from "./syntax.js";

const MAX_DEPTH = 24;

/**
 * The value of an expression when it is a compile-time constant: literals, `+` and template
 * literals of constants, `a ? "x" : "y"` of constants, and names declared once with `const`
 * and a constant initialiser. Undefined otherwise.
 */
export function constantText(expr: ts.Expression, ctx: JsContext, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrap(expr);
  switch (e.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
      return (e as ts.LiteralExpression).text;
    case ts.SyntaxKind.TrueKeyword:
      return "true";
    case ts.SyntaxKind.FalseKeyword:
      return "false";
    case ts.SyntaxKind.NullKeyword:
      return "null";
    case ts.SyntaxKind.TemplateExpression: {
      const t = e as ts.TemplateExpression;
      let text = t.head.text;
      for (const span of t.templateSpans) {
        const part = constantText(span.expression, ctx, depth + 1);
        if (part === undefined) return undefined;
        text += part + span.literal.text;
      }
      return text;
    }
    case ts.SyntaxKind.BinaryExpression: {
      const b = e as ts.BinaryExpression;
      if (b.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
      const l = constantText(b.left, ctx, depth + 1);
      const r = l === undefined ? undefined : constantText(b.right, ctx, depth + 1);
      return l === undefined || r === undefined ? undefined : l + r;
    }
    case ts.SyntaxKind.ConditionalExpression: {
      const c = e as ts.ConditionalExpression;
      const t = constantText(c.whenTrue, ctx, depth + 1);
      return t !== undefined && constantText(c.whenFalse, ctx, depth + 1) !== undefined ? t : undefined;
    }
    case ts.SyntaxKind.Identifier: {
      const name = (e as ts.Identifier).text;
      if (name === "undefined") return "undefined";
      const init = ctx.locals.constantInitializer(name);
      return init ? constantText(init, ctx, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** True for constants and arrays of constants (an argument list written out in full). */
export function isConstant(expr: ts.Expression, ctx: JsContext): boolean {
  const e = unwrap(expr);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((el) => !ts.isSpreadElement(el) && isConstant(el, ctx));
  return constantText(e, ctx) !== undefined;
}

/** How a dynamic string was put together, for messages. */
export type BuiltHow = "a template literal" | "string concatenation" | "a non-literal value";

/** Describes a non-constant string argument for a message. */
export function describeDynamic(expr: ts.Expression): BuiltHow {
  const e = unwrap(expr);
  if (ts.isTemplateExpression(e)) return "a template literal";
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return "string concatenation";
  return "a non-literal value";
}

/** True when an expression is a string by its syntax: a string or template literal, or `+` with one. */
export function isStringSyntax(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isStringSyntax(e.left) || isStringSyntax(e.right);
  return false;
}

/**
 * The shape of a string as built in code: the constant parts joined (values that cannot change
 * the SQL, such as numbers and escaped values, count as "?"), whether anything else was mixed
 * in, and how. Undefined when the expression is not recognisably a string.
 */
export interface StringShape {
  text: string;
  dynamic: boolean;
  how?: BuiltHow;
}

/** Calls whose result cannot carry SQL syntax: numbers and the drivers' escaping helpers. */
const SQL_SAFE_CALLS = new Set([
  "Number",
  "parseInt",
  "parseFloat",
  "BigInt",
  "escape",
  "escapeId",
  "escapeLiteral",
  "escapeIdentifier",
  "quote",
  "quoteIdentifier",
  "format", // mysql.format / SqlString.format substitute escaped values into ? placeholders
]);

function sqlSafe(e: ts.Expression): boolean {
  const u = unwrapAwait(e);
  if (ts.isNumericLiteral(u)) return true;
  if (ts.isPrefixUnaryExpression(u) && (u.operator === ts.SyntaxKind.PlusToken || u.operator === ts.SyntaxKind.MinusToken)) return true;
  if (ts.isCallExpression(u)) {
    const m = calleeMember(u);
    return m !== undefined && SQL_SAFE_CALLS.has(m);
  }
  return false;
}

function opaque(e: ts.Expression): StringShape {
  return sqlSafe(e) ? { text: "?", dynamic: false } : { text: "", dynamic: true, how: "a non-literal value" };
}

export function stringShape(expr: ts.Expression, ctx: JsContext, depth = 0): StringShape | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const constant = constantText(expr, ctx);
  if (constant !== undefined) return { text: constant, dynamic: false };
  const e = unwrapAwait(expr);
  if (ts.isTemplateExpression(e)) {
    let text = e.head.text;
    let dynamic = false;
    for (const span of e.templateSpans) {
      const part = constantText(span.expression, ctx);
      if (part !== undefined) text += part;
      else {
        const inner = stringShape(span.expression, ctx, depth + 1) ?? opaque(span.expression);
        text += inner.dynamic ? inner.text || "?" : inner.text;
        dynamic ||= inner.dynamic;
      }
      text += span.literal.text;
    }
    return dynamic ? { text, dynamic, how: "a template literal" } : { text, dynamic };
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = stringShape(e.left, ctx, depth + 1) ?? opaque(e.left);
    const r = stringShape(e.right, ctx, depth + 1) ?? opaque(e.right);
    const dynamic = l.dynamic || r.dynamic;
    const how = l.how === "a template literal" || r.how === "a template literal" ? "a template literal" : "string concatenation";
    return dynamic ? { text: l.text + r.text, dynamic, how } : { text: l.text + r.text, dynamic };
  }
  if (ts.isIdentifier(e)) return identifierShape(e, ctx, e.getStart(ctx.sf), depth);
  return undefined;
}

function identifierShape(id: ts.Identifier, ctx: JsContext, before: number, depth: number): StringShape | undefined {
  const a = ctx.locals.reaching(id, before);
  if (!a) return undefined;
  if (!a.value) return { text: "", dynamic: true, how: "a non-literal value" };
  const own = stringShape(a.value, ctx, depth + 1) ?? opaque(a.value);
  if (!a.append) return own;
  const prev = identifierShape(id, ctx, a.start, depth + 1) ?? { text: "", dynamic: false };
  const dynamic = prev.dynamic || own.dynamic;
  const how = own.how ?? prev.how ?? "string concatenation";
  return dynamic ? { text: prev.text + own.text, dynamic, how: how === "a non-literal value" ? "string concatenation" : how } : { text: prev.text + own.text, dynamic };
}
