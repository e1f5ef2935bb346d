import ts from "typescript";
import { propertyNameText, unwrap, unwrapAwait } from "./syntax.js";

/**
 * Module specifiers under one name, so rules match `fs.readFile` however it was imported:
 * `node:` prefixes are dropped and `fs/promises`, `fs-extra` and `graceful-fs` read as `fs`.
 */
export function normalizeModule(specifier: string): string {
  const s = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  if (s === "fs/promises") return "fs.promises";
  if (s === "fs-extra" || s === "graceful-fs") return "fs";
  if (s === "child_process/promises") return "child_process";
  return s;
}

interface Named {
  name: string;
  /** True when the root is an import or a require(), not a name that only looks like a module. */
  rooted: boolean;
}

function isRequire(e: ts.Expression): e is ts.CallExpression {
  return (
    ts.isCallExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === "require" &&
    e.arguments.length === 1 &&
    ts.isStringLiteralLike(e.arguments[0]!)
  );
}

function isDynamicImport(e: ts.Expression): e is ts.CallExpression {
  return ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.ImportKeyword && e.arguments.length >= 1 && ts.isStringLiteralLike(e.arguments[0]!);
}

/**
 * What local names stand for: `import { exec as run } from "child_process"` makes `run` mean
 * `child_process.exec`; `const cp = require("node:child_process")` makes `cp.exec` mean the
 * same. Bindings are file-wide by name (no scopes): a file rarely reuses `fs` or `exec` for
 * something else, and when it does the worst case is one extra finding.
 */
export class ModuleNames {
  private readonly bound = new Map<string, string>();
  /** Every call is looked at by several rules; the callee's name is worked out once. */
  private readonly memo = new Map<ts.Expression, Named | undefined>();

  /** Records the binding a node makes, if it is an import, `import x = require()` or a variable set from a module. */
  collect(node: ts.Node): void {
    if (ts.isImportDeclaration(node)) {
      if (!ts.isStringLiteral(node.moduleSpecifier) || node.importClause?.isTypeOnly) return;
      const mod = normalizeModule(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (!clause) return;
      if (clause.name) this.bound.set(clause.name.text, mod);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) this.bound.set(named.name.text, mod);
      else if (named) {
        for (const el of named.elements) {
          if (el.isTypeOnly) continue;
          const imported = el.propertyName ? propertyNameText(el.propertyName) : el.name.text;
          this.bound.set(el.name.text, imported === "default" || imported === undefined ? mod : `${mod}.${imported}`);
        }
      }
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) this.bound.set(node.name.text, normalizeModule(ref.expression.text));
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      let init = unwrapAwait(node.initializer);
      // `const run = promisify(exec)` still runs `exec`.
      if (ts.isCallExpression(init) && init.arguments.length === 1) {
        const callee = this.walk(init.expression);
        if (callee && (callee.name === "promisify" || callee.name === "util.promisify")) init = unwrap(init.arguments[0]!);
      }
      const target = this.walk(init);
      if (target?.rooted) this.bindPattern(node.name, target.name);
    }
  }

  /** The module-qualified name of an expression when it is rooted in an import or require(). */
  resolve(expr: ts.Expression): string | undefined {
    const n = this.named(expr);
    return n?.rooted ? n.name : undefined;
  }

  /** The dotted name of an expression, module-qualified where known (`cp.exec` → "child_process.exec", `foo.bar` → "foo.bar"). */
  dotted(expr: ts.Expression): string | undefined {
    return this.named(expr)?.name;
  }

  private named(expr: ts.Expression): Named | undefined {
    if (this.memo.has(expr)) return this.memo.get(expr);
    const n = this.walk(expr);
    this.memo.set(expr, n);
    return n;
  }

  private bindPattern(name: ts.BindingName, qualified: string): void {
    if (ts.isIdentifier(name)) {
      this.bound.set(name.text, qualified);
    } else if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        if (el.dotDotDotToken) continue;
        const prop = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (prop !== undefined) this.bindPattern(el.name, `${qualified}.${prop}`);
      }
    }
  }

  private walk(expr: ts.Expression, depth = 0): Named | undefined {
    if (depth > 32) return undefined;
    const e = unwrapAwait(expr);
    if (ts.isIdentifier(e)) {
      const b = this.bound.get(e.text);
      return b === undefined ? { name: e.text, rooted: false } : { name: b, rooted: true };
    }
    if (ts.isPropertyAccessExpression(e)) {
      const o = this.walk(e.expression, depth + 1);
      return o && { name: `${o.name}.${e.name.text}`, rooted: o.rooted };
    }
    if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
      const o = this.walk(e.expression, depth + 1);
      return o && { name: `${o.name}.${e.argumentExpression.text}`, rooted: o.rooted };
    }
    if (isRequire(e) || isDynamicImport(e)) return { name: normalizeModule((e.arguments[0] as ts.StringLiteralLike).text), rooted: true };
    if (e.kind === ts.SyntaxKind.ThisKeyword) return { name: "this", rooted: false };
    return undefined;
  }
}
