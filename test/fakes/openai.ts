/**
 * A fake OpenAI Chat Completions API (`POST /v1/chat/completions`, non-streaming) for the SDK
 * pointed at it through `baseURL` (`<url>/v1`). Answers have the real shape (`chat.completion`
 * with choices, finish_reason, logprobs when asked, usage with prompt_tokens_details.cached_tokens);
 * errors have the real envelope `{"error":{"message","type","param","code"}}` and statuses
 * (401 without a Bearer key, 404 model_not_found, 429 rate_limit_exceeded with retry headers,
 * 500, 503). Every request body is recorded raw.
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
  type Fault,
  type RecordedRequest,
} from "./fake-server.js";

export type { Fault, RecordedRequest } from "./fake-server.js";

export interface OpenAIAnswer {
  /** The message content; `null` with `refusal` for a refusal. Default: "fake answer". */
  text?: string | null;
  refusal?: string;
  /** Default "stop"; "length" when cut by max_completion_tokens. */
  finishReason?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number; cached_tokens?: number };
  /** Log-probabilities to return when the request asks; default one per word, -0.02 each. */
  logprobs?: { token: string; logprob: number }[];
  model?: string;
  delayMs?: number;
}

export type OpenAIReply = OpenAIAnswer | Fault;

export interface FakeOpenAIOptions {
  /** The key the fake accepts; any non-empty key when absent. */
  apiKey?: string;
  /** Known models; any other gives 404 model_not_found. All models are known when absent. */
  models?: string[];
  replies?: OpenAIReply[];
  respond?: (body: Record<string, unknown>) => OpenAIReply | undefined;
}

export interface FakeOpenAI {
  /** The server's origin; the SDK's base URL (OPENAI_BASE_URL) is `${url}/v1`. */
  url: string;
  baseURL: string;
  requests: RecordedRequest[];
  enqueue(...replies: OpenAIReply[]): void;
  close(): Promise<void>;
}

const ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  429: { message: "Rate limit reached for requests. Please try again in 20ms.", type: "requests", code: "rate_limit_exceeded" },
  500: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later", type: "server_error", code: null },
};

/** The real error envelope for a status. */
export function openaiErrorBody(status: number, message?: string): unknown {
  const base = ERRORS[status] ?? (status >= 500 ? ERRORS[500]! : ERRORS[400]!);
  return { error: { message: message ?? base.message, type: base.type, param: null, code: base.code } };
}

let counter = 0;

function promptText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  return messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
}

function completion(body: Record<string, unknown>, answer: OpenAIAnswer) {
  const text = answer.text === undefined ? "fake answer" : answer.text;
  const prompt = answer.usage?.prompt_tokens ?? tokenCount(promptText(body));
  const completionTokens = answer.usage?.completion_tokens ?? tokenCount(text ?? answer.refusal ?? "");
  const logprobs =
    body.logprobs === true && text !== null
      ? {
          content: (answer.logprobs ?? splitTokens(text).map((token) => ({ token, logprob: -0.02 }))).map((l) => ({
            ...l,
            bytes: [...Buffer.from(l.token)],
            top_logprobs: [],
          })),
          refusal: null,
        }
      : null;
  return {
    id: `chatcmpl-FaKe${String(++counter).padStart(20, "0")}`,
    object: "chat.completion",
    created: 1_793_491_200,
    model: answer.model ?? body.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: answer.refusal ?? null, annotations: [] },
        logprobs,
        finish_reason: answer.finishReason ?? "stop",
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completionTokens,
      total_tokens: prompt + completionTokens,
      prompt_tokens_details: { cached_tokens: answer.usage?.cached_tokens ?? 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: null,
  };
}

/** Starts the fake on a free loopback port. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const script = new Script<OpenAIReply, Record<string, unknown>>(options.respond);
  script.enqueue(...(options.replies ?? []));
  const requestId = () => `req_${String(++counter).padStart(32, "0")}`;
  const fail = (res: http.ServerResponse, status: number, message?: string) => sendJson(res, status, openaiErrorBody(status, message), { "x-request-id": requestId() });

  const handler = async (request: RecordedRequest, res: http.ServerResponse): Promise<void> => {
    if (request.path !== "/v1/chat/completions" || request.method !== "POST") return fail(res, 404, `Invalid URL (${request.method} ${request.path})`);
    const auth = request.headers.authorization;
    const key = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!key) return fail(res, 401, "You didn't provide an API key.");
    if (options.apiKey !== undefined && key !== options.apiKey) return fail(res, 401);
    const body = request.json;
    if (body === null || typeof body !== "object" || Array.isArray(body)) return fail(res, 400, "We could not parse the JSON body of your request.");
    const fields = body as Record<string, unknown>;
    if (typeof fields.model !== "string") return fail(res, 400, "you must provide a model parameter");
    if (!Array.isArray(fields.messages) || fields.messages.length === 0) return fail(res, 400, "Missing required parameter: 'messages'.");
    if (fields.stream === true) return fail(res, 400, "this fake does not stream");
    if (options.models && !options.models.includes(fields.model)) {
      return fail(res, 404, `The model \`${fields.model}\` does not exist or you do not have access to it.`);
    }
    const reply = script.next(fields) ?? {};
    const headers = { "x-request-id": requestId(), "openai-processing-ms": "120" };
    if (isFault(reply)) {
      const withId = reply.fault === "status" ? { ...reply, headers: { ...headers, ...reply.headers } } : reply;
      return runFault(res, withId, (status) => openaiErrorBody(status), (end) => sendPartialJson(res, completion(fields, {}), end));
    }
    if (!(await pause(res, reply.delayMs))) return;
    sendJson(res, 200, completion(fields, reply), headers);
  };

  const server = await startLoopbackServer(handler);
  return { url: server.url, baseURL: `${server.url}/v1`, requests: server.requests, enqueue: (...replies) => script.enqueue(...replies), close: server.close };
}
