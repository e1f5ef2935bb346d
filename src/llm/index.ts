export { offlineLlm, LlmUnavailableError, type LlmAnswer, type LlmHandle, type LlmTask } from "./handle.js";
export { fetchWithTimeout, hasModel, ollamaHost, probeOllama, type OllamaStatus } from "./ollama-status.js";
