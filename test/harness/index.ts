/** One import for test authors: `import { githubApi, exampleEvent, createTestProbot } from "../harness/index.js"`. */
export { GITHUB_API_URL, TEST_TOKEN_PERMISSIONS, githubApi, mockCommentReaction, mockInstallationToken } from "./github.js";
export type { GithubApiOptions } from "./github.js";
export { TEST_APP_ID, TEST_PRIVATE_KEY, TEST_WEBHOOK_SECRET } from "./keys.js";
export { TEST_INSTALLATION_ID, TEST_INSTALLATION_NODE_ID, exampleEvent, exampleEventNames, examplePayload } from "./payloads.js";
export type { ExampleOptions, NarrowedPayload, PayloadOf } from "./payloads.js";
export { TestOctokit, createTestProbot } from "./probot.js";
export { recordedRequests, unmatchedRequests } from "./recorder.js";
export type { RecordedRequest, UnmatchedRequest } from "./recorder.js";
export { checkRecorded, checkRequest, findOperation } from "./openapi-contract.js";
export type { RequestToCheck, OperationMatch } from "./openapi-contract.js";
