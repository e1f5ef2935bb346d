/**
 * Statement shapes that only SQL has. Each needs two keywords in order ("select … from",
 * "insert into", "update … set"), so English such as "select a file" or "update available"
 * does not count. Only the first few kilobytes are looked at: SQL built in code starts early.
 */
const SQL_SHAPE =
  /\b(?:select\b[\s\S]{0,400}?\bfrom|insert\s+(?:or\s+\w+\s+)?into|update\b[\s\S]{0,200}?\bset|delete\s+from|replace\s+into|merge\s+into|upsert\s+into|(?:drop|truncate|alter|create)\s+(?:table|database|index|view|schema)|exec(?:ute)?\s+sp_\w+)\b/i;

/** True when text (the constant parts of a built string) reads like an SQL statement. */
export function looksLikeSql(text: string): boolean {
  return SQL_SHAPE.test(text.length > 4096 ? text.slice(0, 4096) : text);
}
