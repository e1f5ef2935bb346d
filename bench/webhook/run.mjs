#!/usr/bin/env node
// bench/webhook: the cost of Lodestar's webhook path against a bare Probot app, same deliveries,
// same run. Each server gets N signed `issue_comment.created` deliveries whose comment is not a
// command (so no GitHub request is made and only the app's own overhead is measured), sent with
// a fixed concurrency over loopback. Prints wall time and peak RSS for both, and the ratios.
//   node bench/webhook/run.mjs [deliveries=2000] [concurrency=8]
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sign } from "@octokit/webhooks-methods";

const here = path.dirname(fileURLToPath(import.meta.url));
const deliveries = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 8);
const secret = "bench-secret";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

const examples = JSON.parse(readFileSync(path.join(here, "../../node_modules/@octokit/webhooks-examples/api.github.com/index.json"), "utf8"));
const payload = structuredClone(examples.find((e) => e.name === "issue_comment").examples.find((p) => p.action === "created"));
payload.installation = { id: 1 };
payload.comment.body = "Looks good to me; no command here.";
const body = JSON.stringify(payload);
const signature = await sign(secret, body);

// Probot's run() reads PORT and treats 0 as "use 3000", so take a port that is free now.
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

async function start(kind) {
  const child = spawn(process.execPath, [path.join(here, "server.mjs"), kind], {
    env: { ...process.env, APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, PORT: String(await freePort()), NODE_ENV: "production" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const next = (prefix) => new Promise((resolve) => lines.on("line", (l) => l.startsWith(prefix) && resolve(l.slice(prefix.length + 1))));
  return { child, next };
}

async function measure(kind) {
  const { child, next } = await start(kind);
  const port = Number(await next("ready"));
  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  const send = async (i) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "issue_comment", "x-github-delivery": `bench-${kind}-${i}`, "x-hub-signature-256": signature },
      body,
    });
    if (res.status !== 200) throw new Error(`${kind}: delivery ${i} answered ${res.status}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 50; i++) await send(`warm-${i}`); // warm-up, not timed
  let nextIndex = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (nextIndex < deliveries) await send(nextIndex++);
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  child.stdin.write("stats\n");
  const rss = Number(await next("stats"));
  child.stdin.write("stop\n");
  await new Promise((resolve) => child.on("exit", resolve));
  return { seconds, rss };
}

// Alternate the order so neither server always runs on a warmer machine.
const bare1 = await measure("bare");
const lode1 = await measure("lodestar");
const lode2 = await measure("lodestar");
const bare2 = await measure("bare");
const bare = { seconds: (bare1.seconds + bare2.seconds) / 2, rss: Math.max(bare1.rss, bare2.rss) };
const lode = { seconds: (lode1.seconds + lode2.seconds) / 2, rss: Math.max(lode1.rss, lode2.rss) };
const mb = (b) => (b / 1024 / 1024).toFixed(1);
console.log(`bench/webhook: ${deliveries} signed issue_comment deliveries, concurrency ${concurrency}, two runs each`);
console.log(`  bare Probot app   ${bare.seconds.toFixed(2)} s (${(deliveries / bare.seconds).toFixed(0)}/s)  peak RSS ${mb(bare.rss)} MB`);
console.log(`  Lodestar          ${lode.seconds.toFixed(2)} s (${(deliveries / lode.seconds).toFixed(0)}/s)  peak RSS ${mb(lode.rss)} MB`);
console.log(`  ratio Lodestar / bare: time ${(lode.seconds / bare.seconds).toFixed(2)}, memory ${(lode.rss / bare.rss).toFixed(2)}`);
