/** The server's background queue: bounded, one task per installation at a time, never rejects. */
import { expect, it } from "@jest/globals";
import { WorkQueue } from "../../src/app/work-queue.js";

/** A task that records when it starts and ends, and finishes when told. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    log.push(`start ${name}`);
    await done;
    log.push(`end ${name}`);
  };
  return { task, release };
}

it("runs one task per key at a time, other keys alongside, within the concurrency", async () => {
  const log: string[] = [];
  const queue = new WorkQueue(2);
  const a1 = gate(log, "a1");
  const a2 = gate(log, "a2");
  const b1 = gate(log, "b1");
  const c1 = gate(log, "c1");
  queue.add(a1.task, "a");
  queue.add(a2.task, "a");
  queue.add(b1.task, "b");
  queue.add(c1.task, "c");
  await new Promise((resolve) => setImmediate(resolve));
  // a2 waits for a1 although a slot is free; b1 takes it.
  expect(log).toEqual(["start a1", "start b1"]);
  expect(queue.pending).toBe(4);
  a1.release();
  await new Promise((resolve) => setImmediate(resolve));
  expect(log).toEqual(["start a1", "start b1", "end a1", "start a2"]);
  b1.release();
  a2.release();
  c1.release();
  await queue.onIdle();
  expect(log.filter((l) => l.startsWith("end"))).toHaveLength(4);
  expect(queue.pending).toBe(0);
});

it("counts a task that throws and carries on with the rest", async () => {
  const errors: unknown[] = [];
  const queue = new WorkQueue(1, (error) => errors.push(error));
  const ran: string[] = [];
  queue.add(async () => Promise.reject(new Error("boom")), "x");
  queue.add(async () => void ran.push("after"), "x");
  queue.add(async () => void ran.push("unkeyed"));
  await queue.onIdle();
  expect(errors).toEqual([new Error("boom")]);
  expect(queue.failed).toBe(1);
  expect(ran).toEqual(["after", "unkeyed"]);
  await expect(queue.onIdle()).resolves.toBeUndefined();
});
