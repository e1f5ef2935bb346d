// Seeded PRNG (sfc32) and the alphabets real credentials are drawn from. Everything in the corpus
// comes from here, so one seed gives one corpus, byte for byte.
import { crc32 } from "node:zlib";

export const ALPHA = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  hex: "0123456789abcdef",
  base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  base62: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  password: "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%^*-_+=?",
};

export function createRng(seed) {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    chars: (n, alphabet) => { let s = ""; for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)]; return s; },
    hex: (n) => r.chars(n, ALPHA.hex),
    b62: (n) => r.chars(n, ALPHA.base62),
    b64: (n) => r.chars(n, ALPHA.base64),
    b64url: (n) => r.chars(n, ALPHA.base64url),
    digits: (n) => r.chars(1, "123456789") + r.chars(n - 1, ALPHA.digits),
    uuid: () => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(["8", "9", "a", "b"])}${r.hex(3)}-${r.hex(12)}`,
    shuffle: (list) => { const out = [...list]; for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; } return out; },
  };
  return r;
}

/** GitHub / npm checksum: CRC32 of the 30 random characters, base62, left-padded to 6. */
export function base62Checksum(body) {
  let n = crc32(body) >>> 0;
  let out = "";
  while (n > 0) { out = ALPHA.base62[n % 62] + out; n = Math.floor(n / 62); }
  return out.padStart(6, "0");
}
