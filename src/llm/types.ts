/**
 * The contracts of the model layer, shared by providers, the router, budgets, redaction and
 * learning. Providers speak to one API each and never retry; the router owns retries,
 * escalation, budgets, redaction and the ledger.
 */

export type ProviderName = "ollama" | "anthropic" | "openai";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One call to one model. */
export interface ModelRequest {
  model: string;
  messages: ChatMessage[];
  /**
   * JSON Schema (draft 2020-12 subset: object/array/string/number/integer/boolean/enum,
   * `required`, `additionalProperties: false`) the answer must satisfy. Providers pass it to
   * the API's structured-output feature (Ollama `format`, Anthropic `output_format`
   * json_schema, OpenAI `response_format` json_schema) and parse the text as JSON.
   */
  schema?: Record<string, unknown>;
  maxOutputTokens?: number;
  /**
   * Context window to run the model with (Ollama `num_ctx`; cloud APIs ignore it). Ollama's own
   * default is a few thousand tokens, and a longer prompt would be cut from its start silently.
   */
  contextTokens?: number;
  temperature?: number;
  seed?: number;
  /** Ask for per-token log-probabilities where the server can return them (Ollama ≥ 0.12, OpenAI). */
  logprobs?: boolean;
  /** Hard limit for the whole call; the HTTP request is aborted when it passes. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (0 when unknown). */
  cachedInputTokens: number;
}

export interface ModelResponse {
  provider: ProviderName;
  model: string;
  text: string;
  /** The text parsed as JSON when a schema was asked for and the text is JSON (not yet validated). */
  parsed?: unknown;
  usage: ModelUsage;
  latencyMs: number;
  /** "length" when the output was cut by the token limit: the answer is truncated. */
  finishReason: "stop" | "length" | "other";
  /** Per-token log-probabilities of the answer, when asked for and returned. */
  logprobs?: number[];
}

/** How a call failed, so the router can decide whether and when to retry. */
export type ProviderErrorKind =
  | "rate-limit" // 429
  | "server" // 5xx, overloaded
  | "timeout"
  | "network" // connection refused, reset mid-stream, DNS
  | "auth" // 401/403, missing key
  | "bad-request" // 400/422: our request is wrong, retrying will not help
  | "not-found" // 404, e.g. the Ollama model is not pulled
  | "aborted" // the caller's signal fired
  | "bad-output"; // the server answered but the body is not what its API promises

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: ProviderName;
  readonly status?: number;
  /** From a `Retry-After` (or `retry-after-ms`) header, in milliseconds. */
  readonly retryAfterMs?: number;
  constructor(provider: ProviderName, kind: ProviderErrorKind, message: string, extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "ProviderError";
    this.provider = provider;
    this.kind = kind;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
  /** Worth another try after a wait: rate limits, server errors, timeouts, network faults. */
  get retryable(): boolean {
    return this.kind === "rate-limit" || this.kind === "server" || this.kind === "timeout" || this.kind === "network";
  }
}

/** One model API. Implementations make exactly one HTTP call per `complete` (no retries). */
export interface ModelProvider {
  readonly name: ProviderName;
  /** True for the local model (free, private); false for cloud providers. */
  readonly local: boolean;
  complete(request: ModelRequest): Promise<ModelResponse>;
  /** Embeddings (Ollama `/api/embed`); absent when the provider has none. */
  embed?(model: string, input: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<number[][]>;
}
