import { characterClasses, charsetOf, isHighEntropy, shannonEntropy } from "../entropy.js";
import { isPlaceholder } from "../placeholders.js";
import type { SecretNameKind } from "./secret-names.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A file path or URL path: slash-separated segments that read as names, not one random string
 * that happens to contain "/" (base64 does).
 */
function isPathLike(value: string): boolean {
  if (!value.includes("/") && !/^[A-Za-z]:\\/.test(value)) return false;
  if (!/^[\w.@~:\\/+-]+$/.test(value)) return false;
  if (!/[A-Z]/.test(value) && /[a-z]{3,}/.test(value)) return true;
  const segments = value.split(/[\\/]/).filter(Boolean);
  return (
    segments.length >= 2 &&
    segments.every((seg) => seg.length <= 3 || isWordLike(seg) || isWordish(seg) || /^[\w-]+\.[A-Za-z0-9]{1,5}$/.test(seg))
  );
}

/**
 * Values that have a secret's length and randomness but are something else: URLs, paths, UUIDs,
 * data URIs and base64 images, hash digests with their algorithm prefix, e-mail addresses,
 * numbers and versions, references to other variables, plain words and identifiers.
 */
export function looksLikeNonSecret(value: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return true;
  if (isPathLike(value)) return true;
  if (/\.[a-z]{2,4}$/.test(value) && /^[\w./-]+$/.test(value) && !/[A-Z].*\d|\d.*[A-Z]/.test(value)) return true;
  if (UUID.test(value)) return true;
  if (/^data:/i.test(value) || /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|PHN2Zy|Qk0)/.test(value)) return true;
  if (/^(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b?|sha3-\d+)[-:]/i.test(value)) return true;
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) return true;
  if (/^[\d.,:_+\-/ ]+$/.test(value)) return true;
  if (/^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/.test(value)) return true;
  if (/^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+(?:\(\))?$/.test(value)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true;
  if (/^(?:ENC\[|vault:|secret:|ref\+|arn:|projects\/|sm:\/\/|op:\/\/)/.test(value)) return true;
  // A bare YAML / CloudFormation tag (`!Ref`, `!vault`), not a password that starts with "!".
  if (/^![A-Za-z]+$/.test(value)) return true;
  // Public halves that look random: publishable API keys, age recipients.
  if (/^(?:pk\.eyJ|pk_(?:live|test)_|age1[02-9ac-hj-np-z]{58}$)/.test(value)) return true;
  return isWordLike(value);
}

/**
 * Letters and separators in word-shaped runs (camelCase, snake_case, kebab-case, Title Case): an
 * identifier or a phrase, not a random string. Random letters switch case about every other
 * character; words do not.
 */
export function isWordLike(value: string): boolean {
  if (!/^[A-Za-z_.-]+$/.test(value)) return false;
  const letters = value.replace(/[_.-]/g, "");
  let upper = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
  }
  const ratio = upper / Math.max(1, letters.length);
  return ratio < 0.25 || ratio > 0.9;
}

/** 0 lower, 1 upper, 2 digit, 3 anything else. */
function classOf(c: number): number {
  if (c >= 97 && c <= 122) return 0;
  if (c >= 65 && c <= 90) return 1;
  if (c >= 48 && c <= 57) return 2;
  return 3;
}

/**
 * Made of words and numbers ("secret123", "token-counting-2024-11-01", "personal-access-token"):
 * few long runs of one character class, at least one a lower-case word. Random strings change
 * class at about two characters in three, so they have many short runs.
 */
export function isWordish(value: string): boolean {
  // Random hex is mostly digits and so has long runs, but it is never a word.
  if (/^[0-9a-f]{16,}$/i.test(value)) return false;
  // Separators split words but are not a run of their own: "secret-2-levels" is three runs.
  const core = value.replace(/[-_. ]+/g, (_sep, at: number) => (at === 0 ? "" : "\u0000"));
  let chars = 0;
  let runs = 0;
  let run = 0;
  let longestLower = 0;
  let prev = -1;
  for (let i = 0; i <= core.length; i++) {
    const c = i < core.length ? core.charCodeAt(i) : 0;
    const cls = c === 0 ? -1 : classOf(c);
    if (cls !== -1) chars++;
    if (cls === prev && cls !== -1) {
      run++;
      continue;
    }
    if (prev === 0) longestLower = Math.max(longestLower, run);
    if (cls !== -1) runs++;
    run = 1;
    prev = cls;
  }
  return chars > 0 && runs / chars < 0.3 && longestLower >= 4;
}

/**
 * Whether the value assigned to a secret-sounding name is itself a credential. Passwords may be
 * short and human-made; tokens and keys must be long and random for their alphabet.
 */
export function isCredentialValue(value: string, kind: SecretNameKind): boolean {
  const n = value.length;
  // Cheap structural checks first: most values under secret-sounding names fail one of these.
  if (n < 8 || n > 500 || /\s/.test(value)) return false;
  if (kind !== "password" && n < 16) return false;
  if (kind === "key" && !/\d/.test(value)) return false;
  // Credentials are ASCII; translated UI text and prose are not.
  if (/[^\x21-\x7e]/.test(value)) return false;
  // A call or code fragment (`createAuth({`, `this.tokenMap.find(node`), not a literal.
  if (/^[A-Za-z_$][\w$.]*\(/.test(value)) return false;
  // Tokens and keys are drawn from URL-safe, base64 and hex alphabets plus the punctuation
  // generators use; quotes, braces, brackets and separators mean text or JSON, not a key.
  if (kind !== "password" && /["'`{}[\]<>\\,;|]/.test(value)) return false;
  if (kind === "password") {
    if (n > 128 || characterClasses(value) < 2) return false;
  } else if (charsetOf(value.replace(/=+$/, "")) !== "hex" && characterClasses(value) < 2) {
    return false;
  }
  if (isWordish(value) || isPlaceholder(value) || looksLikeNonSecret(value)) return false;
  if (kind === "password") return shannonEntropy(value) >= 2.5;
  return isHighEntropy(value, kind === "key");
}
