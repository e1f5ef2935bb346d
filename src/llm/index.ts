export { offlineLlm, LlmUnavailableError, type LlmAnswer, type LlmHandle, type LlmTask } from "./handle.js";
