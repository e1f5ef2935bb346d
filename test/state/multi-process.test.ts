/**
 * The two guarantees that need real processes: a writer killed at any instant never
 * leaves an unloadable file or loses a committed update, and concurrent writers in
 * different processes never lose each other's updates.
 */
import { afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomInt } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { CURRENT_VERSION, openState } from "../../src/state/index.js";
import { buildDist, fixturesDir, tempDir } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

beforeAll(() => {
  buildDist();
}, 120_000);

/** Splits a child's stdout into lines. */
function onLines(child: ChildProcessWithoutNullStreams, handle: (line: string) => void): void {
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
      handle(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
    }
  });
}

interface KillResult {
  /** Ledger length after the last update the child saw committed. */
  lastAck: number;
  acks: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Runs the crash writer and SIGKILLs it `delayMs` after it starts its write loop. */
function runAndKill(dir: string, delayMs: number): Promise<KillResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(fixturesDir, "crash-writer.mjs"), dir]);
    let started = false;
    let lastAck = 0;
    let acks = 0;
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => (stderr += s));
    onLines(child, (line) => {
      const [word, n] = line.split(" ");
      if (word === "started" && !started) {
        started = true;
        lastAck = Number(n);
        setTimeout(() => child.kill("SIGKILL"), delayMs);
      } else if (word === "ack") {
        lastAck = Number(n);
        acks++;
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (!started) reject(new Error(`crash writer exited before starting (code ${code}, signal ${signal}):\n${stderr}`));
      else resolve({ lastAck, acks, signal, code, stderr });
    });
  });
}

describe("state across processes", () => {
  it("survives SIGKILL mid-write 50 times: the file always loads and nothing committed is lost", async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, "state.json");
    const failures: string[] = [];
    let previous = 0;
    let totalAcks = 0;
    for (let i = 0; i < 50; i++) {
      const run = await runAndKill(dir, randomInt(5, 61));
      totalAcks += run.acks;
      if (run.signal !== "SIGKILL") failures.push(`iteration ${i}: writer died on its own (code ${run.code}): ${run.stderr}`);
      // SIGKILL skips proper-lockfile's exit hook, so the dead writer's `state.json.lock`
      // dir stays behind: exactly what a real crash leaves. The next opener would take it
      // over once it is `stale` (>= 2 s); the writer is provably dead, so remove it now to
      // keep 50 iterations fast. (Stale takeover itself is tested in store.test.ts.)
      await rm(`${file}.lock`, { recursive: true, force: true });

      // The bytes on disk must be a complete document, before any recovery logic runs.
      let text = "";
      try {
        text = await readFile(file, "utf8");
        JSON.parse(text);
      } catch (err) {
        failures.push(`iteration ${i}: state.json is not valid JSON after the kill (${text.length} bytes): ${(err as Error).message}`);
      }
      try {
        const state = await openState({ dir });
        if (state.warnings.length > 0) failures.push(`iteration ${i}: open needed recovery: ${state.warnings.join(" | ")}`);
        if (state.data.version !== CURRENT_VERSION) failures.push(`iteration ${i}: version ${state.data.version}`);
        const length = state.data.ledger.length;
        if (length < previous) failures.push(`iteration ${i}: ledger went down ${previous} → ${length}`);
        if (length < run.lastAck) failures.push(`iteration ${i}: writer saw ${run.lastAck} entries committed, file has ${length}`);
        previous = length;
      } catch (err) {
        failures.push(`iteration ${i}: openState failed: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    // The kills must really have landed inside the write loop, not before it.
    expect(totalAcks).toBeGreaterThan(50);
    expect(previous).toBeGreaterThanOrEqual(800 + totalAcks);
    // Temp files of killed writers were cleaned up by the next open.
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  }, 120_000);

  it("two processes appending 200 entries each at the same time lose nothing", async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const names = ["a", "b"];
    const children = names.map((name) => spawn(process.execPath, [path.join(fixturesDir, "lock-writer.mjs"), dir, name, "200"]));
    const exits = children.map(
      (child, i) =>
        new Promise<void>((resolve, reject) => {
          let stderr = "";
          child.stderr.setEncoding("utf8");
          child.stderr.on("data", (s: string) => (stderr += s));
          child.on("error", reject);
          child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${names[i]} exited ${code}:\n${stderr}`))));
        }),
    );
    // Start both loops together so they really contend for the file.
    await Promise.all(children.map((child) => new Promise<void>((resolve) => onLines(child, (l) => l === "ready" && resolve()))));
    for (const child of children) child.stdin.end("go\n");
    await Promise.all(exits);

    const state = await openState({ dir });
    const jobs = state.data.ledger.map((e) => e.job);
    expect(jobs).toHaveLength(400);
    expect(new Set(jobs).size).toBe(400);
    // The writers really took turns (typically ~40 a/b runs), so the lock was contended.
    const turns = jobs.map((j) => j[0]).join("").match(/a+|b+/g) ?? [];
    expect(turns.length).toBeGreaterThan(2);
    for (const name of names) {
      const own = jobs.filter((j) => j.startsWith(`${name}-`));
      expect(own).toEqual(Array.from({ length: 200 }, (_, i) => `${name}-${i}`));
    }
  }, 60_000);
});
