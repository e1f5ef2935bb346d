import { isPlaceholder } from "../placeholders.js";
import { PRIORITY, type Detector, type ScanContext, type SecretRule } from "../types.js";

/**
 * A provider format with a distinctive literal in it (usually its prefix). The prefilter finds
 * the literal; the sticky `pattern` is then tried only there, so a format costs nothing in files
 * that do not contain its literal.
 */
export interface TokenSpec {
  rule: SecretRule;
  /** Case-sensitive literals (unless `anyCase`); the token starts at the literal unless `back` is set. */
  triggers: readonly string[];
  /** Sticky (`y`) expression matched where the token starts; lookbehinds give the left boundary. */
  pattern: RegExp;
  /** The literal sits inside the token: up to `max` characters of `chars` may precede it. */
  back?: { chars: RegExp; max: number };
  /** Capture group that holds the secret (the pattern then needs the `d` flag); default the whole match. */
  group?: number;
  anyCase?: boolean;
  /** Structural check beyond the pattern (checksum, decodable payload). */
  validate?: (secret: string) => boolean;
  /** Skip the placeholder allowlist (formats whose bodies legitimately contain runs). */
  noPlaceholderCheck?: boolean;
}

/**
 * A provider format without a distinctive literal (Discord bot tokens, Twilio key SIDs): it is
 * searched for in the whole file, once, only when the file names the provider.
 */
export interface GatedSpec {
  rule: SecretRule;
  /** Lower-case keywords that must appear somewhere in the file. */
  gates: readonly string[];
  /** Global (`g`) expression. */
  pattern: RegExp;
  validate?: (secret: string) => boolean;
}

function emitMatch(ctx: ScanContext, rule: SecretRule, m: RegExpExecArray, group: number | undefined, validate?: (s: string) => boolean, skipPlaceholder = false): boolean {
  let start = m.index;
  let secret = m[0];
  if (group !== undefined) {
    const span = m.indices?.[group];
    const value = m[group];
    if (!span || value === undefined) return false;
    start = span[0];
    secret = value;
  }
  if (!skipPlaceholder && isPlaceholder(secret)) return false;
  if (validate && !validate(secret)) return false;
  ctx.emit({ rule, start, end: start + secret.length, secret, priority: PRIORITY.provider });
  return true;
}

/** Builds the detector for a table of literal-anchored formats. */
export function tokenDetector(name: string, specs: readonly TokenSpec[]): Detector {
  const byTrigger = new Map<string, Array<{ spec: TokenSpec; literal: string }>>();
  for (const spec of specs) {
    for (const literal of spec.triggers) {
      const key = literal.toLowerCase();
      const list = byTrigger.get(key) ?? [];
      list.push({ spec, literal });
      byTrigger.set(key, list);
    }
  }
  return {
    name,
    triggers: [...byTrigger.keys()],
    detect(ctx, hit, trigger) {
      const { text } = ctx;
      for (const { spec, literal } of byTrigger.get(trigger) ?? []) {
        if (!spec.anyCase && !text.startsWith(literal, hit)) continue;
        const re = spec.pattern;
        let earliest = hit;
        if (spec.back) {
          const limit = Math.max(0, hit - spec.back.max);
          while (earliest > limit && spec.back.chars.test(text[earliest - 1] ?? "")) earliest--;
        }
        // With a back window the token may start anywhere in it; the first start that matches is
        // the longest token, which is the one a reader would point at.
        for (let start = earliest; start <= hit; start++) {
          re.lastIndex = start;
          const m = re.exec(text);
          if (m) {
            emitMatch(ctx, spec.rule, m, spec.group, spec.validate, spec.noPlaceholderCheck);
            break;
          }
        }
      }
    },
  };
}

/** Builds the detector for keyword-gated formats: one whole-file search per format, per scan. */
export function gatedDetector(name: string, specs: readonly GatedSpec[]): Detector {
  const byGate = new Map<string, GatedSpec[]>();
  for (const spec of specs) {
    for (const gate of spec.gates) byGate.set(gate, [...(byGate.get(gate) ?? []), spec]);
  }
  return {
    name,
    triggers: [...byGate.keys()],
    detect(ctx, _hit, trigger) {
      for (const spec of byGate.get(trigger) ?? []) {
        if (ctx.done.has(spec.rule.id)) continue;
        ctx.done.add(spec.rule.id);
        const re = spec.pattern;
        re.lastIndex = 0;
        for (let m = re.exec(ctx.text); m; m = re.exec(ctx.text)) emitMatch(ctx, spec.rule, m, undefined, spec.validate);
      }
    },
  };
}
