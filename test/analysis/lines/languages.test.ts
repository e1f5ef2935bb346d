import { describe, expect, it } from "@jest/globals";
import { detectLanguage, languageNeedsContent, languageOf, languageType, shebangInterpreter } from "../../../src/analysis/languages.js";
import { languagesWithCommentSyntax } from "../../../src/analysis/linguist/comment-syntax.js";

describe("detectLanguage: Linguist's strategies in order", () => {
  it("file names first: exact names map to their language", () => {
    expect(detectLanguage("Makefile")).toBe("Makefile");
    expect(detectLanguage("docker/Dockerfile")).toBe("Dockerfile");
    expect(detectLanguage("tsconfig.json")).toBe("JSON with Comments");
    expect(detectLanguage("CMakeLists.txt")).toBe("CMake");
    expect(detectLanguage("Gemfile")).toBe("Ruby");
  });

  it("extensions, case-insensitively, with the longest dotted suffix first", () => {
    expect(detectLanguage("src/a.ts")).toBe("TypeScript");
    expect(detectLanguage("src/a.d.ts")).toBe("TypeScript");
    expect(detectLanguage("src/App.tsx")).toBe("TSX");
    expect(detectLanguage("lib/x.mjs")).toBe("JavaScript");
    expect(detectLanguage("lib/x.JSX")).toBe("JavaScript");
    expect(detectLanguage("views/page.blade.php")).toBe("Blade");
    expect(detectLanguage("app/x.php")).toBe("PHP");
    expect(detectLanguage("Program.cs")).toBe("C#");
    expect(detectLanguage("README.md")).toBe("Markdown");
    expect(detectLanguage("data.json")).toBe("JSON");
  });

  it("a #! line decides a file without extension, and beats a misleading extension", () => {
    expect(detectLanguage("bin/tool", "#!/usr/bin/env node\nconsole.log(1)\n")).toBe("JavaScript");
    expect(detectLanguage("bin/tool", "#!/usr/bin/env -S python3 -u\nprint(1)\n")).toBe("Python");
    expect(detectLanguage("scripts/run", "#!/bin/bash\necho hi\n")).toBe("Shell");
    expect(detectLanguage("script.js", "#!/usr/bin/env ruby\nputs 1\n")).toBe("Ruby");
    expect(detectLanguage("bin/tool", "no shebang here\n")).toBeNull();
  });

  it("reads interpreters as Linguist does: env options, versions, exec hacks", () => {
    expect(shebangInterpreter("#!/usr/bin/env -S node --no-warnings\n")).toBe("node");
    expect(shebangInterpreter("#!/usr/bin/python2.7\n")).toBe("python2");
    expect(shebangInterpreter("#!/bin/sh\nexec ruby \"$0\" \"$@\"\n")).toBe("ruby");
    expect(shebangInterpreter("#!/usr/bin/env FOO=1 perl\n")).toBe("perl");
    expect(shebangInterpreter("#!\n")).toBeNull();
    expect(shebangInterpreter("print(1)\n")).toBeNull();
  });

  it("heuristics decide shared extensions from the content", () => {
    expect(detectLanguage("i18n/app_de.ts", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1">\n')).toBe("XML");
    expect(detectLanguage("src/app.ts", "export const a = 1;\n")).toBe("TypeScript");
    expect(detectLanguage("include/a.h", "#include <vector>\nclass A { public: int x; };\n")).toBe("C++");
    expect(detectLanguage("include/a.h", "@interface Foo : NSObject\n@end\n")).toBe("Objective-C");
    expect(detectLanguage("include/a.h", "#include <stdio.h>\nint f(void);\n")).toBe("C");
    expect(detectLanguage("gcc/x.md", ";; Machine description\n(define_insn \"x\"\n")).toBe("GCC Machine Description");
    expect(detectLanguage("docs/x.md", "# Title\n\nText.\n")).toBe("Markdown");
    expect(detectLanguage("api/openapi.json", '{"openapi": "3.0.0", "info": {}}')).toBe("OASv3-json");
    expect(detectLanguage("config.yml", "name: ci\non: push\n")).toBe("YAML");
  });

  it("without content an ambiguous extension gets the heuristics' catch-all language", () => {
    expect(languageOf("a.ts")).toBe("TypeScript");
    expect(languageOf("a.h")).toBe("C");
    expect(languageOf("a.md")).toBe("Markdown");
    expect(languageOf("a.json")).toBe("JSON");
    expect(languageOf("a.yaml")).toBe("YAML");
  });

  it("an XML declaration names an unknown file XML; nothing known gives null", () => {
    expect(detectLanguage("build/settings.xml.dist", '<?xml version="1.0"?>\n<a/>\n')).toBe("XML");
    expect(detectLanguage("notes.unknownext")).toBeNull();
    expect(detectLanguage("noextension")).toBeNull();
    expect(detectLanguage("noextension", "")).toBeNull();
  });

  it("says when the path alone cannot settle the language", () => {
    expect(languageNeedsContent("a.ts")).toBe(true);
    expect(languageNeedsContent("a.h")).toBe(true);
    expect(languageNeedsContent("bin/tool")).toBe(true);
    expect(languageNeedsContent("a.py")).toBe(false);
    expect(languageNeedsContent("Makefile")).toBe(false);
  });
});

describe("the comment syntax table", () => {
  it("names only languages Linguist knows, each once", () => {
    const names = languagesWithCommentSyntax();
    expect(names.filter((n) => languageType(n) === null)).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("covers the languages the analysis reports most", () => {
    const names = new Set(languagesWithCommentSyntax());
    for (const n of ["JavaScript", "TypeScript", "TSX", "Python", "Go", "Java", "Ruby", "Rust", "C#", "C", "C++", "Markdown", "YAML", "Shell", "HTML", "CSS", "SQL"]) {
      expect(names.has(n)).toBe(true);
    }
  });
});
