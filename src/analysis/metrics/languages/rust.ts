import type { Node } from "web-tree-sitter";
import { ANONYMOUS, shortName } from "../names.js";
import { fieldText, operatorIn, type TreeSitterRules } from "../tree-sitter-rules.js";

/** `impl<T> Stack<T>` and `impl fmt::Display for Point` → `Stack`, `Point`: the implementing type, bare. */
function implName(node: Node): string | null {
  let type = node.childForFieldName("type");
  while (type && (type.type === "generic_type" || type.type === "reference_type" || type.type === "scoped_type_identifier")) {
    type = type.type === "generic_type" ? type.childForFieldName("type") : type.type === "reference_type" ? type.childForFieldName("type") : type.childForFieldName("name");
  }
  return type ? shortName(type.text) : null;
}

/** `let f = |x| …` and `self.f = |x| …` name the closure. */
function closureName(node: Node): string {
  const parent = node.parent;
  if (parent?.type === "let_declaration" && parent.childForFieldName("value")?.equals(node)) {
    const pattern = parent.childForFieldName("pattern");
    if (pattern?.type === "identifier") return pattern.text;
  }
  if (parent?.type === "assignment_expression" && parent.childForFieldName("right")?.equals(node)) {
    const left = parent.childForFieldName("left");
    if (left) return shortName(left.text);
  }
  return ANONYMOUS;
}

/**
 * An arm is one decision unless it is the catch-all `_` (so a match with n arms and a final
 * `_` adds n − 1); its guard (`Some(v) if v > 0 =>`) is one more.
 */
function matchArm(node: Node): number {
  const pattern = node.childForFieldName("pattern");
  if (!pattern) return 1;
  const guard = pattern.childForFieldName("condition") ? 1 : 0;
  // A bare `_` is an anonymous token, the pattern's first child; `(_, x)` and the like are nested.
  const catchAll = pattern.firstChild?.type === "_";
  return (catchAll ? 0 : 1) + guard;
}

/** `if let A = a && b && c`: a chain of conditions joined by `&&`. */
function letChain(node: Node): number {
  return node.children.filter((child) => child?.type === "&&").length;
}

/** `let Some(x) = y else { return };` branches like an `if let`. */
function letDeclaration(node: Node): number {
  return node.childForFieldName("alternative") ? 1 : 0;
}

export const rustRules: TreeSitterRules = {
  functions: {
    function_item: (node, enclosing) => ({ kind: enclosing === "class" ? "method" : "function", name: fieldText(node, "name") ?? ANONYMOUS }),
    closure_expression: (node) => ({ kind: "lambda", name: closureName(node) }),
  },
  scopes: {
    impl_item: implName,
    trait_item: (node) => fieldText(node, "name"),
    mod_item: (node) => fieldText(node, "name"),
  },
  modules: ["mod_item"],
  decisions: {
    if_expression: 1,
    let_declaration: letDeclaration,
    while_expression: 1,
    for_expression: 1,
    // `loop` has no condition, but it is a loop like `while true`, which every tool counts.
    loop_expression: 1,
    match_arm: matchArm,
    let_chain: letChain,
    binary_expression: operatorIn(["&&", "||"]),
  },
};
