/** Corrupt files, last good copy, migrations and newer-version files. */
import { afterEach, describe, expect, it } from "@jest/globals";
import { readdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  assertMigrationChain,
  CURRENT_VERSION,
  MIGRATIONS,
  openState,
  StateVersionError,
  type Migration,
} from "../../src/state/index.js";
import { ledgerEntry, tempDir } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function setup(): Promise<{ dir: string; file: string }> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return { dir, file: path.join(dir, "state.json") };
}

/** Main file holds jobs A,B; the .bak (previous good version) holds A. */
async function stateWithBackup(dir: string): Promise<void> {
  const state = await openState({ dir });
  await state.appendLedger(ledgerEntry("A"));
  await state.appendLedger(ledgerEntry("B"));
}

async function quarantined(dir: string, prefix = "state.json.corrupt-"): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith(prefix));
}

describe("corrupt state file", () => {
  it("quarantines the bytes, loads the last good copy, warns, and opens normally afterwards", async () => {
    const { dir, file } = await setup();
    await stateWithBackup(dir);
    const garbage = '{"version":1,"ledger":[{"time":"2025-01-0'; // a torn write
    await writeFile(file, garbage);

    const state = await openState({ dir });
    expect(state.data.ledger.map((e) => e.job)).toEqual(["A"]);
    expect(state.warnings).toHaveLength(1);
    expect(state.warnings[0]).toMatch(/state file .*state\.json was corrupt \(not valid JSON.*\); quarantined to .*state\.json\.corrupt-.*; loaded last good copy .*state\.json\.bak from \d{4}-/);

    const [q, ...more] = await quarantined(dir);
    expect(more).toEqual([]);
    expect(await readFile(path.join(dir, q!), "utf8")).toBe(garbage);
    // The recovered state was written back as the main file.
    expect(JSON.parse(await readFile(file, "utf8")).ledger).toHaveLength(1);

    // No crash loop: the next open is clean and sees the same data.
    const again = await openState({ dir });
    expect(again.warnings).toEqual([]);
    expect(again.data.ledger.map((e) => e.job)).toEqual(["A"]);
    expect(await quarantined(dir)).toHaveLength(1);
    await again.appendLedger(ledgerEntry("C"));
    expect((await openState({ dir })).data.ledger.map((e) => e.job)).toEqual(["A", "C"]);
  });

  it.each([
    ["an empty file", ""],
    ["a JSON array", "[1,2,3]"],
    ["JSON null", "null"],
    ["a collection of the wrong type", '{"version":1,"ledger":"nope","decisions":[],"memory":[],"fingerprints":[],"deliveries":[]}'],
    ["a non-object entry", '{"version":1,"ledger":[42],"decisions":[],"memory":[],"fingerprints":[],"deliveries":[]}'],
    ["a non-integer version", '{"version":"1","ledger":[]}'],
  ])("treats %s as corrupt", async (_label, bytes) => {
    const { dir, file } = await setup();
    await stateWithBackup(dir);
    await writeFile(file, bytes);
    const state = await openState({ dir });
    expect(state.warnings[0]).toMatch(/was corrupt/);
    expect(state.data.ledger.map((e) => e.job)).toEqual(["A"]);
    const [q] = await quarantined(dir);
    expect(await readFile(path.join(dir, q!), "utf8")).toBe(bytes);
  });

  it("starts empty, with a warning, when there is no last good copy", async () => {
    const { dir, file } = await setup();
    await writeFile(file, "{oops");
    const state = await openState({ dir });
    expect(state.data.ledger).toEqual([]);
    expect(state.warnings[0]).toMatch(/was corrupt .*no last good copy exists; starting with empty state/);
    expect(await quarantined(dir)).toHaveLength(1);
    expect((await openState({ dir })).warnings).toEqual([]);
  });

  it("quarantines a corrupt last good copy too and starts empty", async () => {
    const { dir, file } = await setup();
    await writeFile(file, "{oops");
    await writeFile(`${file}.bak`, "also broken");
    const state = await openState({ dir });
    expect(state.data.ledger).toEqual([]);
    expect(state.warnings[0]).toMatch(/last good copy was corrupt too .*quarantined to .*state\.json\.bak\.corrupt-/);
    expect(await quarantined(dir)).toHaveLength(1);
    const [qb] = await quarantined(dir, "state.json.bak.corrupt-");
    expect(await readFile(path.join(dir, qb!), "utf8")).toBe("also broken");
    expect((await openState({ dir })).warnings).toEqual([]);
  });

  it("restores the last good copy when the main file has vanished", async () => {
    const { dir, file } = await setup();
    await stateWithBackup(dir);
    await unlink(file); // the .bak stays
    const state = await openState({ dir });
    expect(state.warnings[0]).toMatch(/was missing; loaded last good copy/);
    expect(state.data.ledger.map((e) => e.job)).toEqual(["A"]);
    expect((await openState({ dir })).warnings).toEqual([]);
  });

  it("keeps the previous good version as .bak on every write", async () => {
    const { dir, file } = await setup();
    await stateWithBackup(dir);
    const bak = JSON.parse(await readFile(`${file}.bak`, "utf8"));
    expect(bak.ledger.map((e: { job: string }) => e.job)).toEqual(["A"]);
    // The main file and the .bak are separate files: rewriting one never touches the other.
    const state = await openState({ dir });
    await state.appendLedger(ledgerEntry("C"));
    const bak2 = JSON.parse(await readFile(`${file}.bak`, "utf8"));
    expect(bak2.ledger.map((e: { job: string }) => e.job)).toEqual(["A", "B"]);
  });
});

describe("schema versions", () => {
  it("migrates a v0 file (no version field) to the current version and saves it", async () => {
    const { dir, file } = await setup();
    const v0 = JSON.stringify({ ledger: [ledgerEntry("old")], custom: "kept" });
    await writeFile(file, v0);

    const state = await openState({ dir });
    expect(state.warnings).toEqual([]);
    expect(state.data).toEqual({
      version: CURRENT_VERSION,
      ledger: [ledgerEntry("old")],
      decisions: [],
      memory: [],
      fingerprints: [],
      deliveries: [],
      custom: "kept",
    });
    const onDisk = JSON.parse(await readFile(file, "utf8"));
    expect(onDisk.version).toBe(CURRENT_VERSION);
    expect(onDisk.fingerprints).toEqual([]);
    // The original v0 file is kept as the last good copy.
    expect(await readFile(`${file}.bak`, "utf8")).toBe(v0);
    expect((await openState({ dir })).data.ledger).toHaveLength(1);
  });

  it("v0→v1 keeps existing collections and adds only the missing ones", () => {
    const step = MIGRATIONS[0]!;
    expect([step.from, step.to]).toEqual([0, 1]);
    expect(step.migrate({ decisions: [{ x: 1 }] })).toEqual({
      version: 1,
      ledger: [],
      decisions: [{ x: 1 }],
      memory: [],
      fingerprints: [],
      deliveries: [],
    });
  });

  it("v1→v2 gives memory entries the problem text and the source, keeping everything else", () => {
    const step = MIGRATIONS[1]!;
    expect([step.from, step.to]).toEqual([1, 2]);
    const v1Entry = { taskKind: "fix", fingerprint: "abc", solution: "use x", evidence: "tests pass", at: "2025-01-01T00:00:00.000Z" };
    const migrated = step.migrate({ version: 1, ledger: [ledgerEntry("L")], decisions: [], memory: [v1Entry], fingerprints: [], deliveries: [] });
    expect(migrated).toEqual({
      version: 2,
      ledger: [ledgerEntry("L")],
      decisions: [],
      memory: [{ ...v1Entry, problem: "", source: "local" }],
      fingerprints: [],
      deliveries: [],
    });
    // Entries that already carry the fields keep them.
    const current = { ...v1Entry, problem: "p", source: "cloud" };
    expect(step.migrate({ version: 1, memory: [current] })["memory"]).toEqual([current]);
  });

  it("opens a v1 file with memory entries, migrates it and saves it", async () => {
    const { dir, file } = await setup();
    const v1 = { version: 1, ledger: [], decisions: [], memory: [{ taskKind: "fix", fingerprint: "f", solution: "s", evidence: "e", at: "2025-01-01T00:00:00.000Z" }], fingerprints: [], deliveries: [] };
    await writeFile(file, JSON.stringify(v1));
    const state = await openState({ dir });
    expect(state.data.version).toBe(CURRENT_VERSION);
    expect(state.data.memory).toEqual([{ ...v1.memory[0], problem: "", source: "local" }]);
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe(CURRENT_VERSION);
    expect(JSON.parse(await readFile(`${file}.bak`, "utf8"))).toEqual(v1);
  });

  it("refuses a file from a newer Lodestar and leaves it untouched", async () => {
    const { dir, file } = await setup();
    const future = JSON.stringify({ version: CURRENT_VERSION + 1, ledger: [], somethingNew: {} });
    await writeFile(file, future);

    const err = await openState({ dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateVersionError);
    expect((err as Error).message).toMatch(new RegExp(`schema version ${CURRENT_VERSION + 1}.*only knows versions up to ${CURRENT_VERSION}`));
    expect(await readFile(file, "utf8")).toBe(future);
    expect((await readdir(dir)).sort()).toEqual(["state.json"]);
  });

  it("refuses to update when another process has meanwhile written a newer version", async () => {
    const { dir, file } = await setup();
    const state = await openState({ dir });
    await state.appendLedger(ledgerEntry("A"));
    const future = JSON.stringify({ version: CURRENT_VERSION + 5 });
    await writeFile(file, future);
    await expect(state.appendLedger(ledgerEntry("B"))).rejects.toBeInstanceOf(StateVersionError);
    expect(await readFile(file, "utf8")).toBe(future);
  });

  it("the shipped migration chain is contiguous; gaps are rejected", () => {
    expect(() => assertMigrationChain(MIGRATIONS, CURRENT_VERSION)).not.toThrow();
    const skip: Migration = { from: 0, to: 2, description: "bad", migrate: (d) => d };
    expect(() => assertMigrationChain([skip], 2)).toThrow(/goes 0→2/);
    expect(() => assertMigrationChain(MIGRATIONS, CURRENT_VERSION + 1)).toThrow(/reach version/);
  });
});
