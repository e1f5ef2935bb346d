import type { Language, Node, Tree } from "web-tree-sitter";
import type { Enclosing, TreeSitterRules } from "./tree-sitter-rules.js";
import type { FunctionMetric } from "./types.js";

/** An open function or named container: the nodes that follow, up to `end`, are inside it. */
interface Segment {
  end: number;
  name: string | null;
  /** The metric being counted when this segment is a function. */
  metric: FunctionMetric | null;
  module: boolean;
}

/** Per grammar and rule set: the type names to collect, and the named node type of each symbol id. */
interface Selection {
  names: string[];
  byId: (string | undefined)[];
}

const selections = new WeakMap<TreeSitterRules, WeakMap<Language, Selection>>();

/**
 * The symbols the rules care about. Selected by id, not name: a Ruby `if` node and the `if`
 * keyword inside it share a name, and only the named node is a decision.
 */
function selectionFor(rules: TreeSitterRules, language: Language): Selection {
  let byLanguage = selections.get(rules);
  if (!byLanguage) {
    byLanguage = new WeakMap();
    selections.set(rules, byLanguage);
  }
  let selection = byLanguage.get(language);
  if (!selection) {
    const names = [...new Set([...Object.keys(rules.functions), ...Object.keys(rules.scopes), ...Object.keys(rules.decisions)])];
    const byId: (string | undefined)[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.nodeTypeForId(id);
      if (name !== null && names.includes(name) && language.nodeTypeIsNamed(id)) byId[id] = name;
    }
    selection = { names, byId };
    byLanguage.set(language, selection);
  }
  return selection;
}

/**
 * The functions of a tree-sitter tree, in source order. Only the nodes the rules name are
 * fetched, in one call that walks the tree inside wasm (a JS cursor walk costs several wasm
 * calls per node, twice the parse itself); they come in document order, so nesting follows
 * from their extents: a node belongs to the innermost open function or container that has not
 * ended before it starts. Decision points count towards the innermost function only; code
 * outside any function is not counted.
 */
export function treeSitterFunctionMetrics(tree: Tree, rules: TreeSitterRules): FunctionMetric[] {
  const { names, byId } = selectionFor(rules, tree.language);
  const metrics: FunctionMetric[] = [];
  const segments: Segment[] = [];
  let current: FunctionMetric | null = null;
  for (const node of tree.rootNode.descendantsOfType(names)) {
    if (!node) continue;
    const type = byId[node.typeId];
    if (type === undefined) continue; // an anonymous token that shares a name with a named node
    const start = node.startIndex;
    if (segments.length > 0 && segments[segments.length - 1]!.end <= start) {
      while (segments.length > 0 && segments[segments.length - 1]!.end <= start) segments.pop();
      current = innermostFunction(segments);
    }
    const asFunction = rules.functions[type];
    const info = asFunction ? asFunction(node, enclosingOf(segments)) : null;
    if (info) {
      const metric = makeMetric(node, qualify(segments, info.name), info.kind, rules.decorations);
      metrics.push(metric);
      segments.push({ end: node.endIndex, name: info.name, metric, module: false });
      current = metric;
      continue;
    }
    const asScope = rules.scopes[type];
    if (asScope) {
      segments.push({ end: node.endIndex, name: asScope(node), metric: null, module: rules.modules?.includes(type) ?? false });
      continue;
    }
    const decision = rules.decisions[type];
    if (decision !== undefined && current) current.complexity += typeof decision === "number" ? decision : decision(node);
  }
  return metrics;
}

function innermostFunction(segments: readonly Segment[]): FunctionMetric | null {
  for (let i = segments.length - 1; i >= 0; i--) {
    const metric = segments[i]!.metric;
    if (metric) return metric;
  }
  return null;
}

function enclosingOf(segments: readonly Segment[]): Enclosing {
  const last = segments[segments.length - 1];
  if (!last) return "none";
  return last.metric ? "function" : last.module ? "module" : "class";
}

function qualify(segments: readonly Segment[], name: string): string {
  const parts: string[] = [];
  for (const segment of segments) if (segment.name !== null) parts.push(segment.name);
  parts.push(name);
  return parts.join(".");
}

function makeMetric(node: Node, name: string, kind: FunctionMetric["kind"], decorations: readonly string[] | undefined): FunctionMetric {
  const startRow = declarationStartRow(node, decorations);
  const end = node.endPosition;
  // An end at column 0 means the node's last byte was the previous line's newline.
  const endLine = Math.max(startRow + 1, end.column === 0 && end.row > startRow ? end.row : end.row + 1);
  return { name, kind, startLine: startRow + 1, endLine, lines: endLine - startRow, complexity: 1 };
}

/** The row where the declaration itself starts, after decorations (Java keeps annotations inside `modifiers`). */
function declarationStartRow(node: Node, decorations: readonly string[] | undefined): number {
  if (!decorations) return node.startPosition.row;
  for (const child of node.children) {
    if (!child || isDecoration(child.type, decorations)) continue;
    if (child.type === "modifiers") {
      for (const modifier of child.children) {
        if (modifier && !isDecoration(modifier.type, decorations)) return modifier.startPosition.row;
      }
      continue;
    }
    return child.startPosition.row;
  }
  return node.startPosition.row;
}

function isDecoration(type: string, decorations: readonly string[]): boolean {
  return decorations.includes(type) || type.endsWith("comment");
}
