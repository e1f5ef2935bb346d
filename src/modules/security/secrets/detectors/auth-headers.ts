import { isHighEntropy } from "../entropy.js";
import { isPlaceholder } from "../placeholders.js";
import { PRIORITY, type Detector } from "../types.js";
import { defineRule } from "./rule.js";

const BEARER = defineRule("bearer-token", "generic", "Bearer token in an Authorization header", "medium");
const BASIC = defineRule("basic-auth-header", "generic", "Basic credentials in an Authorization header", "medium");

const BEARER_VALUE = /(?<![A-Za-z0-9])[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{20,2000}=*)(?![A-Za-z0-9._~+/=-])/dy;
const BASIC_VALUE = /(?<![A-Za-z0-9])[Bb]asic[ \t]+([A-Za-z0-9+/]{8,500}={0,2})(?![A-Za-z0-9+/=])/dy;

/** `Authorization: Bearer <token>` and `Basic <base64(user:password)>` written out literally. */
export const authHeaders: Detector = {
  name: "auth-headers",
  triggers: ["bearer", "basic"],
  detect(ctx, hit, trigger) {
    if (ctx.binary) return;
    const re = trigger === "bearer" ? BEARER_VALUE : BASIC_VALUE;
    re.lastIndex = hit;
    const m = re.exec(ctx.text);
    const value = m?.[1];
    const start = m?.indices?.[1]?.[0];
    if (!m || value === undefined || start === undefined || isPlaceholder(value)) return;
    if (trigger === "bearer") {
      // A JWT is judged by the JWT detector (which knows an unsigned one grants nothing).
      if (/^eyJ[\w-]*\.[\w-]*\./.test(value)) return;
      if (!/\d/.test(value) || !isHighEntropy(value)) return;
      ctx.emit({ rule: BEARER, start, end: start + value.length, secret: value, priority: PRIORITY.generic });
      return;
    }
    const decoded = Buffer.from(value, "base64").toString("latin1");
    const colon = decoded.indexOf(":");
    if (colon <= 0 || !/^[\x20-\x7e]+$/.test(decoded)) return;
    const password = decoded.slice(colon + 1);
    if (password.length < 3 || isPlaceholder(password)) return;
    ctx.emit({ rule: BASIC, start, end: start + value.length, secret: value, priority: PRIORITY.generic });
  },
};
