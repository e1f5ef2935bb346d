/**
 * The local model: Ollama through the `ollama` package. Non-streaming `/api/chat`, so one call is
 * one HTTP exchange. The package cannot abort a non-streaming call and has no timeout, so every
 * request goes through a `fetch` that carries the call's signal (time limit + caller's abort):
 * that signal also covers reading the body, so a server that stalls or resets mid-answer ends the
 * call with "timeout" or "network" instead of hanging.
 */
import { Ollama, type ChatRequest, type ChatResponse, type EmbedResponse, type Options } from "ollama";
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from "../types.js";
import { callSignal, fetchWithSignal } from "./call-signal.js";
import { toProviderError } from "./http-errors.js";
import { elapsedSince, parseStructured } from "./structured-output.js";

export interface OllamaProviderOptions {
  /** Base URL of the Ollama server (see `ollamaHost(env)`: the package does not read OLLAMA_HOST). */
  host: string;
  /** The fetch to wrap (tests, proxies); global fetch by default. */
  fetch?: typeof fetch;
  /** Monotonic clock for latency, in ms. */
  now?: () => number;
}

/** Ollama's `done_reason`: "length" means `num_predict` cut the answer. */
function finishReason(doneReason: string | undefined): ModelResponse["finishReason"] {
  if (doneReason === "length") return "length";
  return doneReason === "stop" ? "stop" : "other";
}

function chatRequest(request: ModelRequest): ChatRequest & { stream: false } {
  const options: Partial<Options> = {};
  if (request.maxOutputTokens !== undefined) options.num_predict = request.maxOutputTokens;
  if (request.contextTokens !== undefined) options.num_ctx = request.contextTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.seed !== undefined) options.seed = request.seed;
  return {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: false,
    // Ollama constrains decoding to a JSON schema given as `format` (Ollama ≥ 0.5).
    ...(request.schema ? { format: request.schema } : {}),
    // Per-token log-probabilities (Ollama ≥ 0.12); older servers ignore the field.
    ...(request.logprobs ? { logprobs: true } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

function isChatResponse(value: unknown): value is ChatResponse {
  const message = (value as { message?: { content?: unknown } } | null)?.message;
  return typeof message?.content === "string";
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** The local model provider (free, private). One `complete` is one `/api/chat` request. */
export class OllamaProvider implements ModelProvider {
  readonly name = "ollama" as const;
  readonly local = true;
  readonly host: string;
  private readonly baseFetch: typeof fetch;
  private readonly now: () => number;

  constructor(options: OllamaProviderOptions) {
    this.host = options.host;
    // Looked up per call, so that a fetch patched later (a proxy agent, a test's HTTP guard) is used.
    this.baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => performance.now());
  }

  /** A client per call: its fetch is bound to that call's signal. */
  private client(signal: AbortSignal): Ollama {
    return new Ollama({ host: this.host, fetch: fetchWithSignal(signal, this.baseFetch) });
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const call = callSignal(request.timeoutMs, request.signal);
    const start = this.now();
    let response: unknown;
    try {
      response = await this.client(call.signal).chat(chatRequest(request));
    } catch (error) {
      throw toProviderError("ollama", error, call, request.timeoutMs);
    }
    if (!isChatResponse(response)) throw new ProviderError("ollama", "bad-output", "ollama: the /api/chat answer has no message content");
    const text = response.message.content;
    const logprobs = request.logprobs && Array.isArray(response.logprobs) ? response.logprobs.map((l) => l.logprob).filter((n) => typeof n === "number") : undefined;
    return {
      provider: "ollama",
      model: typeof response.model === "string" && response.model ? response.model : request.model,
      text,
      ...parseStructured(text, request.schema),
      usage: { inputTokens: count(response.prompt_eval_count), outputTokens: count(response.eval_count), cachedInputTokens: 0 },
      latencyMs: elapsedSince(start, this.now),
      finishReason: finishReason(response.done_reason),
      ...(logprobs && logprobs.length ? { logprobs } : {}),
    };
  }

  /** Embeddings through `/api/embed`, one vector per input, in order. */
  async embed(model: string, input: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<number[][]> {
    const call = callSignal(options.timeoutMs, options.signal);
    let response: EmbedResponse;
    try {
      response = await this.client(call.signal).embed({ model, input });
    } catch (error) {
      throw toProviderError("ollama", error, call, options.timeoutMs);
    }
    const vectors = (response as { embeddings?: unknown } | null)?.embeddings;
    const valid =
      Array.isArray(vectors) &&
      vectors.length === input.length &&
      vectors.every((v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x)));
    if (!valid) throw new ProviderError("ollama", "bad-output", `ollama: /api/embed did not return ${input.length} embedding(s)`);
    return vectors as number[][];
  }
}
