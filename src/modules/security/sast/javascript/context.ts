import type ts from "typescript";
import type { SastRuleId } from "../types.js";
import type { LocalValues } from "./local-values.js";
import type { ModuleNames } from "./module-names.js";

/** What a JavaScript/TypeScript rule can see of the file it checks. */
export interface JsContext {
  sf: ts.SourceFile;
  names: ModuleNames;
  locals: LocalValues;
  /** Records a finding over `node`. */
  report(ruleId: SastRuleId, node: ts.Node, message: string): void;
}

/** A rule: the node kinds it looks at and the check run on each. */
export interface JsRule {
  kinds: readonly ts.SyntaxKind[];
  check(node: ts.Node, ctx: JsContext): void;
}
