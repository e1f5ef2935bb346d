import type { Node } from "web-tree-sitter";
import { ANONYMOUS, shortName } from "../names.js";
import { caseLabel, fieldText, operatorIn, type TreeSitterRules } from "../tree-sitter-rules.js";

/** The variable or field a lambda or anonymous class is assigned to, if any. */
export function assignedName(node: Node): string | null {
  const parent = node.parent;
  if (parent?.type === "variable_declarator" && parent.childForFieldName("value")?.equals(node)) return fieldText(parent, "name");
  if (parent?.type === "assignment_expression" && parent.childForFieldName("right")?.equals(node)) {
    const left = parent.childForFieldName("left");
    return left ? shortName(left.text) : null;
  }
  return null;
}

const named = (node: Node): string | null => fieldText(node, "name");

export const javaRules: TreeSitterRules = {
  functions: {
    // Abstract and interface methods have no body, hence no code to measure.
    method_declaration: (node) => (node.childForFieldName("body") ? { kind: "method", name: named(node) ?? ANONYMOUS } : null),
    constructor_declaration: (node) => ({ kind: "constructor", name: named(node) ?? ANONYMOUS }),
    compact_constructor_declaration: (node) => ({ kind: "constructor", name: named(node) ?? ANONYMOUS }),
    lambda_expression: (node) => ({ kind: "lambda", name: assignedName(node) ?? ANONYMOUS }),
  },
  scopes: {
    class_declaration: named,
    interface_declaration: named,
    enum_declaration: named,
    record_declaration: named,
    annotation_type_declaration: named,
    // An anonymous class body: named after the variable it is assigned to, else transparent.
    object_creation_expression: (node) => (node.namedChildren.some((child) => child?.type === "class_body") ? assignedName(node) : null),
  },
  decisions: {
    if_statement: 1,
    for_statement: 1,
    enhanced_for_statement: 1,
    while_statement: 1,
    do_statement: 1,
    catch_clause: 1,
    ternary_expression: 1,
    // `case X when cond ->` (Java 21): the guard is a condition of its own.
    guard: 1,
    binary_expression: operatorIn(["&&", "||"]),
    // One per `case` label (`case 1, 2:` is one label); `default` labels add nothing.
    switch_label: caseLabel,
  },
  decorations: ["marker_annotation", "annotation"],
};
