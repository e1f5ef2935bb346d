#!/usr/bin/env node
// Child of bench/analysis/run.mjs: lists a tree and counts its languages and lines with the
// built code (dist/), exactly the two calls the analysis makes, and writes per-file results
// (the files Lodestar counted, with language and line counts) as JSON to the given file.
//   node bench/analysis/stats-child.mjs <tree> <out.json>
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const [tree, out] = process.argv.slice(2);
if (!tree || !out) throw new Error("usage: stats-child.mjs <tree> <out.json>");

const { listLocalFiles } = await import(path.join(projectRoot, "dist/analysis/list-local-files.js"));
const { collectFileStats } = await import(path.join(projectRoot, "dist/analysis/file-stats.js"));

const listing = await listLocalFiles(tree);
const stats = await collectFileStats(tree, listing, {});
const skipped = { ...listing.skipped };
for (const [why, n] of Object.entries(stats.skipped)) skipped[why] = (skipped[why] ?? 0) + n;
writeFileSync(
  out,
  JSON.stringify({
    source: listing.source,
    listed: listing.files.length,
    skipped,
    files: stats.files.map((f) => [f.path, f.language, f.code, f.comment, f.blank]),
  }),
);
