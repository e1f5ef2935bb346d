import ts from "typescript";

/** Strips what does not change a value: parentheses, type assertions, `!`, `satisfies`. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) {
      // `(0, eval)(x)`: the value is the right operand.
      e = e.right;
    } else return e;
  }
}

/** Like {@link unwrap}, and also looks through `await`. */
export function unwrapAwait(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  return e;
}

/** Functions, methods and the file itself: the places local variables live. */
export function isScope(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** The innermost function (or the file) around a node, not counting the node itself. */
export function enclosingScope(node: ts.Node): ts.Node | undefined {
  let p = node.parent;
  while (p && !isScope(p)) p = p.parent;
  return p;
}

/** The text of a property name that is written literally (`a`, `"a"`, `1`), else undefined. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  if (ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The last segment of what is called: `a.b.c(…)` → "c", `f(…)` → "f". */
export function calleeMember(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** The object a method is called on: `a.b.c(…)` → `a.b`; undefined for a plain function call. */
export function calleeReceiver(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

/** A property of an object literal by literal name, e.g. `shell` in `{ shell: true }`. */
export function objectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  for (const p of obj.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)) && propertyNameText(p.name) === name) return p;
  }
  return undefined;
}

/** Arguments of a call or `new` (a `new X` without parentheses has none). */
export function argsOf(call: ts.CallExpression | ts.NewExpression): readonly ts.Expression[] {
  return call.arguments ?? [];
}
