import { parseWithTreeSitter } from "../../../../analysis/syntax/tree-sitter.js";
import type { FindingCollector } from "../finding-collector.js";
import type { PyContext, PyRule } from "./context.js";
import { PyLocalValues } from "./local-values.js";
import { PyModuleNames } from "./module-names.js";
import { pyCommandInjectionRule } from "./rules/command-injection.js";
import { pyEvalRule } from "./rules/eval.js";
import { pyInsecureDeserializationRule } from "./rules/insecure-deserialization.js";
import { pyPathTraversalRule } from "./rules/path-traversal.js";
import { pySqlInjectionRule } from "./rules/sql-injection.js";
import { pyTlsVerificationRule } from "./rules/tls-verification.js";
import { pyWeakPasswordHashRule } from "./rules/weak-password-hash.js";
import { mirrorTree, walk, type PyNode } from "./syntax-tree.js";

const RULES: readonly PyRule[] = [
  pyEvalRule,
  pyCommandInjectionRule,
  pySqlInjectionRule,
  pyPathTraversalRule,
  pyTlsVerificationRule,
  pyWeakPasswordHashRule,
  pyInsecureDeserializationRule,
];

const RULES_BY_TYPE = new Map<string, PyRule[]>();
for (const rule of RULES) {
  for (const type of rule.types) {
    const list = RULES_BY_TYPE.get(type);
    if (list) list.push(rule);
    else RULES_BY_TYPE.set(type, [rule]);
  }
}

const BINDING_TYPES = new Set(["assignment", "augmented_assignment", "named_expression", "for_statement", "for_in_clause", "as_pattern_target", "function_definition", "class_definition"]);

/**
 * Parses with tree-sitter (the grammar recovers from syntax errors: what parses is scanned),
 * copies the tree out of wasm memory, frees it, and runs every rule on the nodes of the
 * types it asks for.
 */
export async function scanPython(text: string, out: FindingCollector): Promise<void> {
  const tree = await parseWithTreeSitter("Python", text);
  if (!tree) return;
  let root: PyNode;
  try {
    root = mirrorTree(tree);
  } finally {
    tree.delete();
  }
  const names = new PyModuleNames(text);
  const locals = new PyLocalValues(text);
  const candidates: PyNode[] = [];
  walk(root, (node) => {
    if (node.type === "import_statement" || node.type === "import_from_statement") {
      for (const name of names.collect(node)) locals.noteImported(name);
      return false;
    }
    if (BINDING_TYPES.has(node.type)) locals.noteBinding(node);
    if (RULES_BY_TYPE.has(node.type)) candidates.push(node);
    return true;
  });
  const ctx: PyContext = {
    src: text,
    text: (n) => text.slice(n.start, n.end),
    names,
    locals,
    report: (ruleId, node, message) => out.add(ruleId, node.start, node.end, message),
  };
  for (const node of candidates) {
    for (const rule of RULES_BY_TYPE.get(node.type)!) {
      try {
        rule.check(node, ctx);
      } catch {
        // A rule that trips over an odd tree loses this node only; the other rules still run.
      }
    }
  }
}
