import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: TypeScript", () => {
  it("measures every function of a realistic module", async () => {
    const text = fixture("user-store.ts");
    expect(await functionMetrics("TypeScript", text)).toEqual([
      fn(text, "log", "function", 1, "function log("),
      // if
      fn(text, "UserStore.onChange", "arrow", 2, "private onChange", 3),
      // for-of; the default parameter value is not a decision
      fn(text, "UserStore.constructor", "constructor", 2, "constructor(initial", 4),
      fn(text, "UserStore.size.get", "accessor", 1, "get size()", 3),
      // ??; the function starts after its decorator
      fn(text, "UserStore.find", "method", 2, "find(id: string)", 3),
      // if, &&, else if
      fn(text, "UserStore.upsert", "method", 4, "upsert(user: User)", 11),
      // two case labels; default adds nothing
      fn(text, "UserStore.role", "method", 3, "role(user: User)", 10),
      // catch, ?: — the arrow inside is its own function and adds nothing here
      fn(text, "parseUsers", "function", 3, "export function parseUsers", 8),
      // || ; optional chaining (?.) is not counted
      fn(text, "parseUsers.<anonymous>", "arrow", 2, "data.filter((u)"),
      // ||=
      fn(text, "emailDomain", "arrow", 2, "export const emailDomain", 5),
      // overload signatures and `declare function` have no body: only the implementation counts
      fn(text, "overloaded", "function", 2, "export function overloaded(value: string | number)", 3),
    ]);
  });

  it("counts each decision construct once and nothing for else, default, finally or ?.", async () => {
    const text = [
      "function all(a, b, list) {",
      "  if (a) {} else if (b) {} else {}", // 2
      "  for (let i = 0; i < 1; i++) {}", // 1
      "  for (const k in a) {}", // 1
      "  for (const v of list) {}", // 1
      "  while (a) {}", // 1
      "  do {} while (b);", // 1
      "  switch (a) { case 1: case 2: break; default: break; }", // 2
      "  try {} catch (e) {} finally {}", // 1
      "  const c = a ? 1 : 2;", // 1
      "  const d = (a && b) || c;", // 2
      "  const e = a ?? b;", // 1
      "  a &&= b; a ||= b; a ??= b;", // 3
      "  return a?.b?.c;", // 0
      "}",
      "function none() { return 1; }",
    ].join("\n");
    expect(complexities(await functionMetrics("JavaScript", text))).toEqual({ all: 1 + 2 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 2 + 1 + 3, none: 1 });
  });

  it("names functions after where they are assigned, and nested ones after their parents", async () => {
    const text = fixture("queue.js");
    expect(await functionMetrics("JavaScript", text)).toEqual([
      fn(text, "Queue", "function", 2, "function Queue(limit)", 4), // ||
      fn(text, "Queue.prototype.push", "function", 2, "Queue.prototype.push = ", 7), // if
      fn(text, "handlers.retry", "method", 2, "retry(err, attempt)", 3), // &&
      fn(text, "handlers.ignore", "function", 1, "ignore: function"),
      fn(text, "handlers.report", "arrow", 2, "report: (err)"), // ?:
      // while, do-while, &&. A function expression's own name wins over the property it is stored in.
      fn(text, "module.exports.drainQueue", "function", 4, "drain: function drainQueue", 10),
    ]);
  });

  it("parses .jsx content as JavaScript (Linguist files .jsx under JavaScript) and names JSX handlers", async () => {
    const text = fixture("Picker.jsx");
    const metrics = await functionMetrics("JavaScript", text);
    expect(metrics).toEqual([
      fn(text, "Picker", "function", 2, "export default function Picker", 16), // ?:
      fn(text, "Picker.handleClick", "arrow", 2, "const handleClick", 4), // &&
      fn(text, "Picker.<anonymous>", "arrow", 2, "items.map((item)", 5), // ?: in className
      fn(text, "Picker.<anonymous>.onClick", "arrow", 1, "onClick={"),
    ]);
    expect(await functionMetrics("JSX", text)).toEqual(metrics);
  });

  it("parses TSX, where generic arrows and type assertions differ from .ts", async () => {
    const tsx = "export const identity = <T,>(value: T) => (value ? value : value);\nconst View = () => <div>{ok && <b />}</div>;\n";
    expect(complexities(await functionMetrics("TSX", tsx))).toEqual({ identity: 2, View: 2 });
    const ts = "const n = <number>input;\nconst twice = (x: number) => (x > 0 ? x * 2 : 0);\n";
    expect(complexities(await functionMetrics("TypeScript", ts))).toEqual({ twice: 2 });
  });

  it("qualifies through classes, namespaces, object literals and default exports", async () => {
    const text = [
      "export default class {",
      "  static #secret() { return 1; }",
      "  [Symbol.iterator]() { return null; }",
      "  set value(v) { this.v = v || 0; }",
      "}",
      "namespace Outer.Inner { export function helper() { return 1; } }",
      "const config = { nested: { deep: () => 1 } };",
      "run(function () { return 1; }, { onDone() { return 2; } });",
      "const wrapped = ((x: number) => x) as unknown as Fn;",
      "abstract class Base { abstract run(): void; protected constructor() {} }",
    ].join("\n");
    expect((await functionMetrics("TypeScript", text))?.map((m) => `${m.kind} ${m.name}`)).toEqual([
      "method default.#secret",
      "method default.[Symbol.iterator]",
      "accessor default.value.set",
      "function Outer.Inner.helper",
      "arrow config.nested.deep",
      "function <anonymous>",
      // an object literal that is not assigned adds nothing to names
      "method onDone",
      "arrow wrapped",
      "constructor Base.constructor",
    ]);
  });

  it("finds no functions in declarations and types only", async () => {
    const text = "export interface A { run(): void; get x(): number }\nexport type F = (a: string) => a extends string ? 1 : 2;\ndeclare function f(): void;\nexport declare class C { m(): void }\n";
    expect(await functionMetrics("TypeScript", text)).toEqual([]);
  });

  it("returns what the parser recovers from a file with syntax errors", async () => {
    const text = "function ok(x) { return x > 0 && x < 9; }\nfunction broken(y) { if (y == ) { return 1; } return 2; }\nfunction after(z) { return z || false; }\n";
    const metrics = complexities(await functionMetrics("TypeScript", text));
    expect(metrics).toMatchObject({ ok: 2, after: 2 });
    expect(Object.keys(metrics)).toContain("broken");
  });

  it("handles empty, binary-looking and pathologically deep input without throwing", async () => {
    expect(await functionMetrics("TypeScript", "")).toEqual([]);
    expect(await functionMetrics("JavaScript", "\u0000\uFFFD\uFFFDPNG\r\n\u001a\n\uFFFD\uFFFD")).toEqual([]);
    // A left-deep tree 100,000 levels high: walked without recursion.
    const chain = `function f(a) {\n  return ${Array.from({ length: 100_000 }, () => "a").join(" || ")};\n}\n`;
    expect(await functionMetrics("JavaScript", chain)).toEqual([{ name: "f", kind: "function", startLine: 1, endLine: 3, lines: 3, complexity: 100_000 }]);
    // Nesting deep enough to overflow the compiler's own recursive parser gives nothing, not a throw.
    const parens = `function f(a) { return ${"(".repeat(5000)}a${")".repeat(5000)}; }`;
    expect(await functionMetrics("JavaScript", parens)).toEqual([]);
  });

  it("returns null for languages it does not measure", async () => {
    expect(await functionMetrics("Kotlin", "fun main() { if (x) {} }")).toBeNull();
    expect(await functionMetrics("Markdown", "# title")).toBeNull();
    expect(await functionMetrics("", "")).toBeNull();
  });
});
