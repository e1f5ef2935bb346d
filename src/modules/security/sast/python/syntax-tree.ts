import type { Tree } from "web-tree-sitter";

/**
 * A plain-JavaScript copy of the parts of a tree-sitter tree the rules read. Rules navigate a
 * lot (parents, fields, siblings); doing that on wasm-backed nodes crosses into wasm on every
 * step, while one cursor walk that copies type, field and offsets crosses once per node.
 * Punctuation and comments are dropped; anonymous tokens that have a field (operators) stay.
 */
export interface PyNode {
  type: string;
  /** The field name under which the parent holds this node (`function`, `left`, `operator`…). */
  field: string | null;
  /** UTF-16 offsets into the source, like JavaScript string indices. */
  start: number;
  end: number;
  parent: PyNode | null;
  children: PyNode[];
}

/** Node types whose children no rule reads: the walk does not step into them. */
const OPAQUE_TYPES = new Set(["identifier", "integer", "float", "true", "false", "none", "string_start", "string_content", "string_end", "escape_sequence", "comment", "type_conversion", "format_specifier"]);

/**
 * Copies a tree-sitter tree (iteratively: deeply nested input cannot overflow the stack).
 * Every cursor property read crosses into wasm, so each node costs as few reads as possible:
 * numeric type and field ids mapped through the language's tables, offsets only for kept
 * nodes, and no descent into node types whose insides no rule looks at.
 */
export function mirrorTree(tree: Tree): PyNode {
  const language = tree.language;
  const typeNames = language.types;
  const fieldNames = language.fields;
  const named = new Map<number, boolean>();
  const isNamed = (id: number): boolean => {
    let n = named.get(id);
    if (n === undefined) {
      n = language.nodeTypeIsNamed(id);
      named.set(id, n);
    }
    return n;
  };
  const cursor = tree.walk();
  try {
    const root: PyNode = { type: cursor.nodeType, field: null, start: cursor.startIndex, end: cursor.endIndex, parent: null, children: [] };
    let current = root;
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const type = typeNames[typeId] ?? "ERROR";
      const fieldId = cursor.currentFieldId;
      const fieldName = fieldId === 0 ? null : (fieldNames[fieldId] ?? null);
      const keep = type !== "comment" && (fieldName !== null || isNamed(typeId));
      let descended = false;
      if (keep) {
        const node: PyNode = { type, field: fieldName, start: cursor.startIndex, end: cursor.endIndex, parent: current, children: [] };
        current.children.push(node);
        if (!OPAQUE_TYPES.has(type) && cursor.gotoFirstChild()) {
          current = node;
          descended = true;
        }
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        if (current.parent === null) return root;
        current = current.parent;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The child held under a field, e.g. `field(call, "function")`. */
export function field(node: PyNode, name: string): PyNode | undefined {
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}

/** Positional arguments of a call (not keywords, not `*args`/`**kwargs`). */
export function positionalArgs(call: PyNode): PyNode[] {
  const list = field(call, "arguments");
  if (!list || list.type !== "argument_list") return list ? [list] : [];
  return list.children.filter((c) => c.type !== "keyword_argument" && c.type !== "list_splat" && c.type !== "dictionary_splat");
}

/** Keyword arguments of a call by name, e.g. `shell` in `run(cmd, shell=True)`. */
export function keywordArg(call: PyNode, name: string, src: string): PyNode | undefined {
  const list = field(call, "arguments");
  if (!list) return undefined;
  for (const c of list.children) {
    if (c.type !== "keyword_argument") continue;
    const n = field(c, "name");
    if (n && src.slice(n.start, n.end) === name) return c;
  }
  return undefined;
}

/** Every keyword argument of a call. */
export function keywordArgs(call: PyNode): PyNode[] {
  const list = field(call, "arguments");
  return list ? list.children.filter((c) => c.type === "keyword_argument") : [];
}

/** Drops parentheses around an expression. */
export function unparen(node: PyNode): PyNode {
  let n = node;
  while (n.type === "parenthesized_expression" && n.children.length === 1) n = n.children[0]!;
  return n;
}

/** Functions, lambdas and the module: where Python local variables live. */
export function isScope(node: PyNode): boolean {
  return node.type === "function_definition" || node.type === "lambda" || node.type === "module";
}

/** The innermost scope around a node, not counting the node itself. */
export function enclosingScope(node: PyNode): PyNode | undefined {
  let p = node.parent;
  while (p && !isScope(p)) p = p.parent;
  return p ?? undefined;
}

/** Visits a subtree depth-first in source order; return false from `visit` to skip a node's children. */
export function walk(root: PyNode, visit: (node: PyNode) => boolean | void): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}
