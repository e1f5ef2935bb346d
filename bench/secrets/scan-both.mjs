// Child process: scans the corpus with Lodestar's built scanner (dist/) and with secretlint's
// engine (@secretlint/core lintSource — what its CLI and @secretlint/node run per file — with the
// recommended preset), in the same process on the same in-memory files. Passes alternate between
// the tools with a forced GC before each, so machine load and heap state hit both alike; only the
// scan loops are timed (wall clock and process CPU time).
// Usage: node --expose-gc scan-both.mjs <corpus> <files.json> <out.json> <passes> <dist entry> <secretlint prefix>
//        node scan-both.mjs --probe <secretlint prefix>   (exits 0 if secretlint runs on this Node)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

async function loadSecretlint(prefix) {
  const require = createRequire(path.join(prefix, "package.json"));
  const { lintSource } = await import(pathToFileURL(require.resolve("@secretlint/core")).href);
  const { creator } = await import(pathToFileURL(require.resolve("@secretlint/secretlint-rule-preset-recommend")).href);
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] };
  return (filePath, content) => lintSource({ source: { filePath, content, contentType: "text" }, options: { config } });
}

if (process.argv[2] === "--probe") {
  const lint = await loadSecretlint(process.argv[3]);
  const result = await lint("/probe.env", "SLACK_TOKEN=xoxb-12345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx\n");
  process.exit(result.messages.length === 1 ? 0 : 1);
}

const [corpus, list, out, passesArg, entry, prefix] = process.argv.slice(2);
const { scanTextForSecrets } = await import(pathToFileURL(entry).href);
const lint = await loadSecretlint(prefix);
const files = JSON.parse(readFileSync(list, "utf8")).map((file) => ({ file, abs: path.join(corpus, file), text: readFileSync(path.join(corpus, file), "utf8") }));

const tools = {
  lodestar: async () => {
    const found = [];
    for (const { file, text } of files) {
      for (const f of scanTextForSecrets(file, text)) found.push({ file, line: f.line, endLine: f.endLine, rule: f.ruleId });
    }
    return found;
  },
  secretlint: async () => {
    const found = [];
    for (const { file, abs, text } of files) {
      const result = await lint(abs, text);
      for (const m of result.messages) found.push({ file, line: m.loc.start.line, endLine: m.loc.end.line, rule: m.ruleId });
    }
    return found;
  },
};

const results = Object.fromEntries(Object.keys(tools).map((t) => [t, { wall: [], cpu: [], findings: [] }]));
for (let pass = 0; pass < Number(passesArg); pass++) {
  const order = pass % 2 === 0 ? ["lodestar", "secretlint"] : ["secretlint", "lodestar"];
  for (const tool of order) {
    globalThis.gc?.();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const found = await tools[tool]();
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    results[tool].wall.push(wall);
    results[tool].cpu.push((cpu.user + cpu.system) / 1000);
    if (pass === 0) results[tool].findings = found;
  }
}
writeFileSync(out, JSON.stringify({ node: process.version, gc: typeof globalThis.gc === "function", results }));
