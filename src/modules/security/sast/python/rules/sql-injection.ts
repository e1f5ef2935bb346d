import { looksLikeSql } from "../../sql-text.js";
import type { PyContext, PyRule } from "../context.js";
import { stringShape } from "../string-shape.js";
import { field, keywordArg, positionalArgs, type PyNode } from "../syntax-tree.js";

/** DB-API cursors and connections, SQLAlchemy, Django's raw(), pandas. The SQL is the first argument. */
const SQL_METHODS = new Set(["execute", "executemany", "executescript", "raw", "exec_driver_sql", "mogrify", "read_sql", "read_sql_query"]);
const SQL_FUNCTIONS = new Set(["pandas.read_sql", "pandas.read_sql_query", "RawSQL", "django.db.models.expressions.RawSQL"]);
const SQL_KEYWORDS = ["sql", "query", "operation", "raw_query", "statement"];

function check(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  if (!fn) return;
  const method = fn.type === "attribute" ? ctx.text(field(fn, "attribute") ?? fn) : undefined;
  const name = ctx.names.dotted(fn);
  if (!(method !== undefined && SQL_METHODS.has(method)) && !(name !== undefined && SQL_FUNCTIONS.has(name))) return;
  let sql = positionalArgs(call)[0];
  for (const k of SQL_KEYWORDS) {
    if (sql) break;
    const kw = keywordArg(call, k, ctx.src);
    sql = kw && field(kw, "value");
  }
  if (!sql) return;
  const shape = stringShape(sql, ctx);
  if (!shape?.dynamic || !looksLikeSql(shape.text)) return;
  const how = shape.how === undefined || shape.how === "a non-literal value" ? "string concatenation" : shape.how;
  ctx.report(
    "sast/sql-injection",
    call,
    `SQL passed to ${method ?? name}() is built with ${how}; pass the values as query parameters (cursor.execute(sql, params)).`,
  );
}

/** SQL text built by concatenation, f-strings, % or .format() and passed to execute() and friends. */
export const pySqlInjectionRule: PyRule = { types: ["call"], check };
