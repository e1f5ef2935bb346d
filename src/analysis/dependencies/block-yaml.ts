/**
 * A fast reader for the YAML that pnpm and Yarn 2+ write: block mappings and sequences
 * indented with spaces, plain or quoted scalars, and one-line flat flow collections such as
 * `{integrity: sha512-…}`. It gives what the `yaml` package gives with the failsafe schema
 * (every scalar a string), about forty times faster, which matters for lockfiles of many
 * megabytes. Anything else (anchors, tags, block or multi-line scalars, nested flow,
 * complex keys) makes it give up with `undefined`, and the caller uses the `yaml` package.
 */

type Node = Record<string, unknown> | unknown[];

interface Frame {
  indent: number;
  node: Node;
  /** A sequence written at its key's own indentation (`key:` then `- a`), closed by the next key. */
  atKeyIndent?: boolean;
}

interface Pending {
  indent: number;
  parent: Record<string, unknown>;
  key: string;
}

/** Parses a block-style YAML document, or undefined when it uses more than this reader knows. */
export function readBlockYaml(text: string): Record<string, unknown> | undefined {
  const root: Record<string, unknown> = {};
  const stack: Frame[] = [{ indent: -1, node: root }];
  let pending: Pending | null = null;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length || line[indent] === "#") continue;
    if (line[indent] === "\t") return undefined;
    if (indent === 0 && (line.startsWith("---") || line.startsWith("...") || line.startsWith("%"))) return undefined;
    const content = line.slice(indent);
    const isItem = content === "-" || content.startsWith("- ");

    if (pending) {
      // A key with nothing after the colon: its value is the block that follows, if any.
      const opensBlock = indent > pending.indent || (isItem && indent === pending.indent);
      if (opensBlock) {
        const node: Node = isItem ? [] : {};
        pending.parent[pending.key] = node;
        stack.push({ indent, node, ...(indent === pending.indent ? { atKeyIndent: true } : {}) });
      } else pending.parent[pending.key] = "";
      pending = null;
    }
    for (;;) {
      const top = stack[stack.length - 1]!;
      if (stack.length > 1 && (indent < top.indent || (indent === top.indent && top.atKeyIndent && !isItem))) stack.pop();
      else break;
    }
    const frame = stack[stack.length - 1]!;
    if (indent !== frame.indent && frame.node !== root) return undefined; // a continuation line
    if (frame.node === root && indent !== 0) return undefined;

    if (isItem) {
      if (!Array.isArray(frame.node)) return undefined;
      const value = scalarOrFlow(content.slice(1).trim());
      if (value === undefined) return undefined;
      frame.node.push(value);
      continue;
    }
    if (Array.isArray(frame.node)) return undefined;
    const entry = keyAndRest(content);
    if (!entry) return undefined;
    if (entry.rest === "") {
      pending = { indent, parent: frame.node, key: entry.key };
      continue;
    }
    const value = scalarOrFlow(entry.rest);
    if (value === undefined) return undefined;
    frame.node[entry.key] = value;
  }
  if (pending) pending.parent[pending.key] = "";
  return root;
}

/** `key: rest` with a plain, single- or double-quoted key. */
function keyAndRest(content: string): { key: string; rest: string } | null {
  let key: string;
  let after: number;
  if (content[0] === '"' || content[0] === "'") {
    const quoted = quotedScalar(content, 0);
    if (!quoted) return null;
    key = quoted.value;
    after = quoted.end;
  } else {
    if (/^[-?:,[\]{}#&*!|>%@`]/.test(content)) return null;
    const colon = content.search(/:( |$)/);
    if (colon <= 0) return null;
    key = content.slice(0, colon).trimEnd();
    after = colon;
    if (key === "<<") return null;
  }
  if (content[after] !== ":" || (after + 1 < content.length && content[after + 1] !== " ")) return null;
  return { key, rest: stripComment(content.slice(after + 1).trim()) };
}

function stripComment(rest: string): string {
  if (rest[0] === '"' || rest[0] === "'") return rest;
  const hash = rest.search(/\s#/);
  return hash === -1 ? rest : rest.slice(0, hash).trimEnd();
}

/** A value: plain or quoted scalar, or a flat flow map or sequence; undefined when outside the subset. */
function scalarOrFlow(raw: string): unknown {
  const text = stripComment(raw);
  if (text === "") return "";
  const c = text[0]!;
  if (c === '"' || c === "'") {
    const quoted = quotedScalar(text, 0);
    return quoted && stripComment(text.slice(quoted.end).trim()) === "" ? quoted.value : undefined;
  }
  if (c === "{" || c === "[") return flow(text);
  if (/^[&*!|>%@`]/.test(text) || (c === "-" && text[1] === " ") || (c === "?" && text[1] === " ")) return undefined;
  if (/: |\t/.test(text)) return undefined;
  return text;
}

/** `{a: b, c: 'd'}` or `[x, y]` with scalar members only. */
function flow(text: string): unknown {
  const open = text[0]!;
  const close = open === "{" ? "}" : "]";
  if (text[text.length - 1] !== close) return undefined;
  const body = text.slice(1, -1).trim();
  const out: Record<string, unknown> | unknown[] = open === "{" ? {} : [];
  if (body === "") return out;
  // Nested collections and double-quoted members go to the yaml package.
  if (/[[\]{}"]/.test(body)) return undefined;
  for (const part of splitFlow(body)) {
    if (part === undefined) return undefined;
    if (Array.isArray(out)) {
      const v = flowScalar(part);
      if (v === undefined) return undefined;
      out.push(v);
      continue;
    }
    const colon = part.search(/:( |$)/);
    if (colon <= 0) return undefined;
    const key = flowScalar(part.slice(0, colon).trim());
    const value = flowScalar(part.slice(colon + 1).trim());
    if (key === undefined || value === undefined) return undefined;
    out[key] = value;
  }
  return out;
}

/** Splits on commas outside single quotes. */
function splitFlow(body: string): (string | undefined)[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of body) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (quoted) return [undefined];
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

function flowScalar(text: string): string | undefined {
  if (text === "") return "";
  if (text[0] === "'") {
    const q = quotedScalar(text, 0);
    return q && q.end === text.length ? q.value : undefined;
  }
  return /^[&*!|>%@`?-]\s|^[&*!|>%@`]/.test(text) ? undefined : text;
}

/** A quoted scalar starting at `at`: its value and the index after the closing quote. */
function quotedScalar(text: string, at: number): { value: string; end: number } | null {
  const quote = text[at]!;
  if (quote === "'") {
    let value = "";
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
        } else return { value, end: i + 1 };
      } else value += text[i];
    }
    return null;
  }
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') {
      const raw = text.slice(at, i + 1);
      if (!raw.includes("\\")) return { value: raw.slice(1, -1), end: i + 1 };
      try {
        // YAML double-quoted escapes are a superset of JSON's; the rest go to the yaml package.
        return { value: JSON.parse(raw) as string, end: i + 1 };
      } catch {
        return null;
      }
    }
  }
  return null;
}
