#!/usr/bin/env node
// Bundles src/action/index.ts into action/dist/index.mjs, the file action.yml runs.
// `--check` builds in memory and fails when the committed bundle differs (it is stale).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "action", "dist", "index.mjs");
const check = process.argv.includes("--check");

const result = await build({
  entryPoints: [path.join(root, "src", "action", "index.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  write: false,
  outfile,
  legalComments: "none",
  logLevel: "warning",
  // Bundled CommonJS dependencies call require() for Node built-ins.
  // and some (TypeScript's compiler) read __filename / __dirname, which ESM does not define.
  banner: {
    js: [
      "import { createRequire as __lodestarCreateRequire } from 'node:module';",
      "import { fileURLToPath as __lodestarFileURLToPath } from 'node:url';",
      "const require = __lodestarCreateRequire(import.meta.url);",
      "const __filename = __lodestarFileURLToPath(import.meta.url);",
      "const __dirname = __lodestarFileURLToPath(new URL('.', import.meta.url));",
    ].join("\n"),
  },
});
const code = result.outputFiles.find((f) => f.path === outfile)?.text;
if (!code) throw new Error("esbuild produced no bundle");

// The bundle has no node_modules: web-tree-sitter looks for its runtime `tree-sitter.wasm`
// beside the bundle, and our loader looks for grammars in `grammars/` (see
// src/analysis/syntax/tree-sitter.ts, whose list of grammar files is read here so there is
// one list).
const require = createRequire(import.meta.url);
const loader = await readFile(path.join(root, "src", "analysis", "syntax", "tree-sitter.ts"), "utf8");
const grammars = [...loader.matchAll(/"(tree-sitter-[\w-]+\/[\w-]+\.wasm)"/g)].map((m) => m[1]);
if (grammars.length === 0) throw new Error("no grammar list found in src/analysis/syntax/tree-sitter.ts");
const assets = [
  { from: require.resolve("web-tree-sitter/tree-sitter.wasm"), to: path.join(path.dirname(outfile), "tree-sitter.wasm") },
  ...grammars.map((spec) => ({ from: require.resolve(spec), to: path.join(path.dirname(outfile), "grammars", path.basename(spec)) })),
];

if (check) {
  const stale = [];
  const committed = await readFile(outfile, "utf8").catch(() => "");
  if (committed !== code) stale.push(path.relative(root, outfile));
  for (const asset of assets) {
    const [want, have] = await Promise.all([readFile(asset.from), readFile(asset.to).catch(() => null)]);
    if (!have || !want.equals(have)) stale.push(path.relative(root, asset.to));
  }
  if (stale.length) {
    console.error(`stale action bundle (${stale.join(", ")}): run \`npm run bundle:action\` and commit it.`);
    process.exit(1);
  }
  console.log("action/dist is up to date.");
} else {
  await mkdir(path.dirname(outfile), { recursive: true });
  await writeFile(outfile, code);
  for (const asset of assets) {
    await mkdir(path.dirname(asset.to), { recursive: true });
    await writeFile(asset.to, await readFile(asset.from));
  }
  console.log(`wrote ${path.relative(root, outfile)} (${(code.length / 1024).toFixed(0)} KiB) and ${assets.length} wasm files`);
}
