// A fake Ollama for bench/improve: the parts of its HTTP API the `ollama` npm client calls
// (https://github.com/ollama/ollama/blob/main/docs/api.md), on 127.0.0.1 —
//   GET  /, /api/version, /api/tags, /api/ps
//   POST /api/chat   → one JSON object with `"stream": false`, else NDJSON, one line per piece
// — answering each chat from a script (`respond(body)` → `{ text, doneReason? }`) and recording
// every request with the answer it got. A model that is not installed gives 404, as Ollama does.
import http from "node:http";

const CREATED_AT = "2026-11-01T00:00:00.000000Z";
const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
}

/** The answer as Ollama's final chat object carries it (with the usage counts the ledger reads). */
function finalFields(body, text, doneReason) {
  const prompt = (body.messages ?? []).map((m) => String(m.content ?? "")).join("\n");
  return {
    done: true,
    done_reason: doneReason ?? "stop",
    total_duration: 1_250_000_000,
    load_duration: 50_000_000,
    prompt_eval_count: tokens(prompt),
    prompt_eval_duration: 200_000_000,
    eval_count: tokens(text),
    eval_duration: 1_000_000_000,
  };
}

/**
 * Starts the fake. `respond(body)` gets the parsed /api/chat body and returns the reply
 * (`text`, optional `doneReason`, and anything else to record with it).
 */
export async function startFakeOllama({ models, respond }) {
  const installed = models.map((name) => ({
    name,
    model: name,
    modified_at: "2026-11-01T00:00:00Z",
    size: 4_700_000_000,
    digest: "sha256:0000000000000000000000000000000000000000000000000000000000000000",
    details: { parent_model: "", format: "gguf", family: "qwen2", families: ["qwen2"], parameter_size: "7B", quantization_level: "Q4_K_M" },
  }));
  const loaded = new Set();
  const requests = [];
  const known = (model) => installed.find((m) => m.name === model || m.name === `${model}:latest` || `${m.name}:latest` === model);

  const server = http.createServer(async (req, res) => {
    try {
      const path = (req.url ?? "/").split("?")[0];
      if (req.method === "GET" && path === "/") return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("Ollama is running");
      if (req.method === "GET" && path === "/api/version") return send(res, 200, { version: "0.12.6" });
      if (req.method === "GET" && path === "/api/tags") return send(res, 200, { models: installed });
      if (req.method === "GET" && path === "/api/ps") {
        return send(res, 200, { models: installed.filter((m) => loaded.has(m.name)).map((m) => ({ ...m, expires_at: "2026-11-01T00:05:00Z", size_vram: m.size })) });
      }
      if (req.method !== "POST" || path !== "/api/chat") return send(res, 404, { error: `unknown path ${path}` });
      let body;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { error: "invalid request body" });
      }
      if (!body || typeof body !== "object" || typeof body.model !== "string") return send(res, 400, { error: "model is required" });
      const model = known(body.model);
      if (!model) return send(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
      if (!Array.isArray(body.messages)) return send(res, 400, { error: "messages is required" });
      loaded.add(model.name);

      const reply = respond(body);
      const text = String(reply.text ?? "");
      requests.push({ body, reply });
      if (body.stream === false) {
        return send(res, 200, { model: body.model, created_at: CREATED_AT, message: { role: "assistant", content: text }, ...finalFields(body, text, reply.doneReason) });
      }
      // Ollama's default: NDJSON, a piece of the message per line, then the final object.
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      for (const piece of text.match(/[\s\S]{1,16}/g) ?? []) {
        res.write(`${JSON.stringify({ model: body.model, created_at: CREATED_AT, message: { role: "assistant", content: piece }, done: false })}\n`);
      }
      res.end(`${JSON.stringify({ model: body.model, created_at: CREATED_AT, message: { role: "assistant", content: "" }, ...finalFields(body, text, reply.doneReason) })}\n`);
    } catch (error) {
      if (!res.headersSent) send(res, 500, { error: String(error) });
      else res.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
