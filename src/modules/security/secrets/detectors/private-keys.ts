import { shannonEntropy } from "../entropy.js";
import { PRIORITY, type Detector, type ScanContext } from "../types.js";
import { defineRule } from "./rule.js";

const PRIVATE_KEY = defineRule("private-key", "private-key", "Private key");
const ENCRYPTED_PRIVATE_KEY = defineRule("encrypted-private-key", "private-key", "Passphrase-protected private key", "medium");
const GCP_SERVICE_ACCOUNT_KEY = defineRule("gcp-service-account-key", "google", "Google Cloud service account key");
const PUTTY_PRIVATE_KEY = defineRule("putty-private-key", "private-key", "PuTTY private key");

/** PEM, OpenSSH and PGP private key headers; `BEGIN PUBLIC KEY` and `BEGIN CERTIFICATE` do not match. */
const HEADER = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?)-----/y;
const MAX_BODY = 16_384;
/** A real key body is long base64; fewer characters is a header in code, or a snippet in docs. */
const MIN_BODY = 64;

/**
 * The base64 of a key body, whether written as lines, as one JSON string with `\n` escapes, or
 * as concatenated string literals; undefined if the body holds anything a real key does not.
 */
function base64Core(body: string): string | undefined {
  if (/\.\.\.|…|xxxx|<[a-z ]+>|\$\{|\{\{/i.test(body)) return undefined;
  const withoutHeaders = body.replace(/^[ \t]*[A-Za-z-]+:[^\n]*$/gm, "");
  const core = withoutHeaders.replace(/\\[nr]|["'`,\s]|\\/g, "");
  if (!/^[A-Za-z0-9+/=]*$/.test(core)) return undefined;
  return core;
}

function emitPem(ctx: ScanContext, hit: number): void {
  const { text } = ctx;
  HEADER.lastIndex = hit;
  const header = HEADER.exec(text);
  if (!header) return;
  const label = header[1] ?? "";
  const bodyStart = hit + header[0].length;
  const window = text.slice(bodyStart, bodyStart + MAX_BODY);
  const endAt = window.indexOf("-----END");
  let end: number;
  let body: string;
  if (endAt >= 0) {
    body = window.slice(0, endAt);
    const close = window.indexOf("-----", endAt + 8);
    end = bodyStart + (close >= 0 && close - endAt < 80 ? close + 5 : endAt + 8);
  } else {
    // A truncated key (cut-off paste) is still a leak: take the base64-looking run after the header.
    const run = /^[A-Za-z0-9+/=\s\\"'`,]*/.exec(window)?.[0] ?? "";
    body = run;
    end = bodyStart + run.trimEnd().length;
  }
  const core = base64Core(body);
  if (!core || core.length < MIN_BODY || shannonEntropy(core) < 4.5) return;
  const encrypted = label.startsWith("ENCRYPTED") || label.startsWith("SSH2 ENCRYPTED") || /Proc-Type:\s*4,ENCRYPTED/.test(body);
  const before = text.slice(Math.max(0, hit - 3000), hit);
  const after = text.slice(end, end + 3000);
  const gcp = /"private_key"\s*:\s*"$/.test(before.slice(-40)) && /service_account/.test(before + after);
  const rule = gcp ? GCP_SERVICE_ACCOUNT_KEY : encrypted ? ENCRYPTED_PRIVATE_KEY : PRIVATE_KEY;
  ctx.emit({ rule, start: hit, end, secret: text.slice(hit, end), maskFrom: core, priority: PRIORITY.structure });
}

const PUTTY = /PuTTY-User-Key-File-[23]: [\w-]+\r?\n/y;

function emitPutty(ctx: ScanContext, hit: number): void {
  const { text } = ctx;
  PUTTY.lastIndex = hit;
  if (!PUTTY.exec(text)) return;
  const window = text.slice(hit, hit + MAX_BODY);
  const lines = /Private-Lines: (\d+)\r?\n/.exec(window);
  if (!lines) return;
  const bodyFrom = lines.index + lines[0].length;
  const bodyLines = window.slice(bodyFrom).split("\n").slice(0, Number(lines[1]));
  const core = bodyLines.join("").replace(/\s/g, "");
  if (core.length < 32 || !/^[A-Za-z0-9+/=]+$/.test(core) || shannonEntropy(core) < 4) return;
  const end = hit + bodyFrom + bodyLines.join("\n").length;
  ctx.emit({ rule: PUTTY_PRIVATE_KEY, start: hit, end, secret: text.slice(hit, end), maskFrom: core, priority: PRIORITY.structure });
}

/** Private keys: PEM (PKCS#1/#8, EC, DSA), OpenSSH, PGP private key blocks, PuTTY .ppk. */
export const privateKeys: Detector = {
  name: "private-keys",
  triggers: ["-----begin ", "putty-user-key-file-"],
  detect(ctx, hit, trigger) {
    if (trigger === "-----begin ") emitPem(ctx, hit);
    else emitPutty(ctx, hit);
  },
};
