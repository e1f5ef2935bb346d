/**
 * A fake Anthropic Messages API (`POST /v1/messages`, non-streaming) for the SDK pointed at it
 * through `baseURL`. Answers have the real shape (id, type "message", role, text content blocks,
 * stop_reason, usage with cache fields); errors have the real envelope
 * `{"type":"error","error":{"type":"rate_limit_error","message":…},"request_id":…}` and
 * statuses (401, 400, 404, 429 with `retry-after`, 500, 529 overloaded). Requests need a key
 * (`x-api-key` or `Authorization: Bearer`) and `anthropic-version` like the real API. Every
 * request body is recorded raw.
 */
import type http from "node:http";
import { isFault, pause, runFault, Script, sendJson, sendPartialJson, startLoopbackServer, tokenCount, type Fault, type RecordedRequest } from "./fake-server.js";

export type { Fault, RecordedRequest } from "./fake-server.js";

export interface AnthropicAnswer {
  /** The text of the single text block. Default: "fake answer". */
  text?: string;
  /** Default "end_turn"; "max_tokens" when cut. */
  stopReason?: string;
  usage?: { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
  /** The model the answer names; default the requested one. */
  model?: string;
  delayMs?: number;
}

export type AnthropicReply = AnthropicAnswer | Fault;

export interface FakeAnthropicOptions {
  /** The key the fake accepts; any non-empty key when absent. */
  apiKey?: string;
  /** Known models; any other gives 404 not_found_error. All models are known when absent. */
  models?: string[];
  replies?: AnthropicReply[];
  respond?: (body: Record<string, unknown>) => AnthropicReply | undefined;
}

export interface FakeAnthropic {
  /** The base URL to give the SDK (ANTHROPIC_BASE_URL). */
  url: string;
  requests: RecordedRequest[];
  enqueue(...replies: AnthropicReply[]): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, [string, string]> = {
  400: ["invalid_request_error", "invalid request"],
  401: ["authentication_error", "invalid x-api-key"],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "Not found"],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  429: ["rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"],
  500: ["api_error", "Internal server error"],
  529: ["overloaded_error", "Overloaded"],
};

let counter = 0;
const requestId = () => `req_011CfAke${String(++counter).padStart(16, "0")}`;

/** The real error envelope for a status. */
export function anthropicErrorBody(status: number, message?: string): unknown {
  const [type, text] = ERROR_TYPES[status] ?? (status >= 500 ? ["api_error", "Internal server error"] : ["invalid_request_error", "invalid request"]);
  return { type: "error", error: { type, message: message ?? text }, request_id: requestId() };
}

function promptText(body: Record<string, unknown>): string {
  const system = typeof body.system === "string" ? body.system : "";
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  return [system, ...messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)))].join("\n");
}

function message(body: Record<string, unknown>, answer: AnthropicAnswer) {
  const text = answer.text ?? "fake answer";
  const cacheRead = answer.usage?.cache_read_input_tokens ?? 0;
  const cacheWrite = answer.usage?.cache_creation_input_tokens ?? 0;
  return {
    id: `msg_01FaKe${String(++counter).padStart(18, "0")}`,
    type: "message",
    role: "assistant",
    model: answer.model ?? body.model,
    content: [{ type: "text", text, citations: null }],
    stop_reason: answer.stopReason ?? "end_turn",
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: answer.usage?.input_tokens ?? tokenCount(promptText(body)),
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: cacheRead,
      cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
      output_tokens: answer.usage?.output_tokens ?? tokenCount(text),
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: "standard",
      inference_geo: "global",
      speed: null,
    },
  };
}

/** Starts the fake on a free loopback port. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const script = new Script<AnthropicReply, Record<string, unknown>>(options.respond);
  script.enqueue(...(options.replies ?? []));
  const fail = (res: http.ServerResponse, status: number, text?: string) => sendJson(res, status, anthropicErrorBody(status, text), { "request-id": requestId() });

  const handler = async (request: RecordedRequest, res: http.ServerResponse): Promise<void> => {
    if (request.path !== "/v1/messages") return fail(res, 404, `Not found: ${request.path}`);
    if (request.method !== "POST") return fail(res, 405, "Method not allowed");
    // The API takes the key as `x-api-key` or, as SDK 1.x sends it, `Authorization: Bearer`.
    const auth = request.headers.authorization;
    const key = request.headers["x-api-key"] ?? (typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : undefined);
    if (!key) return fail(res, 401, "x-api-key header is required");
    if (options.apiKey !== undefined && key !== options.apiKey) return fail(res, 401, "invalid x-api-key");
    if (!request.headers["anthropic-version"]) return fail(res, 400, "anthropic-version: header is required");
    const body = request.json;
    if (body === null || typeof body !== "object" || Array.isArray(body)) return fail(res, 400, "There was an issue with the format or content of your request.");
    const fields = body as Record<string, unknown>;
    if (typeof fields.model !== "string") return fail(res, 400, "model: Field required");
    if (typeof fields.max_tokens !== "number") return fail(res, 400, "max_tokens: Field required");
    if (!Array.isArray(fields.messages) || fields.messages.length === 0) return fail(res, 400, "messages: at least one message is required");
    if (fields.stream === true) return fail(res, 400, "this fake does not stream");
    if (options.models && !options.models.includes(fields.model)) return fail(res, 404, `model: ${fields.model}`);
    const reply = script.next(fields) ?? {};
    const headers = { "request-id": requestId() };
    if (isFault(reply)) {
      const withId = reply.fault === "status" ? { ...reply, headers: { ...headers, ...reply.headers } } : reply;
      return runFault(res, withId, (status) => anthropicErrorBody(status), (end) => sendPartialJson(res, message(fields, {}), end));
    }
    if (!(await pause(res, reply.delayMs))) return;
    sendJson(res, 200, message(fields, reply), headers);
  };

  const server = await startLoopbackServer(handler);
  return { url: server.url, requests: server.requests, enqueue: (...replies) => script.enqueue(...replies), close: server.close };
}
