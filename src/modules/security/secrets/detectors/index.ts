import type { Detector } from "../types.js";
import { assignments } from "./assignments.js";
import { authHeaders } from "./auth-headers.js";
import { awsKeys } from "./aws.js";
import { connectionStrings } from "./connection-strings.js";
import { jsonWebTokens } from "./jwt.js";
import { privateKeys } from "./private-keys.js";
import { gatedTokens, providerTokens } from "./provider-tokens.js";

/** Every detector, in no particular order: overlaps are settled by priority afterwards. */
export const DETECTORS: readonly Detector[] = [
  providerTokens,
  gatedTokens,
  awsKeys,
  privateKeys,
  jsonWebTokens,
  connectionStrings,
  authHeaders,
  assignments,
];

export { registeredRules } from "./rule.js";
