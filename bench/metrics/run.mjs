#!/usr/bin/env node
// bench/metrics: throughput of functionMetrics against the bare parser it is built on, same
// files, same run. For each language found under DIR: files/s and MB/s of functionMetrics
// (parse + walk + complexity), of the bare parse (ts.createSourceFile without parent pointers
// or JSDoc, or tree-sitter's parse + delete), and the ratio — the cost of the walk itself.
//   npm run build && node bench/metrics/run.mjs [dir=node_modules] [maxFilesPerLanguage=20000]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, "../../node_modules"));
const maxFiles = Number(process.argv[3] ?? 20000);
const { functionMetrics } = await import("../../dist/analysis/metrics/index.js");
const { treeSitterParser } = await import("../../dist/analysis/syntax/tree-sitter.js");

const byExtension = { ".js": "JavaScript", ".mjs": "JavaScript", ".cjs": "JavaScript", ".jsx": "JavaScript", ".ts": "TypeScript", ".mts": "TypeScript", ".cts": "TypeScript", ".tsx": "TSX", ".py": "Python", ".go": "Go", ".java": "Java", ".rb": "Ruby", ".rs": "Rust", ".cs": "C#" };
const scriptKinds = { JavaScript: ts.ScriptKind.JSX, TypeScript: ts.ScriptKind.TS, TSX: ts.ScriptKind.TSX };

// Files under 1 MB, as the analysis caps them; minified bundles are included like any file.
const files = new Map();
const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile()) {
      const language = byExtension[path.extname(entry.name)];
      if (!language || entry.name.endsWith(".d.ts")) continue;
      const list = files.get(language) ?? [];
      if (list.length >= maxFiles || statSync(full).size > 1024 * 1024) continue;
      list.push(readFileSync(full, "utf8"));
      files.set(language, list);
    }
  }
};
walk(root);

async function bare(language, texts) {
  const kind = scriptKinds[language];
  if (kind !== undefined) {
    for (const text of texts) ts.createSourceFile("x", text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, kind);
    return;
  }
  const parser = await treeSitterParser(language);
  for (const text of texts) parser.parse(text)?.delete();
}

async function metrics(texts, language) {
  let functions = 0;
  for (const text of texts) functions += (await functionMetrics(language, text))?.length ?? 0;
  return functions;
}

const time = async (fn) => {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
};

console.log(`bench/metrics: functionMetrics against the bare parser, files under ${root}`);
for (const [language, texts] of [...files].sort()) {
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024 / 1024;
  await bare(language, texts.slice(0, 200)); // warm-up, not timed
  await metrics(texts.slice(0, 200), language);
  // Alternate the order so neither side always runs on a warmer heap.
  const b1 = await time(() => bare(language, texts));
  const m1 = await time(() => metrics(texts, language));
  const m2 = await time(() => metrics(texts, language));
  const b2 = await time(() => bare(language, texts));
  const b = (b1.seconds + b2.seconds) / 2;
  const m = (m1.seconds + m2.seconds) / 2;
  console.log(`  ${language.padEnd(11)} ${String(texts.length).padStart(6)} files ${megabytes.toFixed(1).padStart(6)} MB ${String(m1.result).padStart(8)} functions`);
  console.log(`    functionMetrics ${(texts.length / m).toFixed(0).padStart(6)} files/s ${(megabytes / m).toFixed(1).padStart(6)} MB/s`);
  console.log(`    bare parse      ${(texts.length / b).toFixed(0).padStart(6)} files/s ${(megabytes / b).toFixed(1).padStart(6)} MB/s`);
  console.log(`    ratio functionMetrics / bare parse: time ${(m / b).toFixed(2)}`);
}
