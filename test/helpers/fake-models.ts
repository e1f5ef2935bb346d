/**
 * The fake Ollama and Anthropic servers and the temp folders a test starts, closed and removed
 * after each test. Call once at the top of a test file.
 */
import { afterEach } from "@jest/globals";
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from "../fakes/anthropic.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../fakes/ollama.js";
import { tempDir } from "./cli.js";

export interface PerTestFakes {
  ollama(options?: FakeOllamaOptions): Promise<FakeOllama>;
  anthropic(options?: FakeAnthropicOptions): Promise<FakeAnthropic>;
  /** A temp folder removed after the test. */
  dir(prefix: string): Promise<string>;
}

export function fakesPerTest(): PerTestFakes {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return {
    async ollama(options) {
      const server = await startFakeOllama(options);
      cleanups.push(() => server.close());
      return server;
    },
    async anthropic(options) {
      const server = await startFakeAnthropic(options);
      cleanups.push(() => server.close());
      return server;
    },
    async dir(prefix) {
      const t = await tempDir(prefix);
      cleanups.push(t.cleanup);
      return t.dir;
    },
  };
}
