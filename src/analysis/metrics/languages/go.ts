import type { Node } from "web-tree-sitter";
import { ANONYMOUS, shortName } from "../names.js";
import { fieldText, operatorIn, type TreeSitterRules } from "../tree-sitter-rules.js";

/** `func (s *Server[T]) Handle()` → `Server`: the receiver's type without pointer or type arguments. */
function receiverType(node: Node): string | null {
  const receiver = node.childForFieldName("receiver");
  const parameter = receiver?.namedChildren.find((child) => child?.type === "parameter_declaration");
  let type = parameter?.childForFieldName("type") ?? null;
  while (type && (type.type === "pointer_type" || type.type === "generic_type" || type.type === "parenthesized_type")) {
    type = type.type === "generic_type" ? type.childForFieldName("type") : type.namedChild(0);
  }
  return type ? shortName(type.text) : null;
}

/** `f := func…`, `var f = func…`, `x.f = func…` and `Key: func…` name the literal; otherwise it is anonymous. */
function literalName(node: Node): string {
  let parent = node.parent;
  if (parent?.type === "literal_element" && parent.parent?.type === "keyed_element") {
    const element = parent.parent;
    const key = element.childForFieldName("key");
    return key && element.childForFieldName("value")?.equals(parent) ? shortName(key.text) : ANONYMOUS;
  }
  if (parent?.type !== "expression_list") return ANONYMOUS;
  const values = parent;
  parent = values.parent;
  if (!parent) return ANONYMOUS;
  const index = values.namedChildren.findIndex((child) => child?.equals(node));
  if (index < 0) return ANONYMOUS;
  if (parent.type === "short_var_declaration" || parent.type === "assignment_statement") {
    const target = parent.childForFieldName("left")?.namedChild(index);
    return target ? shortName(target.text) : ANONYMOUS;
  }
  if (parent.type === "var_spec" || parent.type === "const_spec") {
    const target = parent.childrenForFieldName("name")[index];
    return target ? shortName(target.text) : ANONYMOUS;
  }
  return ANONYMOUS;
}

export const goRules: TreeSitterRules = {
  functions: {
    function_declaration: (node) => (node.childForFieldName("body") ? { kind: "function", name: fieldText(node, "name") ?? ANONYMOUS } : null),
    method_declaration: (node) => {
      if (!node.childForFieldName("body")) return null;
      const name = fieldText(node, "name") ?? ANONYMOUS;
      const type = receiverType(node);
      return { kind: "method", name: type ? `${type}.${name}` : name };
    },
    func_literal: (node) => ({ kind: "lambda", name: literalName(node) }),
  },
  scopes: {},
  decisions: {
    if_statement: 1,
    // Every `for` form (three-clause, condition, range, and the bare infinite loop) is one loop.
    for_statement: 1,
    expression_case: 1,
    type_case: 1,
    communication_case: 1,
    binary_expression: operatorIn(["&&", "||"]),
  },
};
