/**
 * Real-format credentials built at run time from a seeded generator, so the repository holds no
 * live-looking secret (GitHub push protection would rightly block one) and every run is the same.
 * Formats follow each provider's published token format.
 */
import { generateKeyPairSync } from "node:crypto";
import { crc32 } from "node:zlib";

export const ALPHABET = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  hex: "0123456789abcdef",
  base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  base62: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
};

/** mulberry32: small, seeded, good enough for test data. */
export function seeded(seed: number): (n: number, alphabet: string) => string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, alphabet) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
}

const rand = seeded(20240601);
export const hex = (n: number): string => rand(n, ALPHABET.hex);
export const b62 = (n: number): string => rand(n, ALPHABET.base62);
export const b64 = (n: number): string => rand(n, ALPHABET.base64);
export const b64url = (n: number): string => rand(n, ALPHABET.base64url);
export const digits = (n: number): string => rand(1, "123456789") + rand(n - 1, ALPHABET.digits);
export const letters = (n: number): string => rand(n, ALPHABET.letters);
export const upperDigits = (n: number): string => rand(n, ALPHABET.upper + ALPHABET.digits);

/** base62 of a CRC32, left-padded to six characters (GitHub's and npm's token checksum). */
export function crcSuffix(body: string): string {
  let n = crc32(body) >>> 0;
  let out = "";
  while (n > 0) {
    out = ALPHABET.base62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, "0");
}

/** A 2021-format GitHub token (ghp_/gho_/ghu_/ghs_/ghr_) with a valid checksum. */
export function githubToken(kind: "p" | "o" | "u" | "s" | "r" = "p"): string {
  const body = b62(30);
  return `gh${kind}_${body}${crcSuffix(body)}`;
}

export function npmToken(): string {
  const body = b62(30);
  return `np${"m"}_${body}${crcSuffix(body)}`;
}

export function awsKeyId(): string {
  return `AK${"IA"}${rand(16, ALPHABET.base32)}`;
}

export function awsSecretKey(): string {
  // Real secret keys mix all classes; make sure this one does.
  return `${b64(37)}a1Z`;
}

export function jwt(header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }, payload: Record<string, unknown> = { sub: "user-4821", iat: 1700000000, exp: 1900000000 }, signature = b64url(43)): string {
  const part = (o: Record<string, unknown>): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part(header)}.${part(payload)}.${signature}`;
}

/** A real private key in PEM, generated now. */
export function pemPrivateKey(type: "ec" | "ed25519" | "rsa-pkcs1" = "ec"): string {
  if (type === "rsa-pkcs1") {
    return generateKeyPairSync("rsa", { modulusLength: 1024, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  }
  if (type === "ed25519") {
    return generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  }
  return generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "sec1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
}

export function pemPublicKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "sec1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).publicKey;
}

/** An OpenSSH private key block: the "openssh-key-v1" magic followed by key material. */
export function opensshPrivateKey(): string {
  const body = `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW${b64(330)}`;
  return `-----BEGIN OPENSSH ${"PRIVATE"} KEY-----\n${body.match(/.{1,70}/g)!.join("\n")}\n-----END OPENSSH ${"PRIVATE"} KEY-----\n`;
}
