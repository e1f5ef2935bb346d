import { Ollama } from "ollama";

export interface OllamaStatus {
  host: string;
  reachable: boolean;
  version?: string;
  models?: string[];
  error?: string;
}

/** The Ollama server from OLLAMA_HOST (the ollama package does not read it itself). */
export function ollamaHost(env: NodeJS.ProcessEnv): string {
  return env.OLLAMA_HOST || "http://127.0.0.1:11434";
}

/** A fetch that gives up after `ms`: ollama-js has no timeout of its own. */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(ms) });
}

/** Whether a model name is among the installed ones (`name` and `name:latest` are the same). */
export function hasModel(installed: readonly string[], wanted: string): boolean {
  return installed.some((n) => n === wanted || n === `${wanted}:latest` || `${n}:latest` === wanted);
}

/** Asks the Ollama server for its version and installed models, within `timeoutMs` each. */
export async function probeOllama(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<OllamaStatus> {
  const host = ollamaHost(env);
  const client = new Ollama({ host, fetch: fetchWithTimeout(timeoutMs) });
  let version: string;
  try {
    version = (await client.version()).version;
  } catch (error) {
    return { host, reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    const { models } = await client.list();
    return { host, reachable: true, version, models: models.map((m) => m.name) };
  } catch (error) {
    return { host, reachable: true, version, error: `could not list models: ${error instanceof Error ? error.message : String(error)}` };
  }
}
