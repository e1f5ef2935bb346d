/**
 * OpenAI through the `openai` SDK, Chat Completions (`POST /v1/chat/completions`): the API most
 * OpenAI-compatible gateways also speak, so OPENAI_BASE_URL can point at one. The SDK never
 * retries (`maxRetries: 0`: the router owns retries). Structured output is `response_format`
 * `json_schema` with `strict: true`, which constrains decoding to the schema.
 */
import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { ProviderError, type ModelProvider, type ModelRequest, type ModelResponse } from "../types.js";
import { callSignal } from "./call-signal.js";
import { missingKeyError, toProviderError } from "./http-errors.js";
import { elapsedSince, parseStructured } from "./structured-output.js";

export interface OpenAIProviderOptions {
  /** OPENAI_API_KEY; without it every call fails with "auth" and nothing is sent. */
  apiKey?: string;
  /** OPENAI_BASE_URL (including `/v1`); the public API when absent. */
  baseURL?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** The name OpenAI requires for a `json_schema` format (`^[a-zA-Z0-9_-]{1,64}$`). */
export function schemaName(schema: Record<string, unknown>): string {
  const title = typeof schema.title === "string" ? schema.title.replace(/[^a-zA-Z0-9_-]+/g, "_").slice(0, 64) : "";
  return title || "answer";
}

function finishReason(reason: string | null | undefined): ModelResponse["finishReason"] {
  if (reason === "stop") return "stop";
  return reason === "length" ? "length" : "other";
}

function completionParams(request: ModelRequest): ChatCompletionCreateParamsNonStreaming {
  const params: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
  };
  // `max_tokens` is refused by reasoning models; `max_completion_tokens` works for all.
  if (request.maxOutputTokens !== undefined) params.max_completion_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.seed !== undefined) params.seed = request.seed;
  if (request.logprobs) params.logprobs = true;
  if (request.schema) {
    params.response_format = { type: "json_schema", json_schema: { name: schemaName(request.schema), schema: request.schema, strict: true } };
  }
  return params;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;
}

function isCompletion(value: unknown): value is ChatCompletion {
  const choices = (value as { choices?: unknown } | null)?.choices;
  return Array.isArray(choices) && choices.length > 0 && typeof (choices[0] as { message?: unknown }).message === "object";
}

/** A cloud provider. One `complete` is one Chat Completions request. */
export class OpenAIProvider implements ModelProvider {
  readonly name = "openai" as const;
  readonly local = false;
  private readonly options: OpenAIProviderOptions;
  private client: OpenAI | undefined;
  private readonly now: () => number;

  constructor(options: OpenAIProviderOptions) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
  }

  /** Whether a key is configured (a call without one fails before any request). */
  get configured(): boolean {
    return Boolean(this.options.apiKey);
  }

  private sdk(apiKey: string): OpenAI {
    this.client ??= new OpenAI({
      apiKey,
      // Explicit, so that the SDK does not read OPENAI_BASE_URL, OPENAI_ORG_ID… from the process itself.
      baseURL: this.options.baseURL || "https://api.openai.com/v1",
      organization: null,
      project: null,
      maxRetries: 0,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    return this.client;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const apiKey = this.options.apiKey;
    if (!apiKey) throw missingKeyError("openai", "OPENAI_API_KEY");
    const call = callSignal(request.timeoutMs, request.signal);
    const start = this.now();
    let completion: unknown;
    try {
      // The SDK's timeout covers the wait for headers; our signal also covers reading the body.
      completion = await this.sdk(apiKey).chat.completions.create(completionParams(request), { timeout: request.timeoutMs, signal: call.signal, maxRetries: 0 });
    } catch (error) {
      throw toProviderError("openai", error, call, request.timeoutMs);
    }
    if (!isCompletion(completion)) throw new ProviderError("openai", "bad-output", "openai: the answer has no choices");
    const choice = completion.choices[0]!;
    // A refusal comes with `content: null`: an empty answer that no verifier will accept.
    const text = choice.message.content ?? "";
    const usage = completion.usage;
    const logprobs = request.logprobs ? choice.logprobs?.content?.map((t) => t.logprob).filter((n) => typeof n === "number") : undefined;
    return {
      provider: "openai",
      model: completion.model || request.model,
      text,
      ...parseStructured(text, request.schema),
      // `prompt_tokens` already includes the cached ones.
      usage: {
        inputTokens: count(usage?.prompt_tokens),
        outputTokens: count(usage?.completion_tokens),
        cachedInputTokens: count(usage?.prompt_tokens_details?.cached_tokens),
      },
      latencyMs: elapsedSince(start, this.now),
      finishReason: choice.message.refusal && choice.message.content == null ? "other" : finishReason(choice.finish_reason),
      ...(logprobs && logprobs.length ? { logprobs } : {}),
    };
  }
}
