/**
 * Does a variant parse? Checked in-process, before anything of the repository runs: a model
 * answer that is prose, is cut off, or is broken code is rejected without a sandbox run.
 * JavaScript and TypeScript go through the TypeScript compiler's syntactic pass (the same
 * parser the metrics use); the tree-sitter languages through their grammar. Types are the
 * build command's business, run in the sandbox afterwards.
 */
import { TREE_SITTER_LANGUAGES, parseWithTreeSitter } from "../../analysis/syntax/tree-sitter.js";

const SCRIPT_LANGUAGES = new Set(["TypeScript", "TSX", "JavaScript", "JSX"]);
const MAX_PROBLEMS = 3;

/**
 * The syntax errors of `text` as a file at `path` (its extension picks JS, JSX, TS or TSX),
 * at most a few; `[]` when it parses; null when no parser for the language is bundled.
 */
export async function syntaxProblems(filePath: string, language: string, text: string): Promise<string[] | null> {
  if (SCRIPT_LANGUAGES.has(language)) {
    // Loaded on first use: the compiler costs half a second to load.
    const { default: ts } = await import("typescript");
    // A .js file named as such, so TypeScript-only syntax in a JavaScript file is an error.
    const fileName = /\.[cm]?[jt]sx?$/i.test(filePath) ? filePath : `${filePath}.${language === "TypeScript" ? "ts" : language === "TSX" ? "tsx" : "jsx"}`;
    const result = ts.transpileModule(text, {
      fileName,
      reportDiagnostics: true,
      compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
    });
    return (result.diagnostics ?? []).slice(0, MAX_PROBLEMS).map((d) => {
      const where = d.file && d.start !== undefined ? ` (line ${d.file.getLineAndCharacterOfPosition(d.start).line + 1})` : "";
      return `${ts.flattenDiagnosticMessageText(d.messageText, " ")}${where}`;
    });
  }
  if (!TREE_SITTER_LANGUAGES.includes(language)) return null;
  const tree = await parseWithTreeSitter(language, text);
  if (!tree) return null;
  try {
    if (!tree.rootNode.hasError) return [];
    const problems: string[] = [];
    const walk = tree.rootNode.walk();
    // Depth-first until a few ERROR or MISSING nodes are found.
    let more = true;
    while (more && problems.length < MAX_PROBLEMS) {
      const node = walk.currentNode;
      if (node.isError || node.isMissing) problems.push(`${node.isMissing ? `missing ${node.type}` : "syntax error"} (line ${node.startPosition.row + 1})`);
      if (node.hasError && walk.gotoFirstChild()) continue;
      while (!walk.gotoNextSibling()) {
        if (!walk.gotoParent()) {
          more = false;
          break;
        }
      }
    }
    walk.delete();
    return problems.length ? problems : ["syntax error"];
  } finally {
    tree.delete();
  }
}
