#!/usr/bin/env node
// A tiny stand-in for GitHub's REST API for bench/webhooks. The app reaches it through
// GHE_HOST=127.0.0.1:<port> and GHE_PROTOCOL=http, so every route lives under `/api/v3` (the
// base URL Probot builds for GitHub Enterprise). It answers any route at once: the routes the
// app is known to call with small, plausible bodies, any other GET with `{}` and any other
// write with 201 and an id; an unknown route is logged once to stderr so the bench shows when
// the app starts calling something new. Every request is recorded, and the runner reads the
// record back (`GET /__bench/requests`) to check that each delivery had its effect.
//
// Run alone it prints `ready <port>`:   node bench/webhooks/fake-github.mjs [port=0]
// or import it:                        const fake = await startFakeGitHub(); fake.port; fake.requests
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const API = "/api/v3";
const CONFIG_FILE = /(^|\/)lodestar\.ya?ml$/;

let nextId = 1_000_000;
const id = () => nextId++;

/** A small repository: enough files for the analysis to have something to count. */
const TREE = [
  "README.md",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  ".gitignore",
  "src/index.ts",
  "src/server.ts",
  "src/routes/users.ts",
  "src/routes/orders.ts",
  "src/db/pool.ts",
  "src/util/log.ts",
  "test/users.test.ts",
  "test/orders.test.ts",
  "docs/setup.md",
  "scripts/release.sh",
  "app.py",
  "requirements.txt",
  "Dockerfile",
].map((path, i) => ({ path, mode: "100644", type: "blob", sha: (i + 1).toString(16).padStart(40, "a"), size: 400 + 97 * i }));

const SOURCE = Buffer.from(
  'import { createPool } from "./db/pool.js";\n\nexport async function findUser(id: string) {\n  const pool = createPool();\n  return pool.query("select * from users where id = $1", [id]);\n}\n',
).toString("base64");

const changedFile = (filename, i = 0) => ({
  sha: (i + 1).toString(16).padStart(40, "b"),
  filename,
  status: "modified",
  additions: 3,
  deletions: 1,
  changes: 4,
  patch: "@@ -1,3 +1,5 @@\n import { createPool } from \"./db/pool.js\";\n+// cached pool\n+const pool = createPool();\n-export const x = 1;\n+export const x = 2;\n",
});

const user = (login) => ({ login, id: 21031067, type: "User", site_admin: false });

/**
 * The answer to one request, or undefined for a route not known here. `m` is the method, `p`
 * the decoded path under /api/v3, `body` the parsed JSON body (writes).
 */
function answer(m, p, body) {
  let r;
  if (m === "POST" && (r = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(p))) {
    return [201, { token: `ghs_bench${r[1]}${"x".repeat(28)}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { checks: "write", contents: "read", issues: "write", pull_requests: "write", metadata: "read" }, repository_selection: "all" }];
  }
  if (m === "GET" && (r = /^\/app\/installations\/(\d+)$/.exec(p))) return [200, { id: Number(r[1]), account: user("Codertocat"), app_id: 1, target_type: "User", permissions: {}, events: [] }];
  if (m === "GET" && p === "/app") return [200, { id: 1, slug: "lodestar", name: "Lodestar", owner: user("Codertocat") }];
  if (!(r = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(p))) return undefined;
  const [, owner, repo, rest = ""] = r;
  let s;
  if (m === "GET") {
    if (rest === "") return [200, { id: 1296269, name: repo, full_name: `${owner}/${repo}`, owner: user(owner), private: false, default_branch: "master", permissions: { admin: false, push: false, pull: true } }];
    if ((s = /^\/contents\/(.+)$/.exec(rest))) {
      // No Lodestar config anywhere (repository or the org's .github): the defaults apply.
      if (CONFIG_FILE.test(s[1])) return [404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "404" }];
      return [200, { type: "file", encoding: "base64", size: 180, name: s[1].split("/").pop(), path: s[1], content: SOURCE, sha: "c".repeat(40) }];
    }
    if ((s = /^\/git\/trees\/([^/]+)$/.exec(rest))) return [200, { sha: s[1], url: `http://fake/${s[1]}`, tree: TREE, truncated: false }];
    if ((s = /^\/git\/blobs\/([^/]+)$/.exec(rest))) return [200, { sha: s[1], node_id: "B_x", size: 180, encoding: "base64", content: SOURCE }];
    if ((s = /^\/git\/(?:ref|refs)\/(.+)$/.exec(rest))) return [200, { ref: `refs/${s[1]}`, object: { sha: "d".repeat(40), type: "commit" } }];
    if ((s = /^\/commits\/([^/]+)$/.exec(rest))) return [200, { sha: s[1], commit: { message: "A change", tree: { sha: "9".repeat(40) } }, parents: [{ sha: "8".repeat(40) }], files: [changedFile("src/routes/users.ts")] }];
    if ((s = /^\/git\/commits\/([^/]+)$/.exec(rest))) return [200, { sha: s[1], message: "A change", tree: { sha: "9".repeat(40) }, parents: [{ sha: "8".repeat(40) }] }];
    if (rest === "/installation") return [200, { id: 1, account: user(owner), app_id: 1, permissions: {}, events: [] }];
    if (/^\/actions\/workflows\/[^/]+\/runs$/.test(rest)) return [200, { total_count: 0, workflow_runs: [] }];
    if (/^\/compare\/[^/]+$/.test(rest)) return [200, { status: "ahead", ahead_by: 1, behind_by: 0, total_commits: 1, commits: [], files: [changedFile("src/routes/users.ts"), changedFile("src/db/pool.ts", 1)] }];
    if (/^\/pulls\/\d+\/files$/.test(rest)) return [200, [changedFile("src/routes/users.ts"), changedFile("src/db/pool.ts", 1)]];
    if ((s = /^\/pulls\/(\d+)$/.exec(rest))) return [200, { number: Number(s[1]), state: "open", head: { sha: "e".repeat(40), ref: "feature" }, base: { sha: "f".repeat(40), ref: "master" }, user: user("Codertocat") }];
    if ((s = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) return [200, { permission: "write", role_name: "write", user: user(s[1]) }];
    if (/^\/(issues|pulls|labels|issues\/\d+\/comments|issues\/\d+\/labels|check-runs|commits|branches)$/.test(rest)) return [200, []];
    if (/^\/commits\/[^/]+\/check-runs$/.test(rest)) return [200, { total_count: 0, check_runs: [] }];
    if ((s = /^\/issues\/(\d+)$/.exec(rest))) return [200, { id: id(), number: Number(s[1]), state: "open", title: "An issue", body: "", user: user(owner), labels: [] }];
    return undefined;
  }
  if (m === "POST") {
    if (rest === "/check-runs") return [201, { id: id(), head_sha: body?.head_sha, name: body?.name, status: body?.status ?? "queued", conclusion: body?.conclusion ?? null, html_url: `http://fake/${owner}/${repo}/runs/1` }];
    if ((s = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const commentId = id();
      return [201, { id: commentId, html_url: `http://fake/${owner}/${repo}/issues/${s[1]}#issuecomment-${commentId}`, user: user("lodestar[bot]") }];
    }
    if (/^\/issues\/comments\/\d+\/reactions$/.test(rest)) return [201, { id: id(), content: body?.content, user: user("lodestar[bot]") }];
    if (rest === "/dispatches") return [204, undefined];
    if (rest === "/issues") return [201, { id: id(), number: nextId % 100_000, html_url: `http://fake/${owner}/${repo}/issues/1`, state: "open" }];
    if (/^\/issues\/\d+\/labels$/.test(rest)) return [200, (body?.labels ?? []).map((name) => ({ name }))];
    if (rest === "/labels") return [201, { id: id(), name: body?.name, color: body?.color ?? "ededed" }];
    return undefined;
  }
  if (m === "PATCH") {
    if ((s = /^\/check-runs\/(\d+)$/.exec(rest))) return [200, { id: Number(s[1]) }];
    if ((s = /^\/issues\/(\d+)$/.exec(rest))) return [200, { id: id(), number: Number(s[1]), state: body?.state ?? "open" }];
    if ((s = /^\/issues\/comments\/(\d+)$/.exec(rest))) return [200, { id: Number(s[1]) }];
  }
  return undefined;
}

/** A generic answer for a route not known here, so the app never stalls on the fake. */
function fallback(m) {
  if (m === "GET" || m === "HEAD") return [200, {}];
  if (m === "DELETE") return [204, undefined];
  if (m === "POST") return [201, { id: id() }];
  return [200, { id: id() }];
}

/** The route's shape with numbers and SHAs blurred, so the unknown-route log names each route once. */
const shape = (m, p) => `${m} ${p.replace(/\/[0-9a-f]{40}\b/g, "/{sha}").replace(/\/\d+(?=\/|$)/g, "/{n}")}`;

/**
 * Starts the fake on 127.0.0.1. Resolves to `{ port, requests, unknown, close() }`: `requests`
 * is the live list of `{ at, method, path, query, body, status }` (path decoded, under /api/v3),
 * `unknown` the set of route shapes answered generically.
 */
export async function startFakeGitHub({ port = 0, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const requests = [];
  const unknown = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      if (url.pathname === "/__bench/requests") {
        // The runner's read-back: records from `since` on, so polling stays cheap.
        const since = Number(url.searchParams.get("since") ?? 0);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ total: requests.length, unknown: [...unknown], requests: requests.slice(since) }));
        return;
      }
      let path;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        path = url.pathname;
      }
      const method = req.method ?? "GET";
      let body;
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          body = Buffer.concat(chunks).toString("utf8").slice(0, 200);
        }
      }
      let found = path.startsWith(`${API}/`) ? answer(method, path.slice(API.length), body) : undefined;
      if (!found) {
        const key = shape(method, path);
        if (!unknown.has(key)) {
          unknown.add(key);
          log(`fake-github: unknown route ${key}`);
        }
        found = fallback(method);
      }
      const [status, json] = found;
      requests.push({ at: Date.now(), method, path: path.startsWith(API) ? path.slice(API.length) : path, query: url.search, body: method === "GET" ? undefined : body, status });
      const headers = { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600), "x-github-request-id": `FAKE:${requests.length}` };
      if (json === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(json));
    });
  });
  // The app keeps connections alive across deliveries, as it would with GitHub.
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    unknown,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const fake = await startFakeGitHub({ port: Number(process.argv[2] ?? 0) });
  console.log(`ready ${fake.port}`);
  process.on("SIGTERM", () => process.exit(0));
}
