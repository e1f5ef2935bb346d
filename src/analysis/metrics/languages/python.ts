import type { Node } from "web-tree-sitter";
import { ANONYMOUS, shortName } from "../names.js";
import { fieldText, type TreeSitterRules } from "../tree-sitter-rules.js";

/** `f = lambda x: …` and `self.f = lambda …` name the lambda after what it is assigned to. */
function lambdaName(node: Node): string {
  const parent = node.parent;
  if (parent?.type === "assignment" && parent.childForFieldName("right")?.equals(node)) {
    const left = parent.childForFieldName("left");
    if (left && (left.type === "identifier" || left.type === "attribute")) return shortName(left.text);
  }
  return ANONYMOUS;
}

/** `case _:` is the catch-all arm, like `default:`. */
function caseClause(node: Node): number {
  const patterns = node.namedChildren.filter((child) => child?.type === "case_pattern");
  const only = patterns.length === 1 ? patterns[0] : undefined;
  return only && only.text === "_" ? 0 : 1;
}

export const pythonRules: TreeSitterRules = {
  functions: {
    function_definition: (node, enclosing) => ({
      kind: enclosing === "class" ? "method" : "function",
      name: fieldText(node, "name") ?? ANONYMOUS,
    }),
    lambda: (node) => ({ kind: "lambda", name: lambdaName(node) }),
  },
  scopes: {
    class_definition: (node) => fieldText(node, "name"),
  },
  decisions: {
    if_statement: 1,
    elif_clause: 1,
    conditional_expression: 1,
    for_statement: 1,
    while_statement: 1,
    // Comprehension `for` and `if` clauses are loops and conditions too; `if_clause` is also the guard of a `case`.
    for_in_clause: 1,
    if_clause: 1,
    except_clause: 1,
    case_clause: caseClause,
    // Each `and`/`or` is its own node: `a and b or c` is two.
    boolean_operator: 1,
  },
};
