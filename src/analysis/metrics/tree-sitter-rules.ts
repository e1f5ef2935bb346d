import type { Node } from "web-tree-sitter";
import type { FunctionKind } from "./types.js";

/** What directly encloses a function: a class-like body makes it a method. */
export type Enclosing = "class" | "module" | "function" | "none";

export interface FunctionInfo {
  kind: FunctionKind;
  /** The function's own name (qualified by the walker with the enclosing names). */
  name: string;
}

/**
 * How one tree-sitter grammar spells functions, named containers and decision points. The
 * walker in `tree-sitter-metrics.ts` is the same for every language; only these tables differ,
 * so the counting rules stay the same across languages. Only named node types can be listed:
 * an operator is counted through the expression node that holds it.
 */
export interface TreeSitterRules {
  /** Node types that can be functions. Return null when this one is not (a bodiless declaration, a plain Ruby block). */
  functions: Readonly<Record<string, (node: Node, enclosing: Enclosing) => FunctionInfo | null>>;
  /**
   * Node types that are named containers (classes, modules, impls, …). Return the name, or
   * null for an unnamed container, which then adds nothing to qualified names.
   */
  scopes: Readonly<Record<string, (node: Node) => string | null>>;
  /** Scope types that are namespaces rather than class-like (functions in them stay functions). */
  modules?: readonly string[];
  /** Named node types that add decision points: a count, or a function of the node (an operator's spelling, a catch-all arm). */
  decisions: Readonly<Record<string, number | ((node: Node) => number)>>;
  /** Node types that decorate a declaration (annotations, attributes): skipped when finding its first line. */
  decorations?: readonly string[];
}

/** The text of a node's field child, or null. */
export function fieldText(node: Node, field: string): string | null {
  return node.childForFieldName(field)?.text ?? null;
}

/** One for an expression whose `operator` field is one of `operators` (`&&` in a binary expression, `??=` in an assignment). */
export function operatorIn(operators: readonly string[]): (node: Node) => number {
  return (node) => {
    const operator = node.childForFieldName("operator");
    return operator && operators.includes(operator.type) ? 1 : 0;
  };
}

/** One for a switch label or section that starts with `case` (not `default`). */
export function caseLabel(node: Node): number {
  return node.firstChild?.type === "case" ? 1 : 0;
}
