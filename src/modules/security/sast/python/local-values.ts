import { enclosingScope, field, isScope, unparen, walk, type PyNode } from "./syntax-tree.js";

/**
 * One write to a local name: `value` is the expression assigned, `from` an expression the
 * name takes a part of (tuple unpacking, a for loop, `with … as`); neither means unknown (a
 * parameter). `append` marks `x += value`.
 */
export interface PyAssignment {
  start: number;
  end: number;
  value?: PyNode;
  from?: PyNode;
  append?: boolean;
}

type ScopeIndex = Map<string, PyAssignment[]>;

const PARAMETER_TYPES = new Set(["identifier", "typed_parameter", "default_parameter", "typed_default_parameter", "list_splat_pattern", "dictionary_splat_pattern"]);

/**
 * Intra-function data flow, deliberately simple (the same model as for JavaScript): a name
 * read in a function has the value of its last assignment earlier in that function, in source
 * order; branches, loops and calls are not modelled. Names not assigned in the function are
 * looked up in enclosing functions, then the module.
 */
export class PyLocalValues {
  private readonly indexes = new Map<PyNode, ScopeIndex>();
  /** Module-wide: the right-hand side when a name is assigned exactly once in the file and bound no other way. */
  private readonly singles = new Map<string, PyNode | null>();
  /** Names the file binds itself (def, class, assignment, import, parameter), which then hide builtins. */
  private readonly defined = new Set<string>();

  constructor(private readonly src: string) {}

  /** Called by the file walk for every node that binds names. */
  noteBinding(node: PyNode): void {
    switch (node.type) {
      case "assignment": {
        const left = field(node, "left");
        const right = field(node, "right");
        if (left?.type === "identifier") this.noteName(this.text(left), right && right.type !== "assignment" ? right : null);
        else if (left) this.noteTargets(left);
        break;
      }
      case "augmented_assignment":
      case "named_expression": {
        const target = field(node, node.type === "named_expression" ? "name" : "left");
        if (target) this.noteTargets(target);
        break;
      }
      case "for_statement":
      case "for_in_clause": {
        const left = field(node, "left");
        if (left) this.noteTargets(left);
        break;
      }
      case "as_pattern_target":
        this.noteTargets(node);
        break;
      case "function_definition":
      case "class_definition": {
        const name = field(node, "name");
        // A method named `open` does not hide the builtin `open` elsewhere.
        if (name && !isMethod(node)) this.noteTargets(name);
        const params = field(node, "parameters");
        if (params) for (const p of params.children) this.noteTargets(p);
        break;
      }
      default:
        break;
    }
  }

  /** Notes a name bound by an import (it hides a builtin of the same name). */
  noteImported(name: string): void {
    this.defined.add(name);
    this.singles.set(name, null);
  }

  /** True when the file binds the name itself, so it is not the builtin. */
  isDefined(name: string): boolean {
    return this.defined.has(name);
  }

  /** The right-hand side of a module-wide single assignment (`SQL = "select …"`). */
  singleValue(name: string): PyNode | undefined {
    return this.singles.get(name) ?? undefined;
  }

  /** The write that gives identifier `id` its value at offset `before` (default: where it is read). */
  reaching(id: PyNode, before = id.start): PyAssignment | undefined {
    const name = this.text(id);
    let scope = enclosingScope(id);
    let inner = true;
    while (scope) {
      const list = this.index(scope).get(name);
      if (list) {
        let found: PyAssignment | undefined;
        for (const a of list) if (a.end <= before) found = a;
        // Read from a nested function: the outer value may have been set after the def.
        if (!found && !inner) found = list[list.length - 1];
        return found;
      }
      scope = enclosingScope(scope);
      inner = false;
    }
    return undefined;
  }

  private text(n: PyNode): string {
    return this.src.slice(n.start, n.end);
  }

  private noteName(name: string, value: PyNode | null): void {
    this.defined.add(name);
    this.singles.set(name, this.singles.has(name) ? null : value);
  }

  private noteTargets(target: PyNode): void {
    walk(target, (n) => {
      if (n.type === "identifier") {
        // Only the bound name: not a type annotation (`x: int`) or a default value (`b=2`).
        if (n.field === null || n.field === "name" || n.field === "left") this.noteName(this.text(n), null);
        return false;
      }
      if (n.type === "attribute" || n.type === "subscript" || n.field === "type" || n.field === "value") return false;
      return true;
    });
  }

  private index(scope: PyNode): ScopeIndex {
    let idx = this.indexes.get(scope);
    if (!idx) {
      idx = this.build(scope);
      this.indexes.set(scope, idx);
    }
    return idx;
  }

  private build(scope: PyNode): ScopeIndex {
    const idx: ScopeIndex = new Map();
    const add = (name: string, a: PyAssignment): void => {
      const list = idx.get(name);
      if (list) list.push(a);
      else idx.set(name, [a]);
    };
    const addTargets = (target: PyNode, a: PyAssignment): void => {
      const t = unparen(target);
      if (t.type === "identifier") add(this.text(t), a);
      else if (["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "list_splat_pattern", "as_pattern_target"].includes(t.type)) {
        for (const c of t.children) addTargets(c, a.value ? { start: a.start, end: a.end, from: a.value } : a);
      }
    };
    const params = field(scope, "parameters");
    if (params) {
      for (const p of params.children) {
        if (!PARAMETER_TYPES.has(p.type)) continue;
        const id = p.type === "identifier" ? p : (field(p, "name") ?? p.children.find((c) => c.type === "identifier"));
        if (id) add(this.text(id), { start: p.start, end: p.end });
      }
    }
    const body = scope.type === "module" ? scope : field(scope, "body");
    if (!body) return idx;
    walk(body, (n) => {
      if (n !== scope && isScope(n)) {
        const name = field(n, "name");
        if (name) add(this.text(name), { start: n.start, end: n.end });
        return false;
      }
      const where = { start: n.start, end: n.end };
      switch (n.type) {
        case "assignment": {
          const left = field(n, "left");
          let right = field(n, "right");
          while (right?.type === "assignment") right = field(right, "right");
          if (left) addTargets(left, right ? { ...where, value: right } : where);
          break;
        }
        case "augmented_assignment": {
          const left = field(n, "left");
          const right = field(n, "right");
          const op = field(n, "operator");
          if (left?.type === "identifier") {
            const plus = op !== undefined && this.text(op) === "+=";
            add(this.text(left), plus && right ? { ...where, value: right, append: true } : where);
          }
          break;
        }
        case "named_expression": {
          const name = field(n, "name");
          const value = field(n, "value");
          if (name) add(this.text(name), value ? { ...where, value } : where);
          break;
        }
        case "for_statement":
        case "for_in_clause": {
          const left = field(n, "left");
          const right = field(n, "right");
          if (left) addTargets(left, right ? { start: n.start, end: right.end, from: right } : where);
          break;
        }
        case "as_pattern": {
          const alias = field(n, "alias");
          const value = n.children.find((c) => c.field !== "alias");
          if (alias) addTargets(alias, value ? { start: n.start, end: n.end, from: value } : where);
          break;
        }
        default:
          break;
      }
      return true;
    });
    return idx;
  }
}

function isMethod(def: PyNode): boolean {
  const block = def.parent?.type === "decorated_definition" ? def.parent.parent : def.parent;
  return block?.type === "block" && block.parent?.type === "class_definition";
}
