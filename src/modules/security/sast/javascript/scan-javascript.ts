import ts from "typescript";
import type { FindingCollector } from "../finding-collector.js";
import type { JsContext, JsRule } from "./context.js";
import { LocalValues } from "./local-values.js";
import { ModuleNames } from "./module-names.js";
import { commandInjectionRule } from "./rules/command-injection.js";
import { evalRule } from "./rules/eval.js";
import { insecureDeserializationRule } from "./rules/insecure-deserialization.js";
import { pathTraversalRule } from "./rules/path-traversal.js";
import { sqlInjectionRule } from "./rules/sql-injection.js";
import { tlsVerificationRule } from "./rules/tls-verification.js";
import { weakPasswordHashRule } from "./rules/weak-password-hash.js";

const RULES: readonly JsRule[] = [
  evalRule,
  commandInjectionRule,
  sqlInjectionRule,
  pathTraversalRule,
  tlsVerificationRule,
  weakPasswordHashRule,
  insecureDeserializationRule,
];

const RULES_BY_KIND = new Map<ts.SyntaxKind, JsRule[]>();
for (const rule of RULES) {
  for (const kind of rule.kinds) {
    const list = RULES_BY_KIND.get(kind);
    if (list) list.push(rule);
    else RULES_BY_KIND.set(kind, [rule]);
  }
}

/** The parser's view of a file: TypeScript, TSX, or JavaScript (which may contain JSX). */
export function scriptKindFor(language: string, path: string): ts.ScriptKind {
  if (language === "TSX" || path.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (language === "TypeScript") return ts.ScriptKind.TS;
  return ts.ScriptKind.JSX;
}

/**
 * Parses with the TypeScript compiler (syntax only, no type checker: one file at a time, fast)
 * and runs every rule on the nodes of the kinds it asks for. The parser recovers from syntax
 * errors, so a broken file is still scanned as far as it parses.
 */
export function scanJavaScript(path: string, text: string, kind: ts.ScriptKind, out: FindingCollector): void {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const names = new ModuleNames();
  const locals = new LocalValues(sf);
  const candidates: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ImportEqualsDeclaration:
        names.collect(node);
        break;
      case ts.SyntaxKind.VariableDeclaration:
        names.collect(node);
        locals.noteDeclaration(node);
        break;
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
        locals.noteDeclaration(node);
        break;
      default:
        if (RULES_BY_KIND.has(node.kind)) candidates.push(node);
    }
    ts.forEachChild(node, visit);
  };
  // Recursive (fast); nesting deep enough to overflow the stack ends in scanCode's catch.
  visit(sf);
  const ctx: JsContext = {
    sf,
    names,
    locals,
    report: (ruleId, node, message) => out.add(ruleId, node.getStart(sf), node.getEnd(), message),
  };
  for (const node of candidates) {
    for (const rule of RULES_BY_KIND.get(node.kind)!) {
      try {
        rule.check(node, ctx);
      } catch {
        // A rule that trips over an odd tree loses this node only; the other rules still run.
      }
    }
  }
}
