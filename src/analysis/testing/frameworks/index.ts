export { detectTestFrameworks } from "./detect.js";
export type { DetectTestFrameworksInput, TestFramework } from "./types.js";
