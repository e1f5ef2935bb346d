import { isPlaceholder } from "../placeholders.js";
import { PRIORITY, type Detector } from "../types.js";
import { defineRule } from "./rule.js";

const JWT = defineRule("jwt", "jwt", "JSON Web Token", "medium");

/** header.payload.signature, each base64url; the payload of a JWT is a JSON object ("ey" / "ew"). */
const SHAPE = /(?<![\w./+-])eyJ[A-Za-z0-9_-]{6,2000}={0,2}\.e[wy][A-Za-z0-9_-]{2,20000}={0,2}\.([A-Za-z0-9_-]{0,2000}={0,2})(?![\w/+=-])/y;

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment.replace(/=+$/, ""), "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token every JWT tutorial uses (jwt.io's "John Doe"), recognised by its claims. */
function isTutorialToken(payload: Record<string, unknown>): boolean {
  return payload.sub === "1234567890" && payload.name === "John Doe";
}

/**
 * Signed JWTs: three base64url segments whose header decodes to JSON with an "alg". Unsigned
 * tokens (`alg: none`, empty signature) grant nothing, so they are not reported.
 */
export const jsonWebTokens: Detector = {
  name: "jwt",
  triggers: ["eyj"],
  detect(ctx, hit) {
    if (ctx.binary || ctx.kind === "lockfile" || !ctx.text.startsWith("eyJ", hit)) return;
    SHAPE.lastIndex = hit;
    const m = SHAPE.exec(ctx.text);
    if (!m) return;
    const [headerPart, payloadPart] = m[0].split(".");
    const signature = m[1] ?? "";
    const header = decodeJson(headerPart ?? "");
    const payload = decodeJson(payloadPart ?? "");
    if (!header || !payload || typeof header.alg !== "string") return;
    if (header.alg.toLowerCase() === "none" || signature.length < 16 || isPlaceholder(signature)) return;
    if (isTutorialToken(payload)) return;
    ctx.emit({ rule: JWT, start: hit, end: hit + m[0].length, secret: m[0], maskFrom: signature, priority: PRIORITY.structure });
  },
};
