/** Handled deliveries kept in the state file (FAULTS 6 across a restart), pruned by age and count. */
import { afterEach, beforeEach, expect, it } from "@jest/globals";
import { DeliveryJournal } from "../../src/app/delivery-journal.js";
import { OnceGuard } from "../../src/app/once.js";
import { openState } from "../../src/state/index.js";
import { tempDir } from "../helpers/cli.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => void ({ dir, cleanup } = await tempDir("lodestar-journal-")));
afterEach(() => cleanup());

it("remembers handled deliveries across processes; a failed one is handled again", async () => {
  const first = new DeliveryJournal(await openState({ dir }));
  const guard = new OnceGuard(100, (id) => first.record(id, "done"));
  expect(await guard.run("d-1", async () => undefined)).toBe(true);
  await expect(guard.run("d-2", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  await first.flush();

  // A new process: the guard primed from the state file skips d-1, runs d-2.
  const second = new DeliveryJournal(await openState({ dir }));
  const again = new OnceGuard(100);
  again.remember(second.handled());
  const ran: string[] = [];
  expect(await again.run("d-1", async () => void ran.push("d-1"))).toBe(false);
  expect(await again.run("d-2", async () => void ran.push("d-2"))).toBe(true);
  expect(ran).toEqual(["d-2"]);
});

it("gathers a burst into one write, keeps four days and at most `max` records", async () => {
  let now = new Date("2026-11-01T00:00:00Z");
  const state = await openState({ dir });
  const journal = new DeliveryJournal(state, undefined, { max: 3, now: () => now });
  journal.record("old", "done");
  await journal.flush();
  now = new Date("2026-11-06T00:00:00Z"); // five days later: "old" is past GitHub's redelivery window
  for (const id of ["a", "b", "c", "d"]) journal.record(id, "done");
  await journal.flush();
  const reopened = await openState({ dir });
  expect(reopened.data.deliveries.map((d) => d.id)).toEqual(["b", "c", "d"]);
  expect(new DeliveryJournal(reopened, undefined, { now: () => now }).handled()).toEqual(["b", "c", "d"]);
});
