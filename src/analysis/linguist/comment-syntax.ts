/**
 * Comment and string syntax per Linguist language, for counting code, comment and blank
 * lines the way cloc does (cloc's per-language filters in /usr/bin/cloc are the reference:
 * a line is a comment when nothing but whitespace is left once comments are removed). Each
 * family gets a real scanner (count-lines.ts) that knows the language's strings, so
 * `"http://x"` is not a comment; a language missing here counts every non-blank line as code.
 */

/** C-family syntax: `//` and `/* *\/` comments with the string forms of each language. */
export interface CLikeSyntax {
  readonly kind: "c";
  /** `//` starts a line comment (false for CSS). */
  readonly slashSlash: boolean;
  /** `#` starts a line comment too (PHP, HCL, Thrift, Jsonnet); `#[` (PHP attributes) is code. */
  readonly hash?: boolean;
  /** Block comments nest (Rust, Swift, Kotlin, Scala, Dart, D). */
  readonly nested?: boolean;
  /**
   * What `'` opens: a one-line string (JavaScript, PHP, CSS), a character literal only when one
   * character (or an escape) and a closing quote follow (C, Java, Go, Rust: so Rust lifetimes
   * and C++ digit separators stay code), or nothing.
   */
  readonly single: "string" | "char" | "none";
  /** What a backtick opens: a JavaScript template literal with `${}`, or a raw multi-line string (Go). */
  readonly backtick?: "template" | "raw";
  /** `"""` opens a multi-line string (Kotlin, Swift, Scala, Groovy, Java text blocks, Dart, C#). */
  readonly tripleQuote?: boolean;
  /** `/` may open a regular expression literal (JavaScript, TypeScript). */
  readonly regex?: boolean;
  /** `@"…"` verbatim strings span lines and escape a quote as `""` (C#). */
  readonly verbatim?: boolean;
}

/** Table-driven syntax for every other family (hash, dash, semicolon, percent, ML, Lisp, markup…). */
export interface GenericSyntax {
  readonly kind: "generic";
  /** Line comment markers recognised anywhere outside strings. */
  readonly line?: readonly string[];
  /** Line comment markers recognised only as the first text of a line (cloc's `^\s*X`). */
  readonly lineStart?: readonly string[];
  /** `lineStart` and `firstColumn` markers match case-insensitively (Batch `REM`, Fortran `C`). */
  readonly lineStartIgnoreCase?: boolean;
  /** Line comment markers recognised only in the first column (fixed-form Fortran `C`, `*`). */
  readonly firstColumn?: readonly string[];
  /** Block comments as [open, close]. */
  readonly block?: readonly (readonly [string, string])[];
  /** Block comments nest (Haskell, OCaml, Julia, Nim, Lisp). */
  readonly nested?: boolean;
  /** Text that looks like a comment opener but is code (`{-#` pragmas, Pascal `{$` directives). */
  readonly codeMarkers?: readonly string[];
  /** Characters that open a string closed by the same character on the same line. */
  readonly quotes?: string;
  /** Quote characters whose strings may span lines (Lisp, Clojure docstrings). */
  readonly multilineQuotes?: string;
  /** `\` escapes the next character inside strings (default true). */
  readonly backslashInStrings?: boolean;
  /** Characters that escape the next one outside strings (`\` in Lisp and TeX, `$` in Erlang). */
  readonly codeEscapes?: string;
  /** Lua: `--[[ ]]`/`--[==[ ]==]` long comments and `[[ ]]` long strings. */
  readonly luaLong?: boolean;
  /** Ruby `=begin`/`=end`: blocks whose markers start a line. */
  readonly lineBlocks?: readonly (readonly [string, string])[];
  /** Perl POD: a line starting `=word` opens a block that a line starting `=cut` closes. */
  readonly pod?: boolean;
  /** A line starting with one of these ends the code; the rest of the file is comment (Perl `__END__`). */
  readonly endMarkers?: readonly string[];
}

/** Markdown: `<!-- -->` and `[//]: # (…)` comments, except inside code fences and code spans. */
export interface MarkdownSyntax {
  readonly kind: "markdown";
}

/** No comments at all (JSON, CSV, plain text): every non-blank line is code. */
export interface NoCommentSyntax {
  readonly kind: "none";
}

export type CommentSyntax = CLikeSyntax | GenericSyntax | MarkdownSyntax | NoCommentSyntax;

export const NO_COMMENTS: NoCommentSyntax = { kind: "none" };

/** Every C-like syntax with all fields, in one order: one object shape for the scanner. */
function cLike(fields: Partial<Omit<CLikeSyntax, "kind">> & Pick<CLikeSyntax, "single">): CLikeSyntax {
  return {
    kind: "c",
    slashSlash: fields.slashSlash ?? true,
    hash: fields.hash ?? false,
    nested: fields.nested ?? false,
    single: fields.single,
    backtick: fields.backtick,
    tripleQuote: fields.tripleQuote ?? false,
    regex: fields.regex ?? false,
    verbatim: fields.verbatim ?? false,
  };
}

const JS = cLike({ single: "string", backtick: "template", regex: true });

const hash = (extra: Omit<GenericSyntax, "kind"> = {}): GenericSyntax => ({ kind: "generic", line: ["#"], quotes: `"'`, ...extra });
const markup = (...extra: (readonly [string, string])[]): GenericSyntax => ({ kind: "generic", block: [["<!--", "-->"], ...extra] });

/** Languages by Linguist name; each name appears once. Names are checked against Linguist's list in a test. */
const GROUPS: readonly (readonly [CommentSyntax, readonly string[]])[] = [
  [JS, ["JavaScript", "TypeScript", "TSX", "Glimmer JS", "Glimmer TS", "JSON5"]],
  [
    cLike({ single: "char" }),
    [
      "C", "C++", "Objective-C", "Objective-C++", "Cuda", "GLSL", "HLSL", "Metal", "OpenCL", "Protocol Buffer",
      "Protocol Buffer Text Format", "Solidity", "Verilog", "SystemVerilog", "Apex", "Haxe", "Vala", "Chapel", "Odin", "Zig",
      "ActionScript", "AIDL", "Cap'n Proto", "Cairo", "Gleam", "V", "Hare", "Slang", "WGSL", "ShaderLab", "Smali",
      "Processing", "Pawn", "SourcePawn", "Squirrel", "Unified Parallel C", "Cycript", "Ballerina", "Move", "Cadence",
      "Circom", "Noir", "Jsonnet", "Jolie", "X10", "Ceylon", "Nemerle", "Fantom", "AngelScript", "Pike", "RenderScript",
      "Stan", "Bicep", "Q#", "Frege", "Kaitai Struct", "Ring", "Sway", "Leo", "Nextflow", "CUE", "KCL", "Prisma",
    ],
  ],
  [cLike({ single: "char", backtick: "raw" }), ["Go"]],
  [cLike({ single: "char", nested: true }), ["Rust", "D", "Carbon"]],
  [cLike({ single: "char", tripleQuote: true }), ["Java", "Groovy", "Gradle", "Gradle Kotlin DSL", "Xtend"]],
  [cLike({ single: "char", tripleQuote: true, nested: true }), ["Kotlin", "Scala", "Swift", "Dart"]],
  [cLike({ single: "char", tripleQuote: true, verbatim: true }), ["C#"]],
  [cLike({ single: "string", hash: true }), ["PHP", "Hack", "HCL", "Terraform Template", "Thrift"]],
  [cLike({ single: "string" }), ["JSON with Comments", "QML", "Less", "SCSS", "Stylus", "Sass", "PostCSS", "Pug", "ReScript", "Reason"]],
  [cLike({ single: "string", slashSlash: false }), ["CSS"]],
  [
    hash(),
    [
      "Shell", "ShellSession", "Tcsh", "fish", "YAML", "TOML", "R", "Makefile", "Dockerfile", "CMake", "Crystal", "Tcl",
      "Awk", "sed", "Puppet", "Dotenv", "Ignore List", "Git Attributes", "Git Config", "EditorConfig", "Gentoo Ebuild",
      "Gentoo Eclass", "Raku", "GDScript", "Procfile", "Nginx", "ApacheConf", "Cython", "Pyret", "Meson", "Just",
      "Earthly", "Vim Snippet", "Wget Config", "SSH Config", "Robots Exclusion Rules", "Pip Requirements", "NumPy", "Sage",
      "Ninja", "BitBake", "Hosts File", "Xonsh", "Gnuplot", "Caddyfile",
    ],
  ],
  // cloc counts every triple-quoted string as a comment in these (its docstring_to_C).
  [hash({ block: [['"""', '"""'], ["'''", "'''"]] }), ["Python", "Starlark", "GraphQL", "Snakemake"]],
  [hash({ block: [["#=", "=#"], ['"""', '"""']], nested: true }), ["Julia"]],
  [hash({ block: [["#[", "]#"]], nested: true }), ["Nim"]],
  [hash({ block: [["<#", "#>"]] }), ["PowerShell"]],
  [hash({ block: [["###", "###"]] }), ["CoffeeScript"]],
  [hash({ lineBlocks: [["=begin", "=end"]] }), ["Ruby"]],
  [hash({ pod: true, endMarkers: ["__END__", "__DATA__"] }), ["Perl"]],
  [hash({ block: [['@doc """', '"""'], ['@moduledoc """', '"""'], ['@typedoc """', '"""']] }), ["Elixir"]],
  [{ kind: "generic", line: ["#"], block: [["/*", "*/"]], quotes: '"' }, ["Nix"]],
  [{ kind: "generic", line: ["--"], block: [["/*", "*/"]], quotes: `'"` }, ["SQL", "PLSQL", "PLpgSQL", "SQLPL", "TSQL", "Cypher"]],
  [{ kind: "generic", line: ["--"], quotes: `"'`, luaLong: true }, ["Lua", "Luau", "Terra"]],
  [{ kind: "generic", line: ["--"], block: [["{-", "-}"]], nested: true, codeMarkers: ["{-#"], quotes: '"' }, ["Haskell", "Elm", "PureScript", "Idris", "Agda", "Dhall"]],
  [{ kind: "generic", line: ["--"], quotes: `"'` }, ["Ada", "VHDL", "Eiffel", "AppleScript"]],
  [{ kind: "generic", line: ["--"], block: [["/-", "-/"]], nested: true, quotes: '"' }, ["Lean", "Lean 4"]],
  [{ kind: "generic", block: [["(*", "*)"]], nested: true, quotes: '"' }, ["OCaml", "Standard ML", "Rocq Prover", "Wolfram Language"]],
  [{ kind: "generic", line: ["//"], block: [["(*", "*)"]], nested: true, quotes: '"' }, ["F#"]],
  [{ kind: "generic", line: ["//"], block: [["{", "}"], ["(*", "*)"]], codeMarkers: ["{$"], quotes: "'" }, ["Pascal", "Component Pascal"]],
  [
    { kind: "generic", line: [";"], block: [["#|", "|#"]], nested: true, quotes: '"', multilineQuotes: '"', codeEscapes: "\\" },
    ["Common Lisp", "Emacs Lisp", "Scheme", "Racket", "NewLisp", "PicoLisp", "Fennel", "Janet", "LFE", "Hy"],
  ],
  [{ kind: "generic", line: [";"], quotes: '"', multilineQuotes: '"', codeEscapes: "\\" }, ["Clojure", "edn"]],
  [
    { kind: "generic", line: [";"], quotes: '"' },
    ["Assembly", "Motorola 68K Assembly", "Unix Assembly", "AutoHotkey", "AutoIt", "NSIS", "Windows Registry Entries", "Module Management System", "Inno Setup", "WebAssembly", "Rebol", "Red", "LLVM"],
  ],
  [{ kind: "generic", line: ["%"], quotes: '"', codeEscapes: "$" }, ["Erlang"]],
  [{ kind: "generic", line: ["%"], codeEscapes: "\\" }, ["TeX", "BibTeX"]],
  [{ kind: "generic", line: ["%"], block: [["%{", "%}"]], quotes: '"' }, ["MATLAB", "Scilab"]],
  [{ kind: "generic", line: ["%"], block: [["/*", "*/"]], quotes: `"'` }, ["Prolog", "Mercury", "Logtalk"]],
  [{ kind: "generic", line: ["%"], quotes: '"' }, ["PostScript"]],
  [
    { kind: "generic", line: ["'"], lineStart: ["rem"], lineStartIgnoreCase: true, quotes: '"', backslashInStrings: false },
    ["Visual Basic .NET", "VBA", "VBScript", "Visual Basic 6.0"],
  ],
  [{ kind: "generic", lineStart: ["rem", "@rem", "::"], lineStartIgnoreCase: true }, ["Batchfile"]],
  [{ kind: "generic", lineStart: ['"'] }, ["Vim script"]],
  // Fixed form: a c, C or * in the first column; ! anywhere.
  [{ kind: "generic", line: ["!"], firstColumn: ["c", "*"], lineStartIgnoreCase: true, quotes: `"'` }, ["Fortran"]],
  [{ kind: "generic", line: ["!"], quotes: `"'` }, ["Fortran Free Form"]],
  [{ kind: "generic", lineStart: [";", "#"] }, ["INI"]],
  [{ kind: "generic", lineStart: ["#", "!"] }, ["Java Properties"]],
  [markup(), ["HTML", "XML", "SVG", "XSLT", "XML Property List", "Ant Build System", "Maven POM", "Genshi"]],
  [
    { kind: "generic", block: [["<!--", "-->"], ["/*", "*/"]], line: ["//"], quotes: `"'` },
    ["Vue", "Svelte", "Astro", "HTML+ERB", "HTML+EEX", "HTML+PHP"],
  ],
  [markup(["@*", "*@"]), ["HTML+Razor"]],
  [markup(["<%#", "%>"]), ["EJS"]],
  [markup(["{{!--", "--}}"], ["{{!", "}}"]), ["Handlebars", "Mustache"]],
  [markup(["{#", "#}"]), ["Twig", "Jinja", "Nunjucks"]],
  [markup(["{% comment %}", "{% endcomment %}"]), ["Liquid"]],
  [{ kind: "generic", block: [["////", "////"]], lineStart: ["//"] }, ["AsciiDoc"]],
  [{ kind: "markdown" }, ["Markdown", "MDX", "RMarkdown"]],
];

const table = new Map<string, CommentSyntax>();
for (const [syntax, names] of GROUPS) for (const name of names) table.set(name, syntax);

/** The comment syntax of a Linguist language; languages without one count every non-blank line as code. */
export function commentSyntaxOf(language: string | null): CommentSyntax {
  return (language !== null && table.get(language)) || NO_COMMENTS;
}

/** Every Linguist name the table knows (for the test that checks them against Linguist's list). */
export function languagesWithCommentSyntax(): string[] {
  return GROUPS.flatMap(([, names]) => names);
}
