#!/usr/bin/env node
// bench/webhooks: webhook latency under load, Lodestar against a bare Probot app (issue 5).
//
//   node bench/webhooks/run.mjs [--deliveries 2000] [--connections 50] [--rounds 2]
//                               [--warmup 500] [--installations 20] [--wait 30] [--max-wait 3600]
//                               [--only bare|lodestar] [--no-build]
//
// Each server (Lodestar's real `serve()`, or a bare Probot app with one no-op handler) runs in a
// child process of its own, one at a time, pointed at a fake GitHub (fake-github.mjs, another
// child) through GHE_HOST/GHE_PROTOCOL. autocannon sends the same realistic mix of signed
// deliveries to both: each has its own X-GitHub-Delivery id, payload and X-Hub-Signature-256.
// After the load the runner waits until every delivery that should write to GitHub has written
// (the app may answer first and work in the background), then checks nothing was lost or done
// twice. Bar: Lodestar's p99 < 100 ms and ≤ 1.5 × the bare app's p99; no delivery lost.
// Exits non-zero on FAIL.
import { execFileSync, spawn } from "node:child_process";
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sign } from "@octokit/webhooks-methods";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "..", "..");
const { values: opts } = parseArgs({
  options: {
    deliveries: { type: "string", default: "2000" },
    connections: { type: "string", default: "50" },
    rounds: { type: "string", default: "2" },
    warmup: { type: "string", default: "500" },
    installations: { type: "string", default: "20" },
    wait: { type: "string", default: "30" },
    "max-wait": { type: "string", default: "3600" },
    only: { type: "string" },
    "no-build": { type: "boolean", default: false },
  },
});
const DELIVERIES = Number(opts.deliveries);
const CONNECTIONS = Math.min(Number(opts.connections), DELIVERIES);
const ROUNDS = Number(opts.rounds);
const WARMUP = Number(opts.warmup);
const INSTALLATIONS = Number(opts.installations);
const STALL_MS = Number(opts.wait) * 1000;
const MAX_WAIT_MS = Number(opts["max-wait"]) * 1000;
const BAR_P99_MS = 100;
const BAR_RATIO = 1.5;

if (!opts["no-build"]) execFileSync("npm", ["run", "build", "--silent"], { cwd: projectRoot, stdio: "inherit" });

// ---- deliveries -------------------------------------------------------------------------

// A non-default secret (production refuses "development") and a throwaway app key.
const SECRET = randomBytes(24).toString("hex");
const { privateKey: PRIVATE_KEY } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const examples = JSON.parse(readFileSync(path.join(projectRoot, "node_modules/@octokit/webhooks-examples/api.github.com/index.json"), "utf8"));
const examplesOf = (name, keep) => examples.find((e) => e.name === name).examples.filter(keep);
const EX = {
  push: examplesOf("push", (p) => p.ref.startsWith("refs/heads/") && !p.deleted),
  opened: examplesOf("pull_request", (p) => p.action === "opened"),
  synchronize: examplesOf("pull_request", (p) => p.action === "synchronize"),
  comment: examplesOf("issue_comment", (p) => p.action === "created"),
  issue: examplesOf("issues", (p) => p.action === "opened"),
  tag: examplesOf("push", (p) => p.ref.startsWith("refs/tags/") && !p.deleted),
  labeled: examplesOf("pull_request", (p) => p.action === "labeled"),
};
const ORDINARY = [
  "Thanks, this looks good to me.",
  "I can reproduce this on Node 20 as well; the stack trace is in the log above.",
  "Could we run /lodestar help later? Not now: this line does not start with the command.",
  "LGTM once CI is green. @Codertocat can you take a look?",
];

// The mix, repeated every 10 deliveries: pushes and pull requests dominate real traffic.
const MIX = ["push", "opened", "help", "push", "synchronize", "comment", "push", "opened", "comment", "issue"];
// The warm-up: mostly deliveries that write nothing (a tag push, a label, ordinary comments,
// an issue), which warm the webhook path (JIT, parsers, sockets) without queueing GitHub writes
// that drain at one a second, and every 25th from MIX so the token and write paths warm too.
const QUIET = ["comment", "tag", "issue", "labeled", "comment"];
const warmKind = (i) => (i % 25 === 0 ? MIX[(i / 25) % MIX.length] : QUIET[i % QUIET.length]);

const sha = (seed) => createHash("sha1").update(seed).digest("hex");
const pick = (list, i) => structuredClone(list[i % list.length]);

/**
 * One signed delivery. `expect` says which GitHub writes it must cause: a check run on its
 * head SHA (push, pull request), the 👀 reaction and the help comment (`/lodestar help`), or
 * none (ordinary comment, issue opened: their issue numbers must get no comment).
 */
async function delivery(tag, i, kind) {
  const n = 20_000 + i; // unique issue / pull request number (and comment id) across all sets
  let event;
  let payload;
  let expect;
  if (kind === "push") {
    event = "push";
    payload = pick(EX.push, i);
    const after = sha(`${tag}-push-${i}`);
    payload.ref = `refs/heads/${payload.repository.default_branch}`;
    payload.before = sha(`${tag}-push-before-${i}`);
    payload.after = after;
    if (payload.head_commit) payload.head_commit.id = after;
    if (payload.commits?.length) payload.commits[payload.commits.length - 1].id = after;
    expect = { checkRun: after };
  } else if (kind === "opened" || kind === "synchronize") {
    event = "pull_request";
    payload = pick(EX[kind], i);
    const head = sha(`${tag}-pr-${i}`);
    payload.number = payload.pull_request.number = n;
    payload.pull_request.head.sha = head;
    if (kind === "synchronize") {
      payload.before = sha(`${tag}-pr-before-${i}`);
      payload.after = head;
    }
    expect = { checkRun: head };
  } else if (kind === "help" || kind === "comment") {
    event = "issue_comment";
    payload = pick(EX.comment, i);
    payload.issue.number = n;
    payload.comment.id = 700_000_000 + n;
    payload.comment.body = kind === "help" ? "/lodestar help" : ORDINARY[i % ORDINARY.length];
    expect = kind === "help" ? { comment: n, reaction: payload.comment.id } : { quiet: n };
  } else if (kind === "tag") {
    event = "push";
    payload = pick(EX.tag, i);
    payload.after = sha(`${tag}-tag-${i}`);
    expect = { noCheckRun: payload.after };
  } else if (kind === "labeled") {
    event = "pull_request";
    payload = pick(EX.labeled, i);
    payload.number = payload.pull_request.number = n;
    payload.pull_request.head.sha = sha(`${tag}-labeled-${i}`);
    expect = { noCheckRun: payload.pull_request.head.sha };
  } else {
    event = "issues";
    payload = pick(EX.issue, i);
    payload.issue.number = n;
    expect = { quiet: n };
  }
  // Deliveries go to `--installations` installations in turn, each its own account, as on a
  // server many repositories use; a whole round of MIX at a time, so each gets the same mix.
  // GitHub writes are spaced per installation (Probot's throttling: a second, three for a
  // comment), so this also sets how much background work can run at once.
  const installation = (Math.floor(i / MIX.length) % INSTALLATIONS) + 1;
  payload.installation = { id: installation };
  if (INSTALLATIONS > 1) {
    const owner = `bench-owner-${installation}`;
    payload.repository.owner.login = owner;
    if ("name" in payload.repository.owner) payload.repository.owner.name = owner;
    payload.repository.full_name = `${owner}/${payload.repository.name}`;
  }
  const body = JSON.stringify(payload);
  return { id: randomUUID(), kind, event, body, signature: await sign(SECRET, body), expect };
}

const build = (tag, from, count, kindOf) => Promise.all(Array.from({ length: count }, (_, i) => delivery(tag, from + i, kindOf(i))));
const warmupSet = await build("warmup", 0, WARMUP, warmKind);
const measuredSet = await build("measured", WARMUP, DELIVERIES, (i) => MIX[i % MIX.length]);

// ---- processes --------------------------------------------------------------------------

// Probot's run() treats PORT=0 as "use 3000", so take a port that is free now.
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

// Children are ended with the runner, also when it is interrupted.
const children = new Set();
process.on("exit", () => children.forEach((p) => p.exitCode === null && p.kill()));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

/** A child that prints `ready <port>`; other stdout lines are passed on (at most 20). */
function child(script, args, env, label) {
  const proc = spawn(process.execPath, [path.join(here, script), ...args], { cwd: projectRoot, env, stdio: ["pipe", "pipe", "inherit"] });
  children.add(proc);
  proc.on("exit", () => children.delete(proc));
  const lines = createInterface({ input: proc.stdout });
  const waiting = new Map();
  let passed = 0;
  lines.on("line", (line) => {
    const [word, rest] = [line.split(" ", 1)[0], line.slice(line.indexOf(" ") + 1)];
    const resolve = waiting.get(word);
    if (resolve) {
      waiting.delete(word);
      resolve(rest);
    } else if (passed++ < 20) console.error(`  [${label}] ${line.slice(0, 300)}`);
  });
  const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  const next = (word) =>
    Promise.race([
      new Promise((resolve) => waiting.set(word, resolve)),
      exited.then(({ code, signal }) => Promise.reject(new Error(`${label} exited (${code ?? signal}) before "${word}"`))),
    ]);
  return { proc, next, exited, logged: () => passed };
}

const fakeRequests = async (port, since) => (await fetch(`http://127.0.0.1:${port}/__bench/requests?since=${since}`)).json();

// ---- load -------------------------------------------------------------------------------

/**
 * Sends `set` with autocannon: `amount` = the set's size, so each delivery goes exactly once,
 * in order, over `connections` kept-alive connections. Returns each delivery's status
 * (undefined: no answer) and latency: from the moment its request is written to its answer.
 */
async function load(port, set, connections) {
  let cursor = 0;
  const statuses = new Array(set.length);
  const latencies = new Array(set.length);
  const sentAt = new Array(set.length);
  const options = {
    url: `http://127.0.0.1:${port}`,
    connections,
    pipelining: 1,
    amount: set.length,
    timeout: 10, // GitHub gives up on a delivery after 10 s
    requests: [
      {
        method: "POST",
        path: "/api/github/webhooks",
        // Called just before the request is written (autocannon builds and writes in one go).
        setupRequest(req, context) {
          const i = cursor++;
          const d = set[i];
          if (!d) throw new Error(`autocannon asked for delivery ${i + 1} of ${set.length}`);
          context.delivery = i;
          sentAt[i] = performance.now();
          return {
            ...req,
            headers: {
              "content-type": "application/json",
              "user-agent": "GitHub-Hookshot/bench",
              "x-github-event": d.event,
              "x-github-delivery": d.id,
              "x-github-hook-id": "1",
              "x-github-hook-installation-target-type": "integration",
              "x-github-hook-installation-target-id": "1",
              "x-hub-signature-256": d.signature,
            },
            body: d.body,
          };
        },
        onResponse(status, _body, context) {
          const i = context.delivery;
          latencies[i] = performance.now() - sentAt[i];
          statuses[i] = status;
        },
      },
    ],
  };
  const result = await new Promise((resolve, reject) => {
    autocannon(options, (error, res) => (error ? reject(error) : resolve(res)));
  });
  return { statuses, latencies, sentAt, sent: cursor, errors: result.errors, timeouts: result.timeouts };
}

// ---- effects ----------------------------------------------------------------------------

/** Counts the writes the fake saw, by what ties them to a delivery. */
function countWrites(requests) {
  const counts = { checkRun: new Map(), comment: new Map(), reaction: new Map() };
  const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
  let writes = 0;
  for (const r of requests) {
    if (r.method === "GET") continue;
    if (!/access_tokens$/.test(r.path)) writes++;
    let m;
    if (r.method === "POST" && /^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(r.path)) bump(counts.checkRun, r.body?.head_sha);
    else if (r.method === "POST" && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(r.path))) bump(counts.comment, Number(m[1]));
    else if (r.method === "POST" && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)\/reactions$/.exec(r.path))) bump(counts.reaction, Number(m[1]));
  }
  return { counts, writes };
}

/**
 * Checks each delivery against the writes: answered 2xx, and its expected write made exactly
 * once. `effects` is false for the bare app (its handler does nothing, so only answers count).
 */
function audit(set, statuses, counts, effects) {
  const lost = [];
  const duplicated = [];
  const unexpected = [];
  set.forEach((d, i) => {
    const status = statuses[i];
    if (status === undefined || status < 200 || status > 299) {
      lost.push(`${d.kind} ${d.id}: ${status === undefined ? "no answer" : `HTTP ${status}`}`);
      return;
    }
    if (!effects) return;
    const want = [];
    if (d.expect.checkRun) want.push(["check run", counts.checkRun.get(d.expect.checkRun) ?? 0]);
    if (d.expect.comment) want.push(["comment", counts.comment.get(d.expect.comment) ?? 0]);
    if (d.expect.reaction) want.push(["reaction", counts.reaction.get(d.expect.reaction) ?? 0]);
    for (const [what, count] of want) {
      if (count === 0) lost.push(`${d.kind} ${d.id}: no ${what}`);
      else if (count > 1) duplicated.push(`${d.kind} ${d.id}: ${count} ${what}s`);
    }
    if (d.expect.quiet && counts.comment.has(d.expect.quiet)) unexpected.push(`${d.kind} ${d.id}: a comment on #${d.expect.quiet}`);
    if (d.expect.noCheckRun && counts.checkRun.has(d.expect.noCheckRun)) unexpected.push(`${d.kind} ${d.id}: a check run on ${d.expect.noCheckRun}`);
  });
  return { lost, duplicated, unexpected };
}

// ---- one server -------------------------------------------------------------------------

async function measure(kind) {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "lodestar-bench-webhooks-"));
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: os.tmpdir() };
  const fake = child("fake-github.mjs", [], base, "fake-github");
  const server = { child: undefined };
  try {
    const fakePort = Number(await fake.next("ready"));
    server.child = child("server.mjs", [kind], {
      ...base,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      APP_ID: "1",
      PRIVATE_KEY,
      WEBHOOK_SECRET: SECRET,
      HOST: "127.0.0.1",
      PORT: String(await freePort()),
      GHE_HOST: `127.0.0.1:${fakePort}`,
      GHE_PROTOCOL: "http",
      LODESTAR_STATE_DIR: stateDir,
    }, kind);
    const port = Number(await server.child.next("ready"));
    const effects = kind === "lodestar";

    // Waits until every delivery of `set` that should write has written. The app may answer
    // first and work in the background, and its writes drain at GitHub's pace, so it waits as
    // long as writes keep coming: a delivery counts as lost when nothing new arrived for
    // `--wait` seconds (or after `--max-wait`). Then a moment more, so a late duplicate shows.
    let seen = [];
    const settle = async (set, statuses, since) => {
      let report;
      let lastProgress = performance.now();
      let missing = Infinity;
      let lastReport = performance.now();
      for (;;) {
        const got = await fakeRequests(fakePort, seen.length);
        seen = seen.concat(got.requests);
        report = audit(set, statuses, countWrites(seen).counts, effects);
        const now = performance.now();
        if (report.lost.length < missing) [missing, lastProgress] = [report.lost.length, now];
        if (missing === 0 || now - lastProgress > STALL_MS || now - since > MAX_WAIT_MS) break;
        if (now - lastReport > 30_000) {
          lastReport = now;
          console.error(`  [${kind}] ${((now - since) / 1000).toFixed(0)} s: ${missing} expected GitHub writes (or answers) still missing`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      const doneAt = (performance.now() - since) / 1000;
      await new Promise((r) => setTimeout(r, effects ? 1500 : 200));
      seen = seen.concat((await fakeRequests(fakePort, seen.length)).requests);
      report = audit(set, statuses, countWrites(seen).counts, effects);
      return { ...report, doneAt };
    };

    // One autocannon run: the warm-up deliveries first (JIT, the installation token, and the
    // connections themselves, so the measured part does not time 50 simultaneous connects),
    // then the measured ones. Latency counts for the measured ones only.
    const set = [...warmupSet, ...measuredSet];
    const sent = await load(port, set, CONNECTIONS);
    const measuredStart = Math.min(...sent.sentAt.slice(WARMUP).filter((t) => t !== undefined));
    // The last answer, not autocannon's end: it notices it is done on its next 1 s tick.
    const measuredEnd = Math.max(...sent.sentAt.slice(WARMUP).map((t, i) => t + (sent.latencies[WARMUP + i] ?? 0)).filter(Number.isFinite));
    const after = await settle(set, sent.statuses, measuredStart);
    const latencies = sent.latencies.slice(WARMUP).filter((l) => l !== undefined);
    const { writes } = countWrites(seen);
    // How fast GitHub writes went out (the drain rate).
    const writeTimes = seen.filter((r) => r.method !== "GET" && !/access_tokens$/.test(r.path)).map((r) => r.at);
    const drainRate = writeTimes.length > 1 ? (writeTimes.length - 1) / ((writeTimes[writeTimes.length - 1] - writeTimes[0]) / 1000) : undefined;
    const unknown = (await fakeRequests(fakePort, seen.length)).unknown;

    server.child.proc.stdin.write("stats\n");
    const [rss, cpuMs] = (await server.child.next("stats")).split(" ").map(Number);
    server.child.proc.stdin.write("stop\n");
    await server.child.exited;
    return {
      latencies,
      seconds: (measuredEnd - measuredStart) / 1000,
      sent: sent.sent - WARMUP,
      errors: sent.errors,
      timeouts: sent.timeouts,
      rss,
      cpuSeconds: cpuMs / 1000,
      githubRequests: seen.length,
      writes,
      unknown,
      lost: after.lost,
      duplicated: after.duplicated,
      unexpected: after.unexpected,
      effectsDone: after.doneAt,
      drainRate,
    };
  } finally {
    if (server.child && server.child.proc.exitCode === null) server.child.proc.kill();
    fake.proc.kill();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

// ---- report -----------------------------------------------------------------------------

const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** One server's rounds together: latency percentiles over every answer, the worst RSS. */
function summarize(runs) {
  const sorted = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    rss: Math.max(...runs.map((r) => r.rss)),
    lost: runs.flatMap((r) => r.lost),
    duplicated: runs.flatMap((r) => r.duplicated),
    unexpected: runs.flatMap((r) => r.unexpected),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
    unknown: [...new Set(runs.flatMap((r) => r.unknown))],
  };
}

const mixCount = Object.entries(measuredSet.reduce((acc, d) => ({ ...acc, [d.kind]: (acc[d.kind] ?? 0) + 1 }), {}))
  .map(([k, v]) => `${v} ${k}`)
  .join(", ");
console.log(`bench/webhooks: ${DELIVERIES} signed deliveries at ${CONNECTIONS} connections, ${ROUNDS} round(s) per server, after ${WARMUP} warm-up deliveries each`);
console.log(`  mix: ${mixCount}; installations: ${INSTALLATIONS}`);

// Alternate the order (bare, Lodestar, Lodestar, bare, ...) so neither always runs on a warmer machine.
const kinds = opts.only ? [opts.only] : ["bare", "lodestar"];
const runs = Object.fromEntries(kinds.map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
    const r = await measure(kind);
    runs[kind].push(r);
    const s = [...r.latencies].sort((a, b) => a - b);
    const work =
      kind === "lodestar"
        ? `; GitHub: ${r.githubRequests} requests, ${r.writes} writes${r.drainRate ? ` (${r.drainRate.toFixed(2)} writes/s)` : ""}, all effects ${r.effectsDone.toFixed(1)} s after the first delivery`
        : "";
    const cpu = `; server CPU ${r.cpuSeconds.toFixed(1)} s in all`;
    console.log(`  round ${round + 1} ${kind.padEnd(8)} p50 ${ms(percentile(s, 50))}  p99 ${ms(percentile(s, 99))}  answered in ${r.seconds.toFixed(1)} s (${(r.sent / r.seconds).toFixed(0)}/s)${work}${cpu}`);
  }
}

const summaries = Object.fromEntries(kinds.map((k) => [k, summarize(runs[k])]));
const name = { bare: "bare", lodestar: "Lodestar" };
console.log("");
for (const kind of kinds) {
  const s = summaries[kind];
  console.log(
    `  ${name[kind].padEnd(9)} p50 ${ms(s.p50).padStart(9)}  p90 ${ms(s.p90).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}  peak RSS ${mb(s.rss).padStart(7)}  lost ${s.lost.length}  duplicated ${s.duplicated.length}`,
  );
}
const { bare, lodestar: lode } = summaries;
const ratio = bare && lode ? lode.p99 / bare.p99 : undefined;
if (ratio !== undefined) console.log(`  ratio Lodestar / bare: p99 ${ratio.toFixed(2)}, p50 ${(lode.p50 / bare.p50).toFixed(2)}, peak RSS ${(lode.rss / bare.rss).toFixed(2)}`);
for (const kind of kinds) {
  const s = summaries[kind];
  if (s.errors || s.timeouts) console.log(`  ${name[kind]}: ${s.errors} connection errors, ${s.timeouts} timeouts`);
  for (const line of s.lost.slice(0, 10)) console.log(`  ${name[kind]} lost: ${line}`);
  if (s.lost.length > 10) console.log(`  ${name[kind]} lost: ... and ${s.lost.length - 10} more`);
  for (const line of s.duplicated.slice(0, 10)) console.log(`  ${name[kind]} duplicated: ${line}`);
  for (const line of s.unexpected.slice(0, 10)) console.log(`  ${name[kind]} unexpected: ${line}`);
  if (s.unknown.length) console.log(`  routes the fake GitHub did not know (answered generically): ${s.unknown.join("; ")}`);
}

const lostTotal = kinds.reduce((a, k) => a + summaries[k].lost.length, 0);
const checks = [
  [`the issue's load: ≥ 2,000 deliveries at ≥ 50 connections (${DELIVERIES} at ${CONNECTIONS})`, DELIVERIES >= 2000 && CONNECTIONS >= 50],
  ...(lode ? [[`Lodestar p99 ${ms(lode.p99)} < ${BAR_P99_MS} ms`, lode.p99 < BAR_P99_MS]] : []),
  ...(ratio !== undefined ? [[`Lodestar p99 ≤ ${BAR_RATIO} × bare p99 (${ratio.toFixed(2)} ×)`, ratio <= BAR_RATIO]] : []),
  [`no delivery lost (${kinds.map((k) => `${name[k]} ${summaries[k].lost.length}`).join(", ")})`, lostTotal === 0],
  ...(lode ? [[`no GitHub write duplicated (${lode.duplicated.length})`, lode.duplicated.length === 0]] : []),
];
console.log("");
for (const [what, ok] of checks) console.log(`  ${ok ? "PASS" : "FAIL"}  ${what}`);
console.log(`lost: ${lostTotal}`);
const pass = checks.every(([, ok]) => ok);
console.log(pass ? "PASS" : "FAIL");
process.exit(pass ? 0 : 1);
