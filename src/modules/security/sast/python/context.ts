import type { SastRuleId } from "../types.js";
import type { PyLocalValues } from "./local-values.js";
import type { PyModuleNames } from "./module-names.js";
import type { PyNode } from "./syntax-tree.js";

/** What a Python rule can see of the file it checks. */
export interface PyContext {
  src: string;
  /** The source text of a node. */
  text(node: PyNode): string;
  names: PyModuleNames;
  locals: PyLocalValues;
  report(ruleId: SastRuleId, node: PyNode, message: string): void;
}

/** A rule: the node types it looks at and the check run on each. */
export interface PyRule {
  types: readonly string[];
  check(node: PyNode, ctx: PyContext): void;
}
