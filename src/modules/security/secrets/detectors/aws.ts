import { characterClasses, shannonEntropy } from "../entropy.js";
import { isPlaceholder } from "../placeholders.js";
import { PRIORITY, type Detector, type ScanContext } from "../types.js";
import { defineRule } from "./rule.js";

export const AWS_ACCESS_KEY_ID = defineRule("aws-access-key-id", "aws", "AWS access key ID");
export const AWS_SECRET_ACCESS_KEY = defineRule("aws-secret-access-key", "aws", "AWS secret access key");
export const AWS_SESSION_TOKEN = defineRule("aws-session-token", "aws", "AWS session token", "medium");

/** Long-term (AKIA), temporary (ASIA) and older (ABIA, ACCA, A3T…) access key IDs. */
const KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/y;
/** A secret access key: 40 characters of base64 with no padding, standing alone. */
const SECRET_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** How far around a key ID its secret is looked for (a credentials CSV row, the next line of a config). */
const PAIR_WINDOW = 400;

/** Whether a 40-character value looks like the random half of an AWS key pair. */
export function looksLikeAwsSecret(value: string): boolean {
  return characterClasses(value) >= 3 && shannonEntropy(value) >= 4.2 && !isPlaceholder(value);
}

function emitPairedSecret(ctx: ScanContext, idStart: number, idEnd: number): void {
  const { text } = ctx;
  const from = Math.max(0, idStart - PAIR_WINDOW);
  const window = text.slice(from, Math.min(text.length, idEnd + PAIR_WINDOW));
  SECRET_SHAPE.lastIndex = 0;
  for (let m = SECRET_SHAPE.exec(window); m; m = SECRET_SHAPE.exec(window)) {
    if (!looksLikeAwsSecret(m[0])) continue;
    const start = from + m.index;
    ctx.emit({ rule: AWS_SECRET_ACCESS_KEY, start, end: start + 40, secret: m[0], priority: PRIORITY.provider });
  }
}

/**
 * AWS access key IDs, and — paired by proximity — the secret access key written next to one,
 * whatever it is called (a CSV export has no names at all). Named secrets are found by the
 * assignment detector.
 */
export const awsKeys: Detector = {
  name: "aws",
  triggers: ["akia", "asia", "abia", "acca", "a3t"],
  detect(ctx, hit) {
    KEY_ID.lastIndex = hit;
    const m = KEY_ID.exec(ctx.text);
    if (!m || isPlaceholder(m[0])) return;
    ctx.emit({ rule: AWS_ACCESS_KEY_ID, start: hit, end: hit + m[0].length, secret: m[0], priority: PRIORITY.provider });
    emitPairedSecret(ctx, hit, hit + m[0].length);
  },
};
