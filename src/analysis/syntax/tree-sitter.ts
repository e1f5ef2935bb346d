import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Parser, Tree } from "web-tree-sitter";

const require = createRequire(import.meta.url);

/** Grammar wasm files shipped inside the grammar packages from the npm registry, by Linguist name. */
const GRAMMARS: Readonly<Record<string, string>> = {
  Python: "tree-sitter-python/tree-sitter-python.wasm",
  Go: "tree-sitter-go/tree-sitter-go.wasm",
  Java: "tree-sitter-java/tree-sitter-java.wasm",
  Ruby: "tree-sitter-ruby/tree-sitter-ruby.wasm",
  Rust: "tree-sitter-rust/tree-sitter-rust.wasm",
  "C#": "tree-sitter-c-sharp/tree-sitter-c_sharp.wasm",
};

/** Linguist language names that have a tree-sitter grammar here. */
export const TREE_SITTER_LANGUAGES: readonly string[] = Object.keys(GRAMMARS);

/**
 * Where a grammar's wasm is: inside its npm package, or — in the Action's single-file
 * bundle, which has no node_modules — in `grammars/` beside the bundle (the bundle script
 * copies them there, with web-tree-sitter's own `tree-sitter.wasm`).
 */
function grammarPath(spec: string): string {
  try {
    return require.resolve(spec);
  } catch {
    return fileURLToPath(new URL(`./grammars/${path.posix.basename(spec)}`, import.meta.url));
  }
}

/** web-tree-sitter, loaded and initialised on first use (most runs parse nothing). */
let runtime: Promise<typeof import("web-tree-sitter")> | null = null;
const parsers = new Map<string, Promise<Parser>>();

async function makeParser(language: string, wasm: string): Promise<Parser> {
  runtime ??= import("web-tree-sitter").then(async (mod) => {
    await mod.Parser.init();
    return mod;
  });
  const { Language, Parser } = await runtime;
  const grammar = await Language.load(grammarPath(wasm));
  const parser = new Parser();
  parser.setLanguage(grammar);
  return parser;
}

/**
 * A parser for a Linguist language name, or null when no grammar is bundled. Parsers are
 * created once per language and reused (loading a grammar compiles its wasm).
 */
export function treeSitterParser(language: string): Promise<Parser> | null {
  const wasm = GRAMMARS[language];
  if (!wasm) return null;
  let parser = parsers.get(language);
  if (!parser) {
    parser = makeParser(language, wasm);
    parsers.set(language, parser);
  }
  return parser;
}

/**
 * Parses source text, or returns null when the language has no grammar. The caller must
 * call `tree.delete()` when done: trees live in wasm memory, not on the JS heap.
 */
export async function parseWithTreeSitter(language: string, text: string): Promise<Tree | null> {
  const parser = await treeSitterParser(language);
  if (!parser) return null;
  return parser.parse(text);
}
