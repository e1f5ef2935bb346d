/** Shared helpers for the state tests. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LedgerEntry } from "../../src/state/index.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesDir = path.join(repoRoot, "test/state/fixtures");

/** A fresh temp dir per test; `cleanup` removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lodestar-state-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function ledgerEntry(job: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    time: "2025-01-01T00:00:00.000Z",
    repo: "octo/repo",
    job,
    taskKind: "test",
    provider: "none",
    model: "none",
    inputTokens: 1,
    outputTokens: 2,
    costUsd: 0.001,
    latencyMs: 3,
    outcome: "ok",
    ...extra,
  };
}

/**
 * Child processes need real JS, so compile src/ → dist/ with the normal build. tsc still
 * emits when some other module has type errors; we only insist that no error is located in
 * the state module and that it was emitted.
 */
export function buildDist(): void {
  try {
    execFileSync(path.join(repoRoot, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], { cwd: repoRoot, stdio: "pipe" });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    const output = `${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`;
    if (/^src[\\/]state[\\/]/m.test(output) || !existsSync(path.join(repoRoot, "dist/state/index.js"))) {
      throw new Error(`build of the state module failed:\n${output}`);
    }
  }
}
