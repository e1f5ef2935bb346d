import type { Node } from "web-tree-sitter";
import { ANONYMOUS, shortName } from "../names.js";
import { fieldText, operatorIn, type FunctionInfo, type TreeSitterRules } from "../tree-sitter-rules.js";

/** `f = ->(x) { … }`, `@f = lambda { … }` name the lambda after what it is assigned to. */
function assignedName(node: Node): string {
  const parent = node.parent;
  if (parent?.type === "assignment" && parent.childForFieldName("right")?.equals(node)) {
    const left = parent.childForFieldName("left");
    if (left) return shortName(left.text);
  }
  return ANONYMOUS;
}

/** `Foo::Bar` → `Foo.Bar`, so Ruby names read like the other languages'. */
function constantName(node: Node): string | null {
  const name = fieldText(node, "name");
  return name ? shortName(name.replace(/::/g, ".")) : null;
}

/** `:name` or `"name"` → `name`. */
function symbolText(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === "simple_symbol") return node.text.slice(1);
  if (node.type === "string" && node.namedChildCount === 1 && node.namedChild(0)?.type === "string_content") return node.namedChild(0)!.text;
  return null;
}

/**
 * Blocks are part of the method that passes them, as RuboCop counts them (an `each` block is
 * that method's loop body; RuboCop also adds one for a block passed to a known iterating
 * method, which needs a list of method names and is not done here). Only a block that *is* a
 * function stands alone: the body of `lambda`/`proc`/`Proc.new`, or of `define_method(:name)`.
 */
function blockFunction(node: Node): FunctionInfo | null {
  const call = node.parent;
  if (call?.type !== "call" || !call.childForFieldName("block")?.equals(node)) return null;
  const method = fieldText(call, "method");
  const receiver = call.childForFieldName("receiver");
  if (!receiver && (method === "lambda" || method === "proc")) return { kind: "lambda", name: assignedName(call) };
  if (receiver?.text === "Proc" && method === "new") return { kind: "lambda", name: assignedName(call) };
  if (!receiver && method === "define_method") {
    const name = symbolText(call.childForFieldName("arguments")?.namedChild(0));
    return { kind: "method", name: name ?? ANONYMOUS };
  }
  return null;
}

/** `def self.build` → `build` (the class qualifies it); `def obj.build` → `obj.build`. */
function singletonName(node: Node): string {
  const name = fieldText(node, "name") ?? ANONYMOUS;
  const object = node.childForFieldName("object");
  return object && object.type !== "self" ? `${shortName(object.text)}.${name}` : name;
}

export const rubyRules: TreeSitterRules = {
  functions: {
    method: (node, enclosing) => ({ kind: enclosing === "class" ? "method" : "function", name: fieldText(node, "name") ?? ANONYMOUS }),
    singleton_method: (node) => ({ kind: "method", name: singletonName(node) }),
    lambda: (node) => ({ kind: "lambda", name: assignedName(node) }),
    block: blockFunction,
    do_block: blockFunction,
  },
  scopes: {
    class: constantName,
    module: constantName,
    // `class << self` adds singleton methods to the enclosing class: no name of its own.
    singleton_class: () => null,
  },
  decisions: {
    if: 1,
    elsif: 1,
    unless: 1,
    if_modifier: 1,
    unless_modifier: 1,
    conditional: 1,
    while: 1,
    until: 1,
    while_modifier: 1,
    until_modifier: 1,
    for: 1,
    // One per `when` (`when 1, 2` is one label) and per pattern-matching `in`; `else` adds nothing.
    when: 1,
    in_clause: 1,
    if_guard: 1,
    unless_guard: 1,
    rescue: 1,
    rescue_modifier: 1,
    binary: operatorIn(["&&", "||", "and", "or"]),
    operator_assignment: operatorIn(["&&=", "||="]),
  },
};
