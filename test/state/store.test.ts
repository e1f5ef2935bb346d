/** State store basics: location, update semantics, helpers, in-process concurrency, locking. */
import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  AtomicJsonFile,
  CURRENT_VERSION,
  openState,
  resolveStatePath,
  StateLockError,
} from "../../src/state/index.js";
import { ledgerEntry, tempDir } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function newDir(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return dir;
}

describe("state location", () => {
  it("uses dir, then LODESTAR_STATE_DIR, then ./.lodestar/state", () => {
    expect(resolveStatePath({ dir: "/x/y", env: { LODESTAR_STATE_DIR: "/z" } })).toBe(path.resolve("/x/y/state.json"));
    expect(resolveStatePath({ env: { LODESTAR_STATE_DIR: "/z" } })).toBe(path.resolve("/z/state.json"));
    expect(resolveStatePath({ env: {} })).toBe(path.resolve(".lodestar/state/state.json"));
  });

  it("creates the directory from LODESTAR_STATE_DIR", async () => {
    const dir = path.join(await newDir(), "nested", "state");
    const state = await openState({ env: { LODESTAR_STATE_DIR: dir } });
    expect(state.path).toBe(path.join(dir, "state.json"));
    expect(state.data.version).toBe(CURRENT_VERSION);
    await state.appendLedger(ledgerEntry("A"));
    expect(JSON.parse(await readFile(state.path, "utf8")).ledger).toHaveLength(1);
  });
});

describe("update", () => {
  it("starts empty and does not create a file until the first write", async () => {
    const dir = await newDir();
    const state = await openState({ dir });
    expect(state.data).toEqual({ version: CURRENT_VERSION, ledger: [], decisions: [], memory: [], fingerprints: [], deliveries: [] });
    expect(state.warnings).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("returns the callback's value and re-reads the latest file before mutating", async () => {
    const dir = await newDir();
    const one = await openState({ dir });
    const two = await openState({ dir });
    await one.appendLedger(ledgerEntry("A"));
    // `two` has a stale snapshot, but its update still sees A.
    expect(two.data.ledger).toHaveLength(0);
    const seen = await two.update((d) => {
      d.ledger.push(ledgerEntry("B"));
      return d.ledger.length;
    });
    expect(seen).toBe(2);
    expect(two.data.ledger.map((e) => e.job)).toEqual(["A", "B"]);
    await one.reload();
    expect(one.data.ledger.map((e) => e.job)).toEqual(["A", "B"]);
  });

  it("writes nothing when the callback throws or produces an invalid document", async () => {
    const dir = await newDir();
    const state = await openState({ dir });
    await state.appendLedger(ledgerEntry("A"));
    const before = await readFile(state.path, "utf8");
    await expect(
      state.update((d) => {
        d.ledger.push(ledgerEntry("B"));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(
      state.update((d) => {
        (d as { ledger: unknown }).ledger = null;
      }),
    ).rejects.toThrow(/invalid document \("ledger" is not an array\); nothing was written/);
    expect(await readFile(state.path, "utf8")).toBe(before);
    expect(state.data.ledger.map((e) => e.job)).toEqual(["A"]);
  });

  it("serialises concurrent updates within one process and across handles", async () => {
    const dir = await newDir();
    const [a, b] = await Promise.all([openState({ dir }), openState({ dir })]);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).appendLedger(ledgerEntry(`job-${i}`))),
    );
    await a.reload();
    expect(new Set(a.data.ledger.map((e) => e.job)).size).toBe(40);
  });

  it("records decisions and deliveries", async () => {
    const dir = await newDir();
    const state = await openState({ dir });
    await state.appendDecisions([{ time: "t", stage: "plan", module: "m", decision: "skip", reason: "r" }]);
    expect(state.hasDelivery("d1")).toBe(false);
    await state.markDelivery("d1", "failed", new Date("2025-01-01T00:00:00Z"));
    await state.markDelivery("d1", "done", new Date("2025-01-02T00:00:00Z"));
    expect(state.hasDelivery("d1")).toBe(true);
    expect(state.data.deliveries).toEqual([{ id: "d1", at: "2025-01-02T00:00:00.000Z", status: "done" }]);
    expect((await openState({ dir })).data.decisions).toHaveLength(1);
  });
});

describe("lock", () => {
  it("takes over a stale lock left by a crashed process", async () => {
    const dir = await newDir();
    const lockDir = path.join(dir, "state.json.lock");
    await mkdir(lockDir);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockDir, old, old);
    const started = Date.now();
    const state = await openState({ dir, lockStaleMs: 2_000 });
    await state.appendLedger(ledgerEntry("A"));
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("fails clearly when another process holds the lock too long", async () => {
    const dir = await newDir();
    await mkdir(path.join(dir, "state.json.lock")); // fresh: a live holder
    const err = await openState({ dir, lockStaleMs: 2_000, lockTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateLockError);
    expect((err as Error).message).toMatch(/could not lock .*state\.json.*Another Lodestar process/);
  });

  it("removes temp files orphaned by killed writers when opening", async () => {
    const dir = await newDir();
    const orphan = path.join(dir, ".state.json.12345.0123456789ab.tmp");
    const orphanBak = path.join(dir, ".state.json.12345.0123456789ab.bak.tmp");
    const unrelated = path.join(dir, "notes.tmp");
    await Promise.all([writeFile(orphan, "{"), writeFile(orphanBak, "{"), writeFile(unrelated, "keep")]);
    await openState({ dir });
    expect(await readdir(dir)).toEqual(["notes.tmp"]);
  });
});

describe("AtomicJsonFile", () => {
  it("works as a plain lowdb adapter for any document", async () => {
    const dir = await newDir();
    const file = new AtomicJsonFile<{ n: number }>(path.join(dir, "x.json"), { decode: (raw) => raw as { n: number } });
    expect(await file.read()).toBeNull();
    await file.write({ n: 1 });
    await file.write({ n: 2 });
    expect(await file.read()).toEqual({ n: 2 });
    expect((await file.readBackup())?.value).toEqual({ n: 1 });
    expect((await readdir(dir)).sort()).toEqual(["x.json", "x.json.bak"]);
  });
});
