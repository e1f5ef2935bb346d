/**
 * Public surface of the model layer: the handle modules use, the router behind it, and the
 * parts it is made of (providers, escalation policy, budgets, prices, redaction, retries).
 */
export {
  offlineLlm,
  LlmUnavailableError,
  type CandidateAnswer,
  type ContextFile,
  type LlmAnswer,
  type LlmHandle,
  type LlmTask,
  type LlmUsage,
  type RouteDecision,
} from "./handle.js";
export {
  createRouter,
  Router,
  buildMessages,
  renderContext,
  problemOf,
  CONTEXT_HEADER,
  EXAMPLE_HEADER,
  DEFAULT_MAX_OUTPUT_TOKENS,
  MIN_EXAMPLE_SIMILARITY,
  type CreateRouterOptions,
  type RoutedModel,
  type RouterBudget,
  type RouterMemory,
  type RouterOptions,
  type RouterRecorder,
} from "./router.js";
export { confidenceOf, pickByAgreement, sameAnswer, canonicalJson, FAILED, VERIFIED, UNKNOWN, type Confidence, type ConfidenceEvidence, type Verdict } from "./confidence.js";
export { complexityOf, KIND_DIFFICULTY, DEFAULT_KIND_DIFFICULTY, DEFAULT_LOCAL_CONTEXT_TOKENS, type Complexity, type ComplexityInput } from "./complexity.js";
export {
  chooseRoute,
  escalationTriggers,
  noveltySignal,
  routeWithoutLocal,
  thresholdsFor,
  DEFAULT_THRESHOLDS,
  type CloudAccess,
  type RouteChoice,
  type Signals,
  type Thresholds,
} from "./escalation.js";
export { checkAgainstSchema, parseJsonAnswer, schemaValidator, SchemaError, type SchemaCheck } from "./schema-check.js";
export { fetchWithTimeout, hasModel, ollamaHost, probeOllama, type OllamaStatus } from "./ollama-status.js";
export { ProviderError, type ChatMessage, type ModelProvider, type ModelRequest, type ModelResponse, type ModelUsage, type ProviderErrorKind, type ProviderName } from "./types.js";
export { BudgetGuard, type BudgetCaps, type BudgetCheck, type BudgetStatus, type Spend } from "./budget.js";
export { costUsd, estimateTokens, priceTable, DEFAULT_PRICES, type ModelPrice, type PriceOverride } from "./prices.js";
export { redactForCloud, neverSendMatcher, type PromptParts, type RedactionResult } from "./redact.js";
export { callWithRetry, RETRY_DEFAULTS, type RetryOptions, type RetryResult } from "./retry.js";
export { CircuitBreaker, CircuitBreakers, type BreakerState, type CircuitBreakerOptions } from "./circuit-breaker.js";
export { createProviders, cloudKeysSet, CLOUD_KEY_VARIABLES, type ProviderSet, type ProviderModel } from "./providers/index.js";
