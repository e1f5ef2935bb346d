import type { Node } from "web-tree-sitter";
import { ANONYMOUS, shortName } from "../names.js";
import { caseLabel, fieldText, operatorIn, type FunctionInfo, type TreeSitterRules } from "../tree-sitter-rules.js";

/** The variable or member a lambda or anonymous method is assigned to, if any. */
function assignedName(node: Node): string | null {
  const parent = node.parent;
  if (parent?.type === "variable_declarator" && !parent.childForFieldName("name")?.equals(node)) return fieldText(parent, "name");
  if (parent?.type === "assignment_expression" && parent.childForFieldName("right")?.equals(node)) {
    const left = parent.childForFieldName("left");
    return left ? shortName(left.text) : null;
  }
  return null;
}

/** Declarations without a body (abstract, interface, extern, partial) have no code to measure. */
function withBody(kind: FunctionInfo["kind"], name: (node: Node) => string | null) {
  return (node: Node): FunctionInfo | null => (node.childForFieldName("body") ? { kind, name: name(node) ?? ANONYMOUS } : null);
}

const named = (node: Node): string | null => fieldText(node, "name");

/** `int P => …;` is a getter written as an expression; `int P { get … }` is a container of accessors. */
function expressionBodied(name: (node: Node) => string | null) {
  return (node: Node): FunctionInfo | null =>
    node.childForFieldName("value")?.type === "arrow_expression_clause" ? { kind: "accessor", name: name(node) ?? ANONYMOUS } : null;
}

const indexerName = (): string => "this";

/** `_ => …` is the catch-all arm, like `default:`. */
function switchExpressionArm(node: Node): number {
  return node.namedChild(0)?.type === "discard" ? 0 : 1;
}

export const csharpRules: TreeSitterRules = {
  functions: {
    method_declaration: withBody("method", named),
    local_function_statement: withBody("function", named),
    constructor_declaration: withBody("constructor", named),
    destructor_declaration: withBody("constructor", (node) => `~${named(node) ?? ""}`),
    operator_declaration: withBody("method", (node) => `operator ${fieldText(node, "operator") ?? ""}`.trim()),
    conversion_operator_declaration: withBody("method", (node) => {
      const direction = node.children.find((child) => child?.type === "implicit" || child?.type === "explicit")?.type ?? "";
      return `${direction} operator ${fieldText(node, "type") ?? ""}`.trim();
    }),
    accessor_declaration: withBody("accessor", named),
    property_declaration: expressionBodied(named),
    indexer_declaration: expressionBodied(indexerName),
    lambda_expression: (node) => ({ kind: "lambda", name: assignedName(node) ?? ANONYMOUS }),
    anonymous_method_expression: (node) => ({ kind: "lambda", name: assignedName(node) ?? ANONYMOUS }),
  },
  scopes: {
    class_declaration: named,
    struct_declaration: named,
    interface_declaration: named,
    record_declaration: named,
    // Properties, indexers and events qualify their accessors: `Account.Balance.get`.
    property_declaration: named,
    indexer_declaration: indexerName,
    event_declaration: named,
  },
  decisions: {
    if_statement: 1,
    for_statement: 1,
    foreach_statement: 1,
    while_statement: 1,
    do_statement: 1,
    catch_clause: 1,
    // `catch (E e) when (…)` and `case X when …`: a guard is a condition of its own.
    catch_filter_clause: 1,
    when_clause: 1,
    conditional_expression: 1,
    switch_expression_arm: switchExpressionArm,
    binary_expression: operatorIn(["&&", "||", "??"]),
    assignment_expression: operatorIn(["??="]),
    // A switch section holds one label: `case …` counts, `default` does not.
    switch_section: caseLabel,
  },
  decorations: ["attribute_list"],
};
