import ts from "typescript";
import { looksLikeSql } from "../../sql-text.js";
import type { JsContext, JsRule } from "../context.js";
import { stringShape } from "../string-shape.js";
import { calleeMember, objectProperty, unwrap } from "../syntax.js";

/**
 * Methods of SQL drivers and query builders that take SQL text (pg, mysql2, sqlite3,
 * better-sqlite3, knex.raw, Sequelize, TypeORM, pg-promise, Prisma's *Unsafe). The names are
 * common, so the text must also read as SQL.
 */
const SQL_SINKS = new Set([
  "query",
  "execute",
  "exec",
  "raw",
  "run",
  "all",
  "get",
  "each",
  "prepare",
  "executeQuery",
  "none",
  "one",
  "oneOrNone",
  "many",
  "manyOrNone",
  "any",
  "multi",
  "$queryRawUnsafe",
  "$executeRawUnsafe",
  "queryRawUnsafe",
  "executeRawUnsafe",
]);
/** knex fragments: only ever SQL, so any dynamic text counts. */
const FRAGMENT_SINKS = new Set(["whereRaw", "orWhereRaw", "andWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "groupByRaw", "joinRaw", "fromRaw"]);

function sqlArgument(call: ts.CallExpression): ts.Expression | undefined {
  const first = call.arguments[0];
  if (!first) return undefined;
  const e = unwrap(first);
  // pg's query config: `query({ text: "...", values: [...] })`.
  if (ts.isObjectLiteralExpression(e)) {
    const p = objectProperty(e, "text") ?? objectProperty(e, "sql");
    return p && ts.isPropertyAssignment(p) ? p.initializer : undefined;
  }
  return first;
}

function check(call: ts.CallExpression, ctx: JsContext): void {
  const member = calleeMember(call);
  if (member === undefined) return;
  const fragment = FRAGMENT_SINKS.has(member);
  if (!fragment && !SQL_SINKS.has(member)) return;
  const arg = sqlArgument(call);
  if (!arg) return;
  const shape = stringShape(arg, ctx);
  if (!shape?.dynamic || (!fragment && !looksLikeSql(shape.text))) return;
  ctx.report(
    "sast/sql-injection",
    call,
    `SQL passed to ${member}() is built with ${shape.how === "a non-literal value" || !shape.how ? "string concatenation" : shape.how}; pass values as parameters (placeholders) instead.`,
  );
}

/** SQL text built from strings and passed to a query method. */
export const sqlInjectionRule: JsRule = {
  kinds: [ts.SyntaxKind.CallExpression],
  check: (node, ctx) => check(node as ts.CallExpression, ctx),
};
