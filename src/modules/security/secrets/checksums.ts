import { crc32 } from "node:zlib";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A 32-bit number in base62, left-padded with "0" to `width` characters. */
export function base62(value: number, width: number): string {
  let n = value >>> 0;
  let out = "";
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}

/**
 * GitHub's 2021 token format (ghp_, gho_, ghu_, ghs_, ghr_) and npm's (npm_) end with a
 * 6-character base62 CRC32 of the 30 random characters before it. A token that fails it was
 * typed by hand or made up for a test, so checking it removes most look-alikes.
 */
export function hasBase62Crc32Checksum(token: string, prefixLength: number): boolean {
  const body = token.slice(prefixLength, -6);
  const check = token.slice(-6);
  if (body.length !== 30) return false;
  return base62(crc32(body), 6) === check;
}
