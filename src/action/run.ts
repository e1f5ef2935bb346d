import * as core from "@actions/core";
import { main } from "./main.js";

/** Runs the action and turns any error into a failed step with one clear message. */
export async function run(): Promise<void> {
  try {
    await main();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
