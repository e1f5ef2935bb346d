import { namesPassword } from "../../password-names.js";
import type { PyContext, PyRule } from "../context.js";
import { enclosingScope, field, keywordArg, keywordArgs, positionalArgs, unparen, walk, type PyNode } from "../syntax-tree.js";

const WEAK_CONSTRUCTORS: ReadonlyMap<string, string> = new Map([
  ["hashlib.md5", "MD5"],
  ["hashlib.sha1", "SHA-1"],
  ["Crypto.Hash.MD5.new", "MD5"],
  ["Crypto.Hash.SHA1.new", "SHA-1"],
  ["Cryptodome.Hash.MD5.new", "MD5"],
  ["Cryptodome.Hash.SHA1.new", "SHA-1"],
]);
const WEAK_NAMES: ReadonlyMap<string, string> = new Map([
  ["md5", "MD5"],
  ["md4", "MD4"],
  ["sha1", "SHA-1"],
  ["sha-1", "SHA-1"],
]);

/** The first name in a subtree that reads as a password: identifiers, attributes and short string keys. */
function passwordName(node: PyNode, ctx: PyContext): string | undefined {
  let found: string | undefined;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === "identifier" && namesPassword(ctx.text(n))) found = ctx.text(n);
    else if (n.type === "string_content" && n.end - n.start <= 40 && namesPassword(ctx.text(n))) found = ctx.text(n);
    return found === undefined;
  });
  return found;
}

/** Where a value goes: `x = …`, `obj.x = …`, `f(x=…)`, `{"x": …}`. */
function target(node: PyNode): PyNode | undefined {
  let n = node;
  while (n.parent?.type === "parenthesized_expression" || n.parent?.type === "await") n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  if (p.type === "assignment" && n.field === "right") return field(p, "left");
  if (p.type === "keyword_argument" && n.field === "value") return field(p, "name");
  if (p.type === "pair" && n.field === "value") return field(p, "key");
  return undefined;
}

function functionNames(node: PyNode, ctx: PyContext): string[] {
  const names: string[] = [];
  for (let s = enclosingScope(node); s && s.type !== "module"; s = enclosingScope(s)) {
    const name = field(s, "name");
    if (name) names.push(ctx.text(name));
  }
  return names;
}

/** Arguments of `h.update(…)` calls on the hash stored in `name`, within `scope`. */
function laterUpdates(scope: PyNode, name: string, ctx: PyContext): PyNode[] {
  const args: PyNode[] = [];
  walk(scope, (n) => {
    if (n.type === "call") {
      const fn = field(n, "function");
      const obj = fn?.type === "attribute" ? field(fn, "object") : undefined;
      if (fn && obj && obj.type === "identifier" && ctx.text(obj) === name && ctx.text(field(fn, "attribute") ?? fn) === "update") {
        args.push(...positionalArgs(n));
      }
    }
    return true;
  });
  return args;
}

function check(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  const name = fn && ctx.names.dotted(fn);
  if (!name) return;
  let algorithm = WEAK_CONSTRUCTORS.get(name);
  let inputs = positionalArgs(call);
  if (name === "hashlib.new") {
    const algo = inputs[0] && unparen(inputs[0]);
    algorithm = algo?.type === "string" ? WEAK_NAMES.get(ctx.text(algo).replace(/^[a-zA-Z]*['"]|['"]$/g, "").toLowerCase()) : undefined;
    inputs = inputs.slice(1);
  }
  if (!algorithm) return;
  // Python 3.9+: usedforsecurity=False says the hash is not a security control.
  const forSecurity = keywordArg(call, "usedforsecurity", ctx.src);
  if (forSecurity && unparen(field(forSecurity, "value") ?? forSecurity).type === "false") return;
  inputs = [...inputs, ...keywordArgs(call).map((k) => field(k, "value")).filter((v): v is PyNode => v !== undefined)];
  // hashlib.md5(a).update(b) chains, then the value's destination.
  let top = call;
  for (;;) {
    const attr = top.parent;
    if (attr?.type !== "attribute" || top.field !== "object" || attr.parent?.type !== "call" || attr.field !== "function") break;
    if (ctx.text(field(attr, "attribute") ?? attr) === "update") inputs.push(...positionalArgs(attr.parent));
    top = attr.parent;
  }
  const dest = target(top);
  if (dest?.type === "identifier") {
    const scope = enclosingScope(call);
    if (scope) inputs.push(...laterUpdates(scope, ctx.text(dest), ctx));
  }
  const evidence =
    inputs.map((i) => passwordName(i, ctx)).find((n) => n !== undefined) ??
    (dest ? passwordName(dest, ctx) : undefined) ??
    functionNames(call, ctx).find((n) => namesPassword(n));
  if (evidence === undefined) return;
  ctx.report("sast/weak-password-hash", call, `${algorithm} is used on a password (${evidence}); use a slow salted hash such as bcrypt, scrypt, Argon2 or PBKDF2.`);
}

/** hashlib md5/sha1 (and hashlib.new("md5")) where the input or the names around it mention a password. */
export const pyWeakPasswordHashRule: PyRule = { types: ["call"], check };
