/**
 * Anthropic's Messages API through `@anthropic-ai/sdk`. The SDK never retries (`maxRetries: 0`:
 * the router owns retries, so a call is charged once). Structured output uses the JSON-schema
 * output format (`output_config.format`), which constrains decoding to the schema.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsNonStreaming, Message } from "@anthropic-ai/sdk/resources/messages/messages";
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from "../types.js";
import { callSignal } from "./call-signal.js";
import { missingKeyError, toProviderError } from "./http-errors.js";
import { elapsedSince, parseStructured } from "./structured-output.js";

export interface AnthropicProviderOptions {
  /** ANTHROPIC_API_KEY; without it every call fails with "auth" and nothing is sent. */
  apiKey?: string;
  /** ANTHROPIC_BASE_URL; the public API when absent. */
  baseURL?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Output budget when the caller gives none: the API requires `max_tokens`. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function finishReason(stopReason: string | null | undefined): ModelResponse["finishReason"] {
  if (stopReason === "end_turn" || stopReason === "stop_sequence") return "stop";
  // Both cut the answer short: by our token limit or by the context window.
  if (stopReason === "max_tokens" || stopReason === "model_context_window_exceeded") return "length";
  return "other";
}

function messageParams(request: ModelRequest): MessageCreateParamsNonStreaming {
  // The Messages API takes system text apart from the turns.
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
  const params: MessageCreateParamsNonStreaming = {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: request.messages.filter((m) => m.role !== "system").map((m) => ({ role: m.role as "user" | "assistant", content: m.content })),
  };
  if (system) params.system = system;
  if (request.schema) params.output_config = { format: { type: "json_schema", schema: request.schema } };
  return params;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;
}

function isMessage(value: unknown): value is Message {
  return Array.isArray((value as { content?: unknown } | null)?.content) && typeof (value as { usage?: unknown }).usage === "object";
}

/**
 * A cloud provider. The Messages API has no seed and no log-probabilities, and this API version
 * no longer takes `temperature`, so those request fields are ignored.
 */
export class AnthropicProvider implements ModelProvider {
  readonly name = "anthropic" as const;
  readonly local = false;
  private readonly options: AnthropicProviderOptions;
  private client: Anthropic | undefined;
  private readonly now: () => number;

  constructor(options: AnthropicProviderOptions) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether a key is configured (a call without one fails before any request). */
  get configured(): boolean {
    return Boolean(this.options.apiKey);
  }

  private sdk(apiKey: string): Anthropic {
    this.client ??= new Anthropic({
      apiKey,
      // Explicit, so that the SDK does not fall back to its own reading of the process environment.
      baseURL: this.options.baseURL || "https://api.anthropic.com",
      maxRetries: 0,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    return this.client;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const apiKey = this.options.apiKey;
    if (!apiKey) throw missingKeyError("anthropic", "ANTHROPIC_API_KEY");
    const call = callSignal(request.timeoutMs, request.signal);
    const start = this.now();
    let message: unknown;
    try {
      // The SDK's timeout covers the wait for headers; our signal also covers reading the body.
      message = await this.sdk(apiKey).messages.create(messageParams(request), { timeout: request.timeoutMs, signal: call.signal, maxRetries: 0 });
    } catch (error) {
      throw toProviderError("anthropic", error, call, request.timeoutMs);
    }
    if (!isMessage(message)) throw new ProviderError("anthropic", "bad-output", "anthropic: the answer is not a Messages API message");
    const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
    const usage = message.usage;
    const cached = count(usage.cache_read_input_tokens);
    return {
      provider: "anthropic",
      model: message.model || request.model,
      text,
      ...parseStructured(text, request.schema),
      // `input_tokens` excludes cache reads and writes; ModelUsage counts all input, cached as a part.
      usage: {
        inputTokens: count(usage.input_tokens) + cached + count(usage.cache_creation_input_tokens),
        outputTokens: count(usage.output_tokens),
        cachedInputTokens: cached,
      },
      latencyMs: elapsedSince(start, this.now),
      finishReason: finishReason(message.stop_reason),
    };
  }
}
