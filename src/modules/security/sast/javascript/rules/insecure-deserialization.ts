import ts from "typescript";
import type { JsContext, JsRule } from "../context.js";
import { calleeMember, objectProperty, unwrap } from "../syntax.js";

const YAML_LOADERS = new Set(["load", "loadAll", "safeLoad", "safeLoadAll"]);

/**
 * js-yaml's schema with !!js/function and !!js/regexp: only js-yaml 3 has it, and loading
 * with it runs code from the document. js-yaml 3's `load()` without a schema is also unsafe,
 * but the same call is safe in js-yaml 4 and the version is not known from the source alone,
 * so only an explicit full schema is reported (the OSV check covers old js-yaml versions).
 */
function usesFullSchema(arg: ts.Expression, ctx: JsContext): boolean {
  const o = unwrap(arg);
  if (!ts.isObjectLiteralExpression(o)) return false;
  const p = objectProperty(o, "schema");
  if (!p) return false;
  const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
  const name = value ? ctx.names.dotted(value) : undefined;
  return name !== undefined && /(?:^|\.)DEFAULT_FULL_SCHEMA$/.test(name);
}

function check(call: ts.CallExpression, ctx: JsContext): void {
  const name = ctx.names.dotted(call.expression);
  if (name === "node-serialize.unserialize") {
    ctx.report(
      "sast/insecure-deserialization",
      call,
      "node-serialize's unserialize() runs functions embedded in the data (CVE-2017-5941); use JSON.parse.",
    );
    return;
  }
  const member = calleeMember(call);
  if (member !== undefined && YAML_LOADERS.has(member) && call.arguments.slice(1).some((a) => usesFullSchema(a, ctx))) {
    ctx.report(
      "sast/insecure-deserialization",
      call,
      `js-yaml ${member}() with DEFAULT_FULL_SCHEMA constructs JavaScript functions from the document; use the default safe schema.`,
    );
  }
}

/** node-serialize's unserialize and js-yaml loads with the full (JavaScript) schema. */
export const insecureDeserializationRule: JsRule = {
  kinds: [ts.SyntaxKind.CallExpression],
  check: (node, ctx) => check(node as ts.CallExpression, ctx),
};
