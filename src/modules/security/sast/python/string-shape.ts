import type { PyContext } from "./context.js";
import { field, keywordArgs, positionalArgs, unparen, type PyNode } from "./syntax-tree.js";

const MAX_DEPTH = 24;
const LITERAL_TYPES = new Set(["integer", "float", "true", "false", "none"]);

/** How a dynamic string was put together, for messages. */
export type PyBuiltHow = "an f-string" | "string concatenation" | "%-formatting" | ".format()" | "a non-literal value";

function interpolations(str: PyNode): PyNode[] {
  return str.children.filter((c) => c.type === "interpolation");
}

/** The text of a string literal's content (escapes as written, interpolations as "?"). */
function literalText(str: PyNode, ctx: PyContext): string {
  let text = "";
  for (const c of str.children) {
    if (c.type === "string_content") text += ctx.src.slice(c.start, c.end);
    else if (c.type === "interpolation") text += "?";
  }
  return text;
}

/**
 * True for compile-time constants: literals, strings (f-strings whose every interpolation is
 * a constant), `+`/`%` of constants, tuples and lists of constants, `a if c else b` with
 * constant branches, and names assigned once in the file to a constant.
 */
export function isConstant(node: PyNode, ctx: PyContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unparen(node);
  if (LITERAL_TYPES.has(n.type)) return true;
  switch (n.type) {
    case "string":
      return interpolations(n).every((i) => {
        const e = field(i, "expression") ?? i.children[0];
        return e !== undefined && isConstant(e, ctx, depth + 1);
      });
    case "concatenated_string":
    case "tuple":
    case "list":
      return n.children.every((c) => isConstant(c, ctx, depth + 1));
    case "binary_operator": {
      const l = field(n, "left");
      const r = field(n, "right");
      return l !== undefined && r !== undefined && isConstant(l, ctx, depth + 1) && isConstant(r, ctx, depth + 1);
    }
    case "unary_operator": {
      const a = field(n, "argument");
      return a !== undefined && isConstant(a, ctx, depth + 1);
    }
    case "conditional_expression": {
      const [a, , b] = n.children;
      return a !== undefined && b !== undefined && isConstant(a, ctx, depth + 1) && isConstant(b, ctx, depth + 1);
    }
    case "identifier": {
      const value = ctx.locals.singleValue(ctx.text(n));
      return value !== undefined && isConstant(value, ctx, depth + 1);
    }
    default:
      return false;
  }
}

/** Describes how a non-constant string was built, looking through a local variable. */
export function describeDynamic(node: PyNode, ctx: PyContext, depth = 0): PyBuiltHow {
  const n = unparen(node);
  if (n.type === "string" && interpolations(n).length > 0) return "an f-string";
  if (n.type === "concatenated_string") return n.children.some((c) => interpolations(c).length > 0) ? "an f-string" : "string concatenation";
  if (n.type === "binary_operator") {
    const op = field(n, "operator");
    return op && ctx.text(op) === "%" ? "%-formatting" : "string concatenation";
  }
  if (n.type === "call") {
    const fn = field(n, "function");
    if (fn?.type === "attribute" && ctx.text(field(fn, "attribute") ?? fn) === "format") return ".format()";
  }
  if (n.type === "identifier" && depth < 4) {
    const a = ctx.locals.reaching(n);
    if (a?.value) {
      const inner = describeDynamic(a.value, ctx, depth + 1);
      return a.append && inner === "a non-literal value" ? "string concatenation" : inner;
    }
  }
  return "a non-literal value";
}

/** A string as built in code: its constant text, whether other values were mixed in, and how. */
export interface PyStringShape {
  text: string;
  dynamic: boolean;
  how?: PyBuiltHow;
}

/** Calls whose result cannot carry SQL syntax. */
const SQL_SAFE_CALLS = new Set(["int", "float", "len", "bool", "escape_string", "escape", "quote", "literal", "sql_escape"]);

function sqlSafe(n: PyNode, ctx: PyContext): boolean {
  const u = unparen(n);
  if (u.type === "integer" || u.type === "float") return true;
  if (u.type !== "call") return false;
  const fn = field(u, "function");
  const name = fn ? ctx.names.dotted(fn) : undefined;
  return name !== undefined && SQL_SAFE_CALLS.has(name.split(".").pop()!);
}

function opaque(n: PyNode, ctx: PyContext): PyStringShape {
  return sqlSafe(n, ctx) ? { text: "?", dynamic: false } : { text: "", dynamic: true, how: "a non-literal value" };
}

function join(a: PyStringShape, b: PyStringShape, how: PyBuiltHow): PyStringShape {
  const dynamic = a.dynamic || b.dynamic;
  if (!dynamic) return { text: a.text + b.text, dynamic };
  const inner = [a.how, b.how].find((h) => h !== undefined && h !== "a non-literal value");
  return { text: a.text + b.text, dynamic, how: inner ?? how };
}

/**
 * The shape of a string expression: f-strings, implicit concatenation, `+`, `%` and
 * `.format()` on a literal, SQLAlchemy's `text(…)` wrapper, and local variables holding any
 * of those. Undefined when the expression is not recognisably a string.
 */
export function stringShape(node: PyNode, ctx: PyContext, depth = 0): PyStringShape | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unparen(node);
  switch (n.type) {
    case "string": {
      const dynamic = interpolations(n).some((i) => {
        const e = field(i, "expression") ?? i.children[0];
        return e === undefined || (!isConstant(e, ctx) && !sqlSafe(e, ctx));
      });
      return dynamic ? { text: literalText(n, ctx), dynamic, how: "an f-string" } : { text: literalText(n, ctx), dynamic };
    }
    case "concatenated_string":
      return n.children.reduce<PyStringShape>((acc, c) => join(acc, stringShape(c, ctx, depth + 1) ?? opaque(c, ctx), "an f-string"), { text: "", dynamic: false });
    case "binary_operator": {
      const l = field(n, "left");
      const r = field(n, "right");
      const op = field(n, "operator");
      if (!l || !r || !op) return undefined;
      const operator = ctx.text(op);
      if (operator === "+") return join(stringShape(l, ctx, depth + 1) ?? opaque(l, ctx), stringShape(r, ctx, depth + 1) ?? opaque(r, ctx), "string concatenation");
      if (operator === "%") {
        const left = stringShape(l, ctx, depth + 1);
        if (!left) return undefined;
        const dynamic = left.dynamic || (!isConstant(r, ctx) && !sqlSafe(r, ctx));
        return dynamic ? { text: left.text, dynamic, how: "%-formatting" } : { text: left.text, dynamic };
      }
      return undefined;
    }
    case "call": {
      const fn = field(n, "function");
      if (!fn) return undefined;
      if (fn.type === "attribute" && ctx.text(field(fn, "attribute") ?? fn) === "format") {
        const obj = field(fn, "object");
        const base = obj ? stringShape(obj, ctx, depth + 1) : undefined;
        if (!base) return undefined;
        const values = [...positionalArgs(n), ...keywordArgs(n).map((k) => field(k, "value")).filter((v): v is PyNode => v !== undefined)];
        const dynamic = base.dynamic || values.some((v) => !isConstant(v, ctx) && !sqlSafe(v, ctx));
        return dynamic ? { text: base.text, dynamic, how: ".format()" } : { text: base.text, dynamic };
      }
      const name = ctx.names.dotted(fn);
      if (name === "text" || name === "sqlalchemy.text" || name === "sqlalchemy.sql.text" || name === "sqlalchemy.sql.expression.text") {
        const arg = positionalArgs(n)[0];
        return arg ? stringShape(arg, ctx, depth + 1) : undefined;
      }
      return undefined;
    }
    case "identifier":
      return identifierShape(n, ctx, n.start, depth);
    default:
      return undefined;
  }
}

function identifierShape(id: PyNode, ctx: PyContext, before: number, depth: number): PyStringShape | undefined {
  const a = ctx.locals.reaching(id, before);
  if (!a) {
    const single = ctx.locals.singleValue(ctx.text(id));
    return single ? stringShape(single, ctx, depth + 1) : undefined;
  }
  if (!a.value) return { text: "", dynamic: true, how: "a non-literal value" };
  const own = stringShape(a.value, ctx, depth + 1) ?? opaque(a.value, ctx);
  if (!a.append) return own;
  const prev = identifierShape(id, ctx, a.start, depth + 1) ?? { text: "", dynamic: false };
  return join(prev, own, "string concatenation");
}
