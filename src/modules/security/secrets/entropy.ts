const ASCII_COUNTS = new Int32Array(128);

/** Shannon entropy in bits per character; 0 for an empty string. */
export function shannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  // ASCII is counted in a reused array; anything else falls back to a map.
  const counts = ASCII_COUNTS.fill(0);
  let other: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) counts[c]!++;
    else {
      other ??= new Map();
      other.set(c, (other.get(c) ?? 0) + 1);
    }
  }
  let h = 0;
  const add = (count: number): void => {
    const p = count / n;
    h -= p * Math.log2(p);
  };
  for (let c = 0; c < 128; c++) if (counts[c]! > 0) add(counts[c]!);
  if (other) for (const count of other.values()) add(count);
  return h;
}

/** The alphabet a value is drawn from; random hex carries at most 4 bits a character, base64 6. */
export type Charset = "hex" | "base64" | "mixed";

export function charsetOf(value: string): Charset {
  if (/^[0-9a-f]+$/.test(value) || /^[0-9A-F]+$/.test(value)) return "hex";
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return "base64";
  return "mixed";
}

/** Character classes present: lower, upper, digit, other. */
export function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * Whether a value is random enough to be a key, judged against what its alphabet allows: a short
 * string cannot reach log2(alphabet) bits, so the bar is the smaller of a per-charset floor and a
 * fraction of log2(length).
 */
export function isHighEntropy(value: string, strict = false): boolean {
  const core = value.replace(/=+$/, "");
  const n = core.length;
  if (n < 8) return false;
  const h = shannonEntropy(core);
  const reach = Math.log2(n);
  switch (charsetOf(core)) {
    case "hex":
      return h >= Math.min(strict ? 3.3 : 3.0, reach * 0.8);
    case "base64":
      return h >= Math.min(strict ? 4.0 : 3.5, reach * (strict ? 0.85 : 0.8));
    default:
      return h >= Math.min(strict ? 3.8 : 3.0, reach * 0.75);
  }
}
