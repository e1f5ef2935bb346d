import ts from "typescript";
import { enclosingScope, isScope, unwrap } from "./syntax.js";

/**
 * One write to a local name. `value` is the expression written; `from` is an expression the
 * name takes a part of (destructuring, a for-of element); neither means the value is not
 * known here (a parameter, a catch variable, `let x;`). `append` marks `x += value`.
 */
export interface Assignment {
  start: number;
  end: number;
  value?: ts.Expression;
  from?: ts.Expression;
  append?: boolean;
}

type ScopeIndex = Map<string, Assignment[]>;

/**
 * Intra-function data flow, deliberately simple: the value a name has where it is read is
 * the last write to it earlier in the same function, in source order (branches and loops
 * are not modelled; writes in called functions are not seen). A name not written in its own
 * function is looked up in the enclosing functions, then the file. Indexes are built lazily,
 * per function, only when a rule asks.
 */
export class LocalValues {
  private readonly indexes = new Map<ts.Node, ScopeIndex>();
  /** File-wide `const` initialisers by name; null when the name is declared more than once or not as a const. */
  private readonly consts = new Map<string, ts.Expression | null>();

  constructor(private readonly sf: ts.SourceFile) {}

  /** Called by the file walk for every declaration, so constants are known before rules run. */
  noteDeclaration(node: ts.Node): void {
    if (ts.isVariableDeclaration(node)) {
      if (ts.isIdentifier(node.name)) {
        const isConst = (node.parent.flags & ts.NodeFlags.Const) !== 0 && node.initializer !== undefined;
        this.noteName(node.name.text, isConst ? node.initializer : null);
      } else this.noteBindingNames(node.name);
    } else if (ts.isParameter(node)) {
      this.noteBindingNames(node.name);
    } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
      this.noteName(node.name.text, null);
    }
  }

  /** True when the file declares the name itself (variable, parameter, function, class). */
  isDeclared(name: string): boolean {
    return this.consts.has(name);
  }

  /** The initialiser of a file-wide constant (declared once, with `const`). */
  constantInitializer(name: string): ts.Expression | undefined {
    return this.consts.get(name) ?? undefined;
  }

  /** The write that gives `id` its value at offset `before` (default: where `id` is written). */
  reaching(id: ts.Identifier, before = id.getStart(this.sf)): Assignment | undefined {
    let scope = enclosingScope(id);
    let inner = true;
    while (scope) {
      const list = this.index(scope).get(id.text);
      if (list) {
        let found: Assignment | undefined;
        for (const a of list) if (a.end <= before) found = a;
        // From a nested function the outer variable may have been set after the closure was made.
        if (!found && !inner) found = list[list.length - 1];
        return found;
      }
      scope = enclosingScope(scope);
      inner = false;
    }
    return undefined;
  }

  private noteName(name: string, init: ts.Expression | null | undefined): void {
    if (this.consts.has(name)) this.consts.set(name, null);
    else this.consts.set(name, init ?? null);
  }

  private noteBindingNames(name: ts.BindingName): void {
    if (ts.isIdentifier(name)) this.noteName(name.text, null);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) this.noteBindingNames(el.name);
  }

  private index(scope: ts.Node): ScopeIndex {
    let idx = this.indexes.get(scope);
    if (!idx) {
      idx = buildIndex(scope);
      this.indexes.set(scope, idx);
    }
    return idx;
  }
}

function buildIndex(scope: ts.Node): ScopeIndex {
  const idx: ScopeIndex = new Map();
  const add = (name: string, a: Assignment): void => {
    const list = idx.get(name);
    if (list) list.push(a);
    else idx.set(name, [a]);
  };
  const addPattern = (name: ts.BindingName | ts.Expression, a: Omit<Assignment, "value">): void => {
    if (ts.isIdentifier(name)) add(name.text, { ...a });
    else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
      for (const el of name.elements) if (!ts.isOmittedExpression(el)) addPattern(el.name, a);
    } else if (ts.isObjectLiteralExpression(name)) {
      for (const p of name.properties) {
        if (ts.isShorthandPropertyAssignment(p)) add(p.name.text, { ...a });
        else if (ts.isPropertyAssignment(p)) addPattern(unwrapTarget(p.initializer), a);
        else if (ts.isSpreadAssignment(p)) addPattern(p.expression, a);
      }
    } else if (ts.isArrayLiteralExpression(name)) {
      for (const el of name.elements) addPattern(ts.isSpreadElement(el) ? el.expression : unwrapTarget(el), a);
    }
  };

  if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) addPattern(p.name, { start: p.pos, end: p.end });
  }
  const stack: ts.Node[] = [];
  const body = ts.isSourceFile(scope) ? scope : (scope as ts.FunctionLikeDeclaration).body;
  if (body) stack.push(body);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== scope && isScope(node)) continue;
    if (ts.isVariableDeclaration(node)) {
      const loop = node.parent.parent;
      const iterated = (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && loop.initializer === node.parent ? loop.expression : undefined;
      const where = { start: node.pos, end: node.end };
      if (ts.isIdentifier(node.name)) {
        add(node.name.text, node.initializer ? { ...where, value: node.initializer } : iterated ? { ...where, from: iterated } : where);
      } else {
        const source = node.initializer ?? iterated;
        addPattern(node.name, source ? { ...where, from: source } : where);
      }
    } else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      const left = unwrap(node.left);
      const where = { start: node.pos, end: node.end };
      const op = node.operatorToken.kind;
      if (ts.isIdentifier(left)) {
        if (op === ts.SyntaxKind.EqualsToken) add(left.text, { ...where, value: node.right });
        else if (op === ts.SyntaxKind.PlusEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken) {
          add(left.text, { ...where, value: node.right, append: true });
        } else add(left.text, where);
      } else if (op === ts.SyntaxKind.EqualsToken && (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left))) {
        addPattern(left, { ...where, from: node.right });
      }
    }
    // Children in reverse so they are visited (and recorded) in source order.
    const children: ts.Node[] = [];
    ts.forEachChild(node, (c) => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return idx;
}

function unwrapTarget(e: ts.Expression): ts.Expression {
  // `{ a = 1 } = obj` → the target is `a`.
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken ? e.left : e;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
