import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeOllamaOptions {
  version?: string;
  models?: string[];
}

export interface FakeOllama {
  url: string;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

/**
 * A small HTTP server that speaks the parts of Ollama's API Lodestar uses so far
 * (`/api/version`, `/api/tags`, `/api/ps`), with Ollama's `{"error": …}` body for anything
 * else. The model layer extends it with `/api/chat`, `/api/generate` and `/api/embed`.
 */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const requests: FakeOllama["requests"] = [];
  const models = (options.models ?? []).map((name) => ({
    name,
    model: name,
    modified_at: "2026-11-01T00:00:00Z",
    size: 4_700_000_000,
    digest: "sha256:0000",
    details: { format: "gguf", family: "qwen2", parameter_size: "7B", quantization_level: "Q4_K_M" },
  }));
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push({ method: req.method ?? "GET", path });
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "GET" && path === "/api/version") return json(200, { version: options.version ?? "0.12.6" });
    if (req.method === "GET" && path === "/api/tags") return json(200, { models });
    if (req.method === "GET" && path === "/api/ps") return json(200, { models: [] });
    return json(404, { error: `unknown path ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
