import { describe, expect, it } from "@jest/globals";
import { countLineBytes, countLines } from "../../../src/analysis/count-lines.js";

type Kind = "code" | "comment" | "blank";

/**
 * A fixture written line by line with each line's class, as a person counts it with cloc's
 * definitions (blank: whitespace only; comment: nothing left once comments are removed).
 */
function fixture(rows: readonly (readonly [string, Kind])[], ending = "\n") {
  const text = rows.map(([line]) => line).join("\n") + ending;
  const expected = { code: 0, comment: 0, blank: 0 };
  for (const [, kind] of rows) expected[kind]++;
  return { text, expected };
}

describe("countLines: C family", () => {
  it("JavaScript: strings, template literals and regular expressions hide comment markers", () => {
    const { text, expected } = fixture([
      ["#!/usr/bin/env node", "code"],
      ["// a line comment", "comment"],
      ['const url = "http://example.com/*"; // trailing', "code"],
      ["const single = '/* not a comment */';", "code"],
      ["/* a block", "comment"],
      ["   ", "blank"],
      ["   that ends here */ const x = 1;", "code"],
      ["const re = /\\/\\*+/g; const y = 2;", "code"],
      ["const t = `first line", "code"],
      ["// inside a template: code", "code"],
      ["${ '}' /* in code inside ${} */ }`;", "code"],
      ["", "blank"],
      ["/**", "comment"],
      [" * Docs.", "comment"],
      [" */", "comment"],
      ["function f(a, b, c) { return a / b / c; } // division, not a regex", "code"],
      ["if (x) return /'/.test(s);", "code"],
      ["const after = 1; /* one-line block */", "code"],
      ["/* only a comment */", "comment"],
    ]);
    expect(countLines("JavaScript", text)).toEqual(expected);
  });

  it("TypeScript and TSX count like JavaScript, with JSX comments and text", () => {
    const { text, expected } = fixture([
      ["import type { A } from './a.js'; // types", "code"],
      ["export const C = () => (", "code"],
      ["  <div>", "code"],
      ["    {/* a JSX comment: the braces around it are code */}", "code"],
      ["    <p>Don't // stop</p>", "code"],
      ["  </div>", "code"],
      [");", "code"],
      ["", "blank"],
      ["// done", "comment"],
    ]);
    expect(countLines("TSX", text)).toEqual(expected);
    expect(countLines("TypeScript", text)).toEqual(expected);
  });

  it("C: character literals, an escaped newline inside a string, and an unterminated quote that ends with its line", () => {
    const { text, expected } = fixture([
      ["#include <stdio.h> /* header */", "code"],
      ["char q = '\"'; /* the quote above is a char */", "code"],
      ['const char *s = "a \\', "code"],
      ['  // still the string", *t = "x";', "code"],
      ["/* multi", "comment"],
      ["", "blank"],
      [" * line */", "comment"],
      ["int main(void) { return 0; } // end", "code"],
    ]);
    expect(countLines("C", text)).toEqual(expected);
  });

  it("Rust: nested block comments and lifetimes that are not character literals", () => {
    const { text, expected } = fixture([
      ["/* outer /* inner */", "comment"],
      ["   still outer */", "comment"],
      ["fn f<'a>(x: &'a str) -> &'a str { x } // lifetimes", "code"],
      ["let c = '/'; // a char holding a slash", "code"],
      ["// end", "comment"],
    ]);
    expect(countLines("Rust", text)).toEqual(expected);
  });

  it("Go: raw strings span lines and hide comment markers", () => {
    const { text, expected } = fixture([
      ["package main", "code"],
      ["", "blank"],
      ["var s = `line one", "code"],
      ["// not a comment: inside a raw string", "code"],
      ["/* nor this */`", "code"],
      ["// a comment", "comment"],
    ]);
    expect(countLines("Go", text)).toEqual(expected);
  });

  it("C#: verbatim strings span lines and double their quotes", () => {
    const { text, expected } = fixture([
      ['var path = @"C:\\dir\\', "code"],
      ['// inside the verbatim string ""quoted""', "code"],
      ['end"; // a comment after it', "code"],
      ["// comment", "comment"],
    ]);
    expect(countLines("C#", text)).toEqual(expected);
  });

  it("Kotlin: triple-quoted strings span lines", () => {
    const { text, expected } = fixture([
      ['val s = """', "code"],
      ["  /* text, not a comment */", "code"],
      ['"""', "code"],
      ["/* a comment */", "comment"],
    ]);
    expect(countLines("Kotlin", text)).toEqual(expected);
  });

  it("CSS has block comments only: // is not a comment there", () => {
    const { text, expected } = fixture([
      ["/* reset */", "comment"],
      ["a { background: url(//cdn.example/x.png); }", "code"],
      ["// not a comment in CSS", "code"],
    ]);
    expect(countLines("CSS", text)).toEqual(expected);
  });

  it("PHP: # comments, except #[ attributes", () => {
    const { text, expected } = fixture([
      ["<?php", "code"],
      ["# a hash comment", "comment"],
      ["#[Attribute]", "code"],
      ["$a = '#not'; // c", "code"],
    ]);
    expect(countLines("PHP", text)).toEqual(expected);
  });
});

describe("countLines: hash family and docstrings", () => {
  it("Python: # comments, strings with #, and triple-quoted strings counted as comments (as cloc does)", () => {
    const { text, expected } = fixture([
      ["#!/usr/bin/env python3", "code"],
      ['"""Module docstring.', "comment"],
      ["", "blank"],
      ['More text."""', "comment"],
      ["import os  # trailing", "code"],
      ["# a comment", "comment"],
      ["x = '# not a comment'", "code"],
      ["y = \"\"\"text", "code"],
      ["inside\"\"\"", "comment"],
      ["    ", "blank"],
    ]);
    expect(countLines("Python", text)).toEqual(expected);
  });

  it("Ruby: =begin/=end blocks in the first column", () => {
    const { text, expected } = fixture([
      ["puts 'hi' # greet", "code"],
      ["=begin", "comment"],
      ["block text", "comment"],
      ["", "blank"],
      ["=end", "comment"],
      ["  # indented comment", "comment"],
      ["x = \"#{y}\"", "code"],
    ]);
    expect(countLines("Ruby", text)).toEqual(expected);
  });

  it("Perl: POD and everything after __END__ are comments", () => {
    const { text, expected } = fixture([
      ["use strict;", "code"],
      ["=head1 NAME", "comment"],
      ["thing", "comment"],
      ["=cut", "comment"],
      ["print 1;", "code"],
      ["__END__", "comment"],
      ["data, not code", "comment"],
    ]);
    expect(countLines("Perl", text)).toEqual(expected);
  });

  it("Shell and YAML: a line whose first text is # is a comment; the #! line is code", () => {
    const shell = fixture([
      ["#!/bin/sh", "code"],
      ["# comment", "comment"],
      ['echo "# not" # trailing', "code"],
      ["", "blank"],
    ]);
    expect(countLines("Shell", shell.text)).toEqual(shell.expected);
    const yaml = fixture([
      ["# config", "comment"],
      ["key: value # note", "code"],
      ["url: 'http://x#y'", "code"],
      ["  # indented", "comment"],
    ]);
    expect(countLines("YAML", yaml.text)).toEqual(yaml.expected);
  });
});

describe("countLines: other families", () => {
  it("SQL: -- and /* */ comments, quotes hide them", () => {
    const { text, expected } = fixture([
      ["-- header", "comment"],
      ["SELECT '--not' AS a, 1 /* inline */ FROM t;", "code"],
      ["/* multi", "comment"],
      ["   line */", "comment"],
    ]);
    expect(countLines("SQL", text)).toEqual(expected);
  });

  it("Lua: --[[ long comments ]], [==[ long strings ]==] and -- lines", () => {
    const { text, expected } = fixture([
      ["--[[ a long", "comment"],
      ["comment ]] x = 1", "code"],
      ["-- a line comment", "comment"],
      ["s = [==[", "code"],
      ["-- inside a long string", "code"],
      ["]==]", "code"],
      ["--[=[ level one ]=]", "comment"],
    ]);
    expect(countLines("Lua", text)).toEqual(expected);
  });

  it("Haskell: nested {- -} comments, -- lines, and {-# pragmas #-} counted as code", () => {
    const { text, expected } = fixture([
      ["{-# LANGUAGE GADTs #-}", "code"],
      ["{- outer {- inner -}", "comment"],
      ["   still a comment -}", "comment"],
      ["main = putStrLn \"-- not\" -- greet", "code"],
      ["-- bye", "comment"],
    ]);
    expect(countLines("Haskell", text)).toEqual(expected);
  });

  it("HTML and XML: <!-- --> comments across lines", () => {
    const { text, expected } = fixture([
      ['<?xml version="1.0"?>', "code"],
      ["<!-- a", "comment"],
      ["", "blank"],
      ["  b -->", "comment"],
      ["<a href=\"x\"><!-- inline --></a>", "code"],
    ]);
    expect(countLines("XML", text)).toEqual(expected);
    expect(countLines("HTML", text)).toEqual(expected);
  });

  it("Lisp: ; comments, #| |# blocks, and character escapes", () => {
    const { text, expected } = fixture([
      ["; a comment", "comment"],
      ["(defun f () #\\; \"; not\")", "code"],
      ["#| block", "comment"],
      ["   |#", "comment"],
    ]);
    expect(countLines("Common Lisp", text)).toEqual(expected);
  });

  it("Batchfile: REM and :: comment lines, case-insensitive", () => {
    const { text, expected } = fixture([
      ["@echo off", "code"],
      ["REM a remark", "comment"],
      [":: another", "comment"],
      ["rem", "comment"],
      ["remove-thing.exe", "code"],
    ]);
    expect(countLines("Batchfile", text)).toEqual(expected);
  });

  it("fixed-form Fortran: C or * in the first column only", () => {
    const { text, expected } = fixture([
      ["C     a comment", "comment"],
      ["      c = 1", "code"],
      ["* another", "comment"],
      ["      x = 2 ! trailing", "code"],
      ["! bang comment", "comment"],
    ]);
    expect(countLines("Fortran", text)).toEqual(expected);
  });
});

describe("countLines: Markdown", () => {
  it("HTML comments and comment links are comments; fenced code and code spans are not", () => {
    const { text, expected } = fixture([
      ["# Title", "code"],
      ["", "blank"],
      ["<!-- a comment", "comment"],
      ["that ends -->", "comment"],
      ["[//]: # (a hidden note)", "comment"],
      ["[comment]: <> (another)", "comment"],
      ["Use `<!--` to open a comment.", "code"],
      ["```html", "code"],
      ["<!-- inside a fence -->", "code"],
      ["", "blank"],
      ["```", "code"],
      ["Text <!-- and a comment --> after.", "code"],
      ["[link](http://example.com)", "code"],
    ]);
    expect(countLines("Markdown", text)).toEqual(expected);
  });
});

describe("countLines: data and unknown languages", () => {
  it("JSON has no comments: every non-blank line is code", () => {
    const { text, expected } = fixture([
      ["{", "code"],
      ['  "url": "http://x/* y */",', "code"],
      ["", "blank"],
      ['  "// not a comment": true', "code"],
      ["}", "code"],
    ]);
    expect(countLines("JSON", text)).toEqual(expected);
  });

  it("JSON with Comments (tsconfig.json) has // and /* */", () => {
    const { text, expected } = fixture([
      ["{", "code"],
      ["  // strict mode", "comment"],
      ['  "strict": true /* yes */', "code"],
      ["}", "code"],
    ]);
    expect(countLines("JSON with Comments", text)).toEqual(expected);
  });

  it("a language without known comment syntax, or none, counts every non-blank line as code", () => {
    const { text, expected } = fixture([
      ["// looks like a comment", "code"],
      ["", "blank"],
      ["# so does this", "code"],
    ]);
    expect(countLines("Text", text)).toEqual(expected);
    expect(countLines(null, text)).toEqual(expected);
    expect(countLines("Some Language Linguist Never Heard Of", text)).toEqual(expected);
  });
});

describe("countLines: line endings and encodings", () => {
  it("a last line without a newline counts; an empty text has no lines", () => {
    const { text, expected } = fixture(
      [
        ["a = 1", "code"],
        ["# last, unterminated", "comment"],
      ],
      "",
    );
    expect(countLines("Python", text)).toEqual(expected);
    expect(countLines("Python", "")).toEqual({ code: 0, comment: 0, blank: 0 });
  });

  it("CRLF line endings and a UTF-8 byte order mark count like LF text without one", () => {
    const { text, expected } = fixture([
      ["// comment", "comment"],
      ["", "blank"],
      ["let a = 1;", "code"],
    ]);
    const crlf = "\uFEFF" + text.replaceAll("\n", "\r\n");
    expect(countLines("JavaScript", crlf)).toEqual(expected);
  });

  it("Latin-1 bytes (not UTF-8) count the same as their ASCII structure says", () => {
    // "caf\xe9" in Latin-1: invalid as UTF-8, but lines and comment markers are ASCII.
    const bytes = Buffer.concat([
      Buffer.from("/* r", "latin1"),
      Buffer.from([0xe9]),
      Buffer.from("sum\u00e9 */\nconst caf", "latin1"),
      Buffer.from([0xe9]),
      Buffer.from(" = 1; // \xe9\n\n", "latin1"),
    ]);
    expect(countLineBytes("JavaScript", bytes)).toEqual({ code: 1, comment: 1, blank: 1 });
  });

  it("a 10 MB single line is one line, counted in linear time", () => {
    const line = "x".repeat(10 * 1024 * 1024);
    expect(countLines("JavaScript", line)).toEqual({ code: 1, comment: 0, blank: 0 });
    expect(countLines("JavaScript", `/*${line}*/\n`)).toEqual({ code: 0, comment: 1, blank: 0 });
  });

  it("an unterminated block comment runs to the end of the file", () => {
    const { text, expected } = fixture([
      ["int x;", "code"],
      ["/* never closed", "comment"],
      ["int y;", "comment"],
    ]);
    expect(countLines("C", text)).toEqual(expected);
  });
});
