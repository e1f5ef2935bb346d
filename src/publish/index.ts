export { decisionFileSink, filesPublisher, OUTPUT_FILES } from "./files.js";
export { fitText, GITHUB_LIMITS } from "./limits.js";
export { toSarif, SARIF_SCHEMA, type SarifLog } from "./sarif.js";
export { renderSummary } from "./summary.js";
export { CHECK_NAME, checkRunPublisher, publishFailedCheck, toAnnotations } from "./github/check-run.js";
export { postComment } from "./github/comments.js";
export type { GitHubClient, RepoCoordinates } from "../github/client.js";
