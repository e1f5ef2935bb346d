import { describe, expect, it } from "@jest/globals";
import { SAST_RULES, sastLanguages, scanCode, type CodeFinding } from "../../../../src/modules/security/sast/index.js";

const where = (f: CodeFinding) => ({ ruleId: f.ruleId, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn });

describe("scanCode findings", () => {
  it("carries the rule's metadata, 1-based positions, the source line and a message saying how the string was built", async () => {
    const text = ['const { exec } = require("child_process");', "", "function run(dir) {", "  exec(`ls ${dir}`);", "}", ""].join("\n");
    const [finding, ...rest] = await scanCode("JavaScript", "scripts/run.js", text);
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      ruleId: "sast/command-injection",
      title: "Shell command built from strings",
      level: "error",
      cwe: "CWE-78",
      message: "child_process.exec() runs a shell command built from a template literal; use execFile/spawn with an argument array.",
      path: "scripts/run.js",
      line: 4,
      column: 3,
      endLine: 4,
      endColumn: 20,
      snippet: "exec(`ls ${dir}`);",
    });
  });

  it("spans multi-line calls and counts columns in UTF-16 code units, after non-ASCII text (Python)", async () => {
    const text = ['import os', 'x = "é😀"; os.system("ls " +', "    name)", ""].join("\n");
    const found = await scanCode("Python", "a.py", text);
    // "x = \"é😀\"; " is 11 UTF-16 units (😀 is two), so os.system starts at column 12.
    expect(found.map(where)).toEqual([{ ruleId: "sast/command-injection", line: 2, column: 12, endLine: 3, endColumn: 10 }]);
  });

  it("uses the finding's rule metadata for every rule", async () => {
    const text = [
      "import os, pickle, hashlib, requests",
      "eval(expr)",
      "os.system('rm ' + path)",
      "cursor.execute(f\"SELECT * FROM t WHERE id = {uid}\")",
      "open(request.args['f'])",
      "requests.get(url, verify=False)",
      "pw_hash = hashlib.md5(password)",
      "pickle.loads(blob)",
      "",
    ].join("\n");
    const found = await scanCode("Python", "all.py", text);
    expect(found.map((f) => f.ruleId)).toEqual(SAST_RULES.map((r) => r.id));
    for (const f of found) {
      const rule = SAST_RULES.find((r) => r.id === f.ruleId)!;
      expect({ title: f.title, level: f.level, cwe: f.cwe }).toEqual({ title: rule.title, level: rule.level, cwe: rule.cwe });
    }
  });

  it("parses TSX and JavaScript with JSX", async () => {
    const tsx = [
      "export function Calc({ formula }: { formula: string }): JSX.Element {",
      "  const onClick = (): void => { eval(formula); };",
      "  return <button onClick={onClick}>{formula as string}</button>;",
      "}",
    ].join("\n");
    expect((await scanCode("TSX", "Calc.tsx", tsx)).map(where)).toEqual([{ ruleId: "sast/eval", line: 2, column: 33, endLine: 2, endColumn: 46 }]);
    const jsx = ["export const App = ({ code }) => <div onClick={() => eval(code)} />;"].join("\n");
    expect((await scanCode("JavaScript", "App.jsx", jsx)).map((f) => f.ruleId)).toEqual(["sast/eval"]);
  });

  it("clips the snippet of a long line to 200 characters", async () => {
    const text = `eval(input); ${"x = 1; ".repeat(100)}`;
    const [f] = await scanCode("JavaScript", "long.js", text);
    expect(f?.snippet).toHaveLength(200);
    expect(f?.snippet?.startsWith("eval(input);")).toBe(true);
  });
});

describe("scanCode languages and bad input", () => {
  it("lists the languages it has rules for, and returns nothing for others", async () => {
    expect(sastLanguages).toEqual(["JavaScript", "TypeScript", "TSX", "Python"]);
    expect(await scanCode("Go", "main.go", 'package main\nimport "os/exec"\nfunc main() { exec.Command("sh", "-c", os.Args[1]) }\n')).toEqual([]);
    expect(await scanCode("Markdown", "README.md", "Never call `eval(input)`.\n")).toEqual([]);
  });

  it("scans what parses in a file with syntax errors", async () => {
    const js = ["function broken( {", "  if (x) {{{", "}", "eval(code);", ""].join("\n");
    expect((await scanCode("JavaScript", "broken.js", js)).map((f) => `${f.line} ${f.ruleId}`)).toEqual(["4 sast/eval"]);
    const py = ["def broken(:", "    return )", "", "import os", "os.system('rm ' + path)", ""].join("\n");
    expect((await scanCode("Python", "broken.py", py)).map((f) => `${f.line} ${f.ruleId}`)).toEqual(["5 sast/command-injection"]);
  });

  it("does not throw on text decoded from non-UTF-8 bytes", async () => {
    const latin1 = Buffer.from("# caf\xe9 \xff\xfe\nimport os\nos.system('ls ' + d)\n", "latin1").toString("utf8");
    expect(latin1).toContain("\ufffd");
    expect((await scanCode("Python", "l.py", latin1)).map((f) => f.line)).toEqual([3]);
    expect((await scanCode("JavaScript", "l.js", `/* ${latin1} */ eval(x);`)).map((f) => f.ruleId)).toEqual(["sast/eval"]);
  });

  it("survives very deep nesting and empty input", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    await expect(scanCode("JavaScript", "deep.js", deep)).resolves.toBeInstanceOf(Array);
    await expect(scanCode("Python", "deep.py", `x = ${deep}\n`)).resolves.toBeInstanceOf(Array);
    expect(await scanCode("TypeScript", "empty.ts", "")).toEqual([]);
    expect(await scanCode("Python", "empty.py", "")).toEqual([]);
  });

  it("scans a 600 kB one-line bundle", async () => {
    const chunk = "var a=function(b){return b+1};";
    const big = `${chunk.repeat(20_000)}eval(payload);${chunk.repeat(100)}`;
    const found = await scanCode("JavaScript", "bundle.js", big);
    expect(found.map(where)).toEqual([{ ruleId: "sast/eval", line: 1, column: chunk.length * 20_000 + 1, endLine: 1, endColumn: chunk.length * 20_000 + 14 }]);
  });
});

describe("data-flow limits (documented behaviour)", () => {
  it("follows request input through local variables of the same function only", async () => {
    const text = [
      'const fs = require("fs");',
      "function nameOf(req) { return req.query.name; }",
      'app.get("/a", (req, res) => {',
      "  const n = req.query.name;",
      "  fs.readFileSync(n);",
      "  fs.readFileSync(nameOf(req));",
      "});",
    ].join("\n");
    // Line 6 goes through another function's return value, which is not followed.
    expect((await scanCode("JavaScript", "a.js", text)).map((f) => `${f.line} ${f.ruleId}`)).toEqual(["5 sast/path-traversal"]);
  });

  it("takes the last assignment before the use, in source order", async () => {
    const text = [
      "from flask import request",
      "def view():",
      "    p = request.args['p']",
      "    p = 'index.html'",
      "    open(p)",
      "    q = 'index.html'",
      "    q = request.args['q']",
      "    open(q)",
    ].join("\n");
    expect((await scanCode("Python", "v.py", text)).map((f) => `${f.line} ${f.ruleId}`)).toEqual(["8 sast/path-traversal"]);
  });
});

describe("SAST_RULES", () => {
  it("has unique ids, a CWE, a level and help for each rule", () => {
    expect(new Set(SAST_RULES.map((r) => r.id)).size).toBe(7);
    for (const r of SAST_RULES) {
      expect(r.id).toMatch(/^sast\/[a-z-]+$/);
      expect(r.cwe).toMatch(/^CWE-\d+$/);
      expect(["error", "warning"]).toContain(r.level);
      expect(r.help.length).toBeGreaterThan(80);
    }
  });
});
