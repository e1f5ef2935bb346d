/** Shared helpers for the learning tests: a real state file in a temp folder. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openState, type State } from "../../src/state/index.js";

export async function tempState(): Promise<{ state: State; dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lodestar-learning-"));
  const state = await openState({ dir });
  return { state, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A clock that advances one second per call, so every remembered entry has its own time. */
export function tickingClock(start = "2025-05-01T00:00:00.000Z"): () => Date {
  let t = new Date(start).getTime();
  return () => new Date((t += 1000));
}
