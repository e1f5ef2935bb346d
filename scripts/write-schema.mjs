#!/usr/bin/env node
// Writes docs/lodestar.schema.json from the config schema in src/config (built into dist/).
// A test fails when the committed file differs from what this would write.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "../dist/config/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const file = path.join(root, "docs", "lodestar.schema.json");
await writeFile(file, JSON.stringify(configJsonSchema(), null, 2) + "\n");
console.log(`wrote ${path.relative(root, file)}`);
