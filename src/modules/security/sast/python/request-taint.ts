import type { PyContext } from "./context.js";
import { field, keywordArg, positionalArgs, unparen, type PyNode } from "./syntax-tree.js";

const MAX_DEPTH = 24;

/** Attributes of the request object a client controls (Flask, Django, Starlette/FastAPI, Bottle, aiohttp). */
const REQUEST_PARTS = new Set([
  "args",
  "form",
  "values",
  "files",
  "json",
  "data",
  "cookies",
  "headers",
  "get_json",
  "view_args",
  "GET",
  "POST",
  "FILES",
  "COOKIES",
  "META",
  "body",
  "query_params",
  "path_params",
  "query",
  "params",
  "forms",
  "match_info",
]);
/** Tornado's request handler methods that read arguments. */
const TORNADO_READERS = new Set(["get_argument", "get_arguments", "get_query_argument", "get_query_arguments", "get_body_argument", "get_body_arguments"]);

/** Calls that reduce a value to something that cannot climb directories. */
const SANITIZERS = new Set(["basename", "secure_filename", "int", "float", "UUID", "bool"]);
/** Functions whose result carries their arguments' text along. */
const PROPAGATORS = new Set([
  "os.path.join",
  "os.path.normpath",
  "os.path.abspath",
  "os.path.realpath",
  "os.path.expanduser",
  "os.fspath",
  "posixpath.join",
  "str",
  "Path",
  "PurePath",
  "pathlib.Path",
  "pathlib.PurePath",
  "unquote",
  "urllib.parse.unquote",
  "unquote_plus",
  "urllib.parse.unquote_plus",
]);
/** Methods whose result still carries the receiver's text (`replace` is left out, as for JavaScript). */
const CARRYING_METHODS = new Set(["strip", "lstrip", "rstrip", "lower", "upper", "encode", "decode", "get", "getlist", "joinpath", "with_suffix", "removeprefix", "removesuffix"]);

/** Walks `request.args.get("f")` down to its root, collecting names from the root outwards. */
function chain(node: PyNode, ctx: PyContext): { root: string; names: string[]; calls: PyNode[] } | undefined {
  const names: string[] = [];
  const calls: PyNode[] = [];
  let n = unparen(node);
  for (let i = 0; i < 16; i++) {
    if (n.type === "attribute") {
      const attr = field(n, "attribute");
      const obj = field(n, "object");
      if (!attr || !obj) return undefined;
      names.push(ctx.text(attr));
      n = unparen(obj);
    } else if (n.type === "subscript") {
      const value = field(n, "value");
      if (!value) return undefined;
      names.push("[]");
      n = unparen(value);
    } else if (n.type === "call") {
      const fn = field(n, "function");
      if (!fn) return undefined;
      calls.push(n);
      n = unparen(fn);
    } else break;
  }
  if (n.type !== "identifier" || names.length === 0) return undefined;
  return { root: ctx.text(n), names: names.reverse(), calls };
}

/** `request.args.get("n", type=int)`: werkzeug converts the value on the way out. */
function convertsType(call: PyNode, ctx: PyContext): boolean {
  const t = keywordArg(call, "type", ctx.src);
  const v = t ? field(t, "value") : undefined;
  return v !== undefined && SANITIZERS.has(ctx.text(v));
}

/** True when an expression reads request input directly (`request.args["f"]`, `self.get_argument("f")`). */
function requestInput(node: PyNode, ctx: PyContext): boolean {
  const c = chain(node, ctx);
  if (!c) return false;
  if (c.calls.some((call) => convertsType(call, ctx))) return false;
  const [first, second] = c.names;
  if (c.root === "request" || c.root === "req") return first !== undefined && REQUEST_PARTS.has(first);
  if (c.root === "self") {
    if (first === "request") return second !== undefined && REQUEST_PARTS.has(second);
    return first !== undefined && TORNADO_READERS.has(first) && c.calls.length > 0;
  }
  return false;
}

/**
 * The request input an expression's value comes from, through attribute and item reads,
 * string building, os.path.join/pathlib and local variables of the same function; undefined
 * when none does or a sanitiser (os.path.basename, secure_filename, int) stands in between.
 * Calls to other functions end the trail.
 */
export function requestSource(node: PyNode, ctx: PyContext, depth = 0): PyNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unparen(node);
  if (requestInput(n, ctx)) return n;
  switch (n.type) {
    case "await":
      return n.children[0] ? requestSource(n.children[0], ctx, depth + 1) : undefined;
    case "attribute": {
      const obj = field(n, "object");
      return obj ? requestSource(obj, ctx, depth + 1) : undefined;
    }
    case "subscript": {
      const value = field(n, "value");
      return value ? requestSource(value, ctx, depth + 1) : undefined;
    }
    case "identifier":
      return identifierSource(n, ctx, n.start, depth);
    case "binary_operator":
    case "boolean_operator": {
      const l = field(n, "left");
      const r = field(n, "right");
      return (l && requestSource(l, ctx, depth + 1)) ?? (r && requestSource(r, ctx, depth + 1));
    }
    case "conditional_expression": {
      const [a, , b] = n.children;
      return (a && requestSource(a, ctx, depth + 1)) ?? (b && requestSource(b, ctx, depth + 1));
    }
    case "string":
      for (const i of n.children) {
        if (i.type !== "interpolation") continue;
        const e = field(i, "expression") ?? i.children[0];
        const s = e && requestSource(e, ctx, depth + 1);
        if (s) return s;
      }
      return undefined;
    case "concatenated_string":
      for (const c of n.children) {
        const s = requestSource(c, ctx, depth + 1);
        if (s) return s;
      }
      return undefined;
    case "call":
      return callSource(n, ctx, depth);
    default:
      return undefined;
  }
}

function callSource(call: PyNode, ctx: PyContext, depth: number): PyNode | undefined {
  const fn = field(call, "function");
  if (!fn) return undefined;
  const name = ctx.names.dotted(fn);
  const last = name?.split(".").pop() ?? (fn.type === "attribute" ? ctx.text(field(fn, "attribute") ?? fn) : undefined);
  if ((last !== undefined && SANITIZERS.has(last)) || convertsType(call, ctx)) return undefined;
  const args = positionalArgs(call);
  const fromArgs = (): PyNode | undefined => {
    for (const a of args) {
      const s = requestSource(a.type === "list_splat" ? (a.children[0] ?? a) : a, ctx, depth + 1);
      if (s) return s;
    }
    return undefined;
  };
  if (name !== undefined && PROPAGATORS.has(name)) return fromArgs();
  if (fn.type === "attribute") {
    const method = ctx.text(field(fn, "attribute") ?? fn);
    const obj = field(fn, "object");
    if (method === "format") return fromArgs();
    if (obj && CARRYING_METHODS.has(method)) return requestSource(obj, ctx, depth + 1);
  }
  return undefined;
}

function identifierSource(id: PyNode, ctx: PyContext, before: number, depth: number): PyNode | undefined {
  const a = ctx.locals.reaching(id, before);
  if (!a) return undefined;
  const own = a.value ? requestSource(a.value, ctx, depth + 1) : a.from ? requestSource(a.from, ctx, depth + 1) : undefined;
  if (own || !a.append) return own;
  return identifierSource(id, ctx, a.start, depth + 1);
}
