#!/usr/bin/env node
// Bundles src/action/index.ts into action/dist/index.mjs, the file action.yml runs.
// `--check` builds in memory and fails when the committed bundle differs (it is stale).
import { readFile, writeFile, mkdir } from "node:fs/promises";
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
  banner: { js: "import { createRequire as __lodestarCreateRequire } from 'node:module';\nconst require = __lodestarCreateRequire(import.meta.url);" },
});
const code = result.outputFiles.find((f) => f.path === outfile)?.text;
if (!code) throw new Error("esbuild produced no bundle");

if (check) {
  const committed = await readFile(outfile, "utf8").catch(() => "");
  if (committed !== code) {
    console.error("action/dist/index.mjs is stale: run `npm run bundle:action` and commit it.");
    process.exit(1);
  }
  console.log("action/dist/index.mjs is up to date.");
} else {
  await mkdir(path.dirname(outfile), { recursive: true });
  await writeFile(outfile, code);
  console.log(`wrote ${path.relative(root, outfile)} (${(code.length / 1024).toFixed(0)} KiB)`);
}
