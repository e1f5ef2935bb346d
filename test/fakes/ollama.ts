/**
 * A fake Ollama server that speaks the parts of its HTTP API Lodestar uses
 * (https://github.com/ollama/ollama/blob/main/docs/api.md):
 *   GET  /                → "Ollama is running"
 *   GET  /api/version     → { version }
 *   GET  /api/tags        → { models: [...] } (the installed models)
 *   GET  /api/ps          → { models: [...] } (the models loaded by earlier calls)
 *   POST /api/chat        → { model, created_at, message, done, done_reason, …counts } or NDJSON
 *   POST /api/generate    → { model, created_at, response, done, done_reason, context, …counts } or NDJSON
 *   POST /api/embed       → { model, embeddings, total_duration, load_duration, prompt_eval_count }
 * Like Ollama, chat and generate stream NDJSON unless the body says `"stream": false`, log-probabilities
 * come back only when asked (`"logprobs": true`, Ollama ≥ 0.12), and a model that is not installed
 * gives 404 `{"error":"model \"x\" not found, try pulling it first"}`. Errors are `{"error": "…"}`.
 *
 * Each test scripts the answers: `replies` (or `enqueue`) first, then `respond(call)`, then a
 * default answer. A reply is an answer (text, done reason, counts, log-probabilities, delay) or
 * a fault (status, reset or stall after the first chunk, hang).
 */
import type http from "node:http";
import {
  isFault,
  pause,
  runFault,
  Script,
  sendJson,
  sendPartialJson,
  splitTokens,
  startLoopbackServer,
  tokenCount,
  writeThen,
  type Fault,
  type PartialEnd,
  type RecordedRequest,
} from "./fake-server.js";

export type { Fault, RecordedRequest } from "./fake-server.js";

export interface OllamaAnswer {
  /** The answer text. Default: "fake answer". */
  text?: string;
  /** `done_reason`; "length" when `num_predict` cut the answer. Default "stop". */
  doneReason?: string;
  promptEvalCount?: number;
  evalCount?: number;
  /** Log-probabilities to return (when the request asks for them); default: one per word, -0.05 each. */
  logprobs?: { token: string; logprob: number }[];
  /** Wait before answering (for timeouts). */
  delayMs?: number;
}

export type OllamaReply = OllamaAnswer | Fault;

/** What `respond` sees: the endpoint and the parsed request body. */
export interface OllamaCall {
  endpoint: "chat" | "generate";
  body: Record<string, unknown>;
}

export interface FakeOllamaOptions {
  version?: string;
  /** Installed models (as `/api/tags` names them); any other model gives 404. */
  models?: string[];
  /** Replies for chat/generate calls, used in order before `respond`. */
  replies?: OllamaReply[];
  respond?: (call: OllamaCall) => OllamaReply | undefined;
  /** Embedding vectors for `/api/embed`; default: a deterministic hashed bag of words (64 dimensions). */
  embed?: (input: string, model: string) => number[];
  /** A fault for the next `/api/embed` calls, in order. */
  embedFaults?: Fault[];
}

export interface FakeOllama {
  url: string;
  /** Every request, in order, with its raw body. */
  requests: RecordedRequest[];
  /** Adds replies for the next chat/generate calls. */
  enqueue(...replies: OllamaReply[]): void;
  close(): Promise<void>;
}

const CREATED_AT = "2026-11-01T00:00:00.000000Z";

function installed(models: string[], wanted: string): boolean {
  return models.some((n) => n === wanted || n === `${wanted}:latest` || `${n}:latest` === wanted);
}

/** A deterministic unit vector: the hashing trick over lower-cased words, so similar texts are close. */
export function hashedEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9_]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    vector[(h >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) vector[0] = 1;
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

function promptText(call: OllamaCall): string {
  if (call.endpoint === "generate") return `${String(call.body.system ?? "")}${String(call.body.prompt ?? "")}`;
  const messages = Array.isArray(call.body.messages) ? (call.body.messages as { content?: unknown }[]) : [];
  return messages.map((m) => String(m.content ?? "")).join("\n");
}

/** The final object of a chat/generate answer (and the only one when not streaming). */
function finalFields(answer: OllamaAnswer, call: OllamaCall, text: string) {
  return {
    done: true,
    done_reason: answer.doneReason ?? "stop",
    total_duration: 1_250_000_000,
    load_duration: 50_000_000,
    prompt_eval_count: answer.promptEvalCount ?? tokenCount(promptText(call)),
    prompt_eval_duration: 200_000_000,
    eval_count: answer.evalCount ?? tokenCount(text),
    eval_duration: 1_000_000_000,
  };
}

function logprobsFor(answer: OllamaAnswer, text: string) {
  const list = answer.logprobs ?? splitTokens(text).map((token) => ({ token, logprob: -0.05 }));
  return list.map((l) => ({ ...l, bytes: [...Buffer.from(l.token)], top_logprobs: [] as unknown[] }));
}

/** One streamed piece: the message (chat) or response (generate) holds `piece`. */
function piece(call: OllamaCall, model: string, content: string): Record<string, unknown> {
  return call.endpoint === "chat"
    ? { model, created_at: CREATED_AT, message: { role: "assistant", content } }
    : { model, created_at: CREATED_AT, response: content };
}

function answerChatOrGenerate(res: http.ServerResponse, call: OllamaCall, answer: OllamaAnswer, partial?: PartialEnd): void {
  const model = String(call.body.model);
  const text = answer.text ?? "fake answer";
  const wantLogprobs = call.body.logprobs === true;
  const logprobs = wantLogprobs ? logprobsFor(answer, text) : undefined;
  const extra = call.endpoint === "generate" ? { context: [1, 2, 3] } : {};
  if (call.body.stream === false) {
    const body = { ...piece(call, model, text), ...finalFields(answer, call, text), ...extra, ...(logprobs ? { logprobs } : {}) };
    if (partial) return sendPartialJson(res, body, partial);
    return sendJson(res, 200, body);
  }
  // Streaming (Ollama's default): one NDJSON object per token, then a final one with the counts.
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  const tokens = splitTokens(text);
  const lines = tokens.map((token, i) => ({ ...piece(call, model, token), done: false, ...(logprobs?.[i] ? { logprobs: [logprobs[i]] } : {}) }));
  lines.push({ ...piece(call, model, ""), ...finalFields(answer, call, text), ...extra });
  if (partial) return writeThen(res, `${JSON.stringify(lines[0])}\n`, partial);
  for (const line of lines) res.write(`${JSON.stringify(line)}\n`);
  res.end();
}

/** Starts the fake on a free loopback port. */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = (options.models ?? []).map((name) => ({
    name,
    model: name,
    modified_at: "2026-11-01T00:00:00Z",
    size: 4_700_000_000,
    digest: "sha256:0000",
    details: { parent_model: "", format: "gguf", family: "qwen2", families: ["qwen2"], parameter_size: "7B", quantization_level: "Q4_K_M" },
  }));
  const names = models.map((m) => m.name);
  const loaded = new Set<string>();
  const script = new Script<OllamaReply, OllamaCall>(options.respond);
  script.enqueue(...(options.replies ?? []));
  const embedFaults = [...(options.embedFaults ?? [])];
  const errorBody = (status: number) => ({ error: status >= 500 ? "llama runner process has terminated: exit status 2" : `error ${status}` });
  const missing = (res: http.ServerResponse, model: string) => sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });

  const handler = async (request: RecordedRequest, res: http.ServerResponse): Promise<void> => {
    const { method, path } = request;
    if ((method === "GET" || method === "HEAD") && path === "/") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(method === "HEAD" ? undefined : "Ollama is running");
      return;
    }
    if (method === "GET" && path === "/api/version") return sendJson(res, 200, { version: options.version ?? "0.12.6" });
    if (method === "GET" && path === "/api/tags") return sendJson(res, 200, { models });
    if (method === "GET" && path === "/api/ps") {
      const running = models.filter((m) => loaded.has(m.name)).map((m) => ({ ...m, expires_at: "2026-11-01T00:05:00Z", size_vram: m.size }));
      return sendJson(res, 200, { models: running });
    }
    if (method === "POST" && (path === "/api/chat" || path === "/api/generate" || path === "/api/embed")) {
      const body = request.json;
      if (body === null || typeof body !== "object" || Array.isArray(body)) return sendJson(res, 400, { error: "invalid request body" });
      const fields = body as Record<string, unknown>;
      if (typeof fields.model !== "string" || fields.model === "") return sendJson(res, 400, { error: "model is required" });
      if (!installed(names, fields.model)) return missing(res, fields.model);
      loaded.add(names.find((n) => installed([n], fields.model as string))!);
      if (path === "/api/embed") return embed(res, fields);
      const call: OllamaCall = { endpoint: path === "/api/chat" ? "chat" : "generate", body: fields };
      if (call.endpoint === "chat" && !Array.isArray(fields.messages)) return sendJson(res, 400, { error: "messages is required" });
      const reply = script.next(call) ?? {};
      if (isFault(reply)) return runFault(res, reply, errorBody, (end) => answerChatOrGenerate(res, call, {}, end));
      if (!(await pause(res, reply.delayMs))) return;
      return answerChatOrGenerate(res, call, reply);
    }
    return sendJson(res, 404, { error: `unknown path ${path}` });
  };

  const embed = async (res: http.ServerResponse, body: Record<string, unknown>): Promise<void> => {
    const model = body.model as string;
    const input = typeof body.input === "string" ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : undefined;
    if (!input) return sendJson(res, 400, { error: "invalid input type" });
    const answer = { model, embeddings: input.map((text) => (options.embed ?? ((t: string) => hashedEmbedding(t)))(text, model)) };
    const fault = embedFaults.shift();
    const full = { ...answer, total_duration: 14_000_000, load_duration: 1_000_000, prompt_eval_count: input.reduce((n, t) => n + tokenCount(t), 0) };
    if (fault) return runFault(res, fault, errorBody, (end) => sendPartialJson(res, full, end));
    return sendJson(res, 200, full);
  };

  const server = await startLoopbackServer(handler);
  return { url: server.url, requests: server.requests, enqueue: (...replies) => script.enqueue(...replies), close: server.close };
}
