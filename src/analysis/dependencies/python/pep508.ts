/** PEP 508 requirement strings (`requests[socks] (>=2.8.1, ==2.8.*) ; python_version < "2.7"`). */
import { normalizePypiName } from "../names.js";

export type Requirement =
  | { kind: "registry"; name: string; specifier: string; version: string | null }
  /** `name @ https://…` or `name @ file:///…`: not from the index. */
  | { kind: "url"; name: string; url: string }
  | { kind: "invalid" };

const HEAD = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s;

/** Parses one PEP 508 requirement; names come back PEP 503-normalised. */
export function parseRequirement(text: string): Requirement {
  const head = HEAD.exec(text);
  if (!head) return { kind: "invalid" };
  const name = normalizePypiName(head[1]!);
  let rest = head[2]!.trim();
  if (rest.startsWith("@")) {
    const url = rest.slice(1).split(/\s+;|;/, 1)[0]!.trim();
    return url ? { kind: "url", name, url } : { kind: "invalid" };
  }
  const semi = rest.indexOf(";");
  if (semi !== -1) rest = rest.slice(0, semi).trim();
  if (rest.startsWith("(") && rest.endsWith(")")) rest = rest.slice(1, -1);
  const specifier = rest.replace(/\s+/g, "");
  if (specifier !== "" && !/^(?:(?:===|==|!=|~=|<=|>=|<|>)[^,<>=!~]+)(?:,(?:===|==|!=|~=|<=|>=|<|>)[^,<>=!~]+)*$/.test(specifier)) {
    return { kind: "invalid" };
  }
  return { kind: "registry", name, specifier, version: exactPin(specifier) };
}

/** `==1.2.3` or `===1.2.3` alone is an exact pin; `==1.2.*` or any second clause is not. */
export function exactPin(specifier: string): string | null {
  const m = /^===?([^,*]+)$/.exec(specifier);
  return m ? m[1]! : null;
}
