import { createHash } from "node:crypto";

/*
 * The allowlist (FAULTS 22): values that have a secret's shape but are stand-ins — documentation
 * examples, template references, masks, runs of one character. It judges the value alone; which
 * names and files a value may appear under is the detectors' business.
 */

/** Words that mark a stand-in. Checked with separators removed, so "your-api-key" is "yourapikey". */
const STAND_IN_WORDS =
  /example|sample|dummy|placeholder|changeme|redacted|notreal|notasecret|fake|lorem|ipsum|foobar|xxxxx|your(?:api|secret|token|key|password|pass|access|app|client|own|real|private|auth)|insert(?:your|key|token|secret|here)|replace(?:me|with|this)|(?:key|token|secret|password)(?:goes)?here|enter(?:your|the)/i;

/**
 * A stand-in word written as a word — lower, UPPER or Capitalized — so "your_api_key" and
 * "EXAMPLE" count but random letters that happen to spell "FAKe" inside a token do not.
 */
const STAND_IN_SEARCH = new RegExp(STAND_IN_WORDS.source, "gi");

function hasStandInWord(squashed: string): boolean {
  if (!STAND_IN_WORDS.test(squashed)) return false;
  const words = STAND_IN_SEARCH;
  words.lastIndex = 0;
  for (let m = words.exec(squashed); m; m = words.exec(squashed)) {
    const w = m[0];
    if (w === w.toLowerCase() || w === w.toUpperCase() || w === w[0]?.toUpperCase() + w.slice(1).toLowerCase()) return true;
    words.lastIndex = m.index + 1;
  }
  return false;
}

/** Whole values that are defaults or words, not credentials (compared lower-case, separators removed). */
const STAND_IN_VALUES = new Set([
  "password", "passw0rd", "p@ssw0rd", "p@ssword", "pass", "passwd", "secret", "secrets", "s3cr3t", "mysecret",
  "supersecret", "topsecret", "secretkey", "secretpassword", "mypassword", "changeit", "admin", "administrator",
  "root", "toor", "test", "testing", "tester", "default", "none", "null", "nil", "undefined", "empty", "true",
  "false", "required", "optional", "string", "value", "token", "apikey", "accesstoken", "authtoken", "guest",
  "user", "username", "postgres", "mysql", "redis", "rabbitmq", "mongo", "letmein", "qwerty", "hunter2",
  "welcome", "abc123", "iloveyou", "todo", "tbd", "fixme", "unknown", "unset", "notset", "disabled",
]);

/**
 * Public documentation examples that have a valid shape (the test keys in Stripe's docs, the bot
 * token in Telegram's), kept as sha256 so this file carries no live-looking key.
 */
const DOCUMENTED_EXAMPLES = new Set([
  "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
  "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",
  // The bot token in Telegram's Bot API documentation.
  "731fa294d036e54f19df879bfcd4fe72d967dc6327800c5f74a48414a3f258c9",
]);

/** `${VAR}`, `{{ var }}`, `%(var)s`, `$VAR`, `<token>`, `#{x}`, `<%= x %>`, `%VAR%`, `@VAR@`. */
export function isTemplateReference(value: string): boolean {
  if (/\$\{|\{\{|\}\}|\$\(|%\(|#\{|<%|%>|\[\[|\]\]|\{%/.test(value)) return true;
  if (/^\$[A-Za-z_{(]/.test(value)) return true;
  if (/^%[A-Za-z_][\w.]*%$/.test(value) || /^@[A-Za-z_][\w.]*@$/.test(value)) return true;
  if (/^<[^<>]*>$/.test(value) || /^\{[^{}]*\}$/.test(value) || /^\[[^[\]]*\]$/.test(value)) return true;
  if (/<[A-Za-z_ -]+>/.test(value)) return true;
  return false;
}

function distinctAtMost(value: string, limit: number): boolean {
  const seen: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!seen.includes(c)) {
      seen.push(c);
      if (seen.length > limit) return false;
    }
  }
  return true;
}

/** Runs of one character (xxxxx, 000000) and short cycles (abcabcabc). */
function isRepetitive(value: string): boolean {
  if (/(.)\1{5,}/.test(value) || /[xX*]{5,}/.test(value)) return true;
  if (value.length >= 16 && distinctAtMost(value, 5)) return true;
  return false;
}

/** Eight or more consecutive code points in a row, up or down: abcdefgh, 12345678, 98765432. */
function hasSequentialRun(value: string): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    // Eight, not six: a random 13-digit id contains "456789" often enough to matter.
    if (up >= 8 || down >= 8) return true;
  }
  return false;
}

/**
 * Whether a secret-shaped value is a placeholder or documentation example rather than a credential.
 * Safe on any string; never throws.
 */
export function isPlaceholder(value: string): boolean {
  if (value.length === 0) return true;
  if (/\*{3,}|•{2,}|…|\.{3,}/.test(value)) return true;
  if (isTemplateReference(value)) return true;
  const squashed = value.replace(/[-_. ]/g, "");
  if (hasStandInWord(squashed)) return true;
  if (STAND_IN_VALUES.has(squashed.toLowerCase())) return true;
  if (isRepetitive(value) || hasSequentialRun(value)) return true;
  if ((value.startsWith("sk_test_") || value.startsWith("123456:")) && DOCUMENTED_EXAMPLES.has(createHash("sha256").update(value).digest("hex"))) {
    return true;
  }
  return false;
}
