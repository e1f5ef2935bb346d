import { describe, expect, it } from "@jest/globals";
import { parseCobertura, parseLcov, type FileCoverage } from "../../../src/analysis/testing/index.js";
import { CALC_ROOT, CART_ROOT, fixture, SHOP_ROOT } from "./fixtures.js";

function byPath(files: FileCoverage[]): Record<string, FileCoverage> {
  return Object.fromEntries(files.map((f) => [f.path, f]));
}

describe("parseCobertura on coverage.py's coverage.xml (branch = true)", () => {
  const report = parseCobertura(fixture("coverage-py.xml"), { root: SHOP_ROOT, source: "coverage.xml" });
  const files = byPath(report.files);

  it("joins each filename to the <source> folder", () => {
    expect(report.format).toBe("cobertura");
    expect(report.problems).toEqual([]);
    expect(Object.keys(files)).toEqual(["src/shop/__init__.py", "src/shop/pricing.py", "src/shop/slug.py"]);
  });

  it("counts what `coverage report` printed: pricing.py 27 statements, 4 missed, 12 branches", () => {
    const pricing = files["src/shop/pricing.py"]!;
    expect(pricing.lines).toEqual({ covered: 23, total: 27 });
    expect(Object.entries(pricing.lineHits).filter(([, h]) => h === 0).map(([l]) => Number(l))).toEqual([17, 35, 36, 37]);
    expect(pricing.branches).toEqual({ covered: 9, total: 12 });
    expect(pricing.lineBranches?.[16]).toEqual({ covered: 1, total: 2 });
    expect(pricing.lineBranches?.[35]).toEqual({ covered: 0, total: 2 });
    // coverage.py writes no <method> elements.
    expect(pricing.functions).toEqual([]);
    expect(files["src/shop/slug.py"]!.lines).toEqual({ covered: 7, total: 14 });
    expect(files["src/shop/slug.py"]!.branches).toEqual({ covered: 0, total: 2 });
  });

  it("keeps an empty module, with zero branches since the run measured branches", () => {
    expect(files["src/shop/__init__.py"]).toEqual({ path: "src/shop/__init__.py", lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, functions: [], lineHits: {}, lineBranches: {} });
  });

  it("has no branch data at all for a run without --branch", () => {
    const noBranch = fixture("coverage-py.xml").replace(/ branch="true" condition-coverage="[^"]*"( missing-branches="[^"]*")?/g, "");
    const r = parseCobertura(noBranch, { root: SHOP_ROOT, source: "coverage.xml" });
    expect(r.files.every((f) => f.branches === undefined)).toBe(true);
    expect(byPath(r.files)["src/shop/pricing.py"]!.lines).toEqual({ covered: 23, total: 27 });
  });
});

describe("parseCobertura on a coverlet report", () => {
  const files = new Set(["src/Calc.Core/Calculator.cs", "src/Calc.Core/Calc.Core.csproj", "src/Calc.Text/Slug.cs", "tests/Calc.Tests/CalculatorTests.cs"]);
  const report = parseCobertura(fixture("coverlet.cobertura.xml"), { root: CALC_ROOT, source: "tests/Calc.Tests/TestResults/7f3c/coverage.cobertura.xml", files });
  const byFile = byPath(report.files);

  it("picks, for each filename, the <source> folder that holds it", () => {
    expect(report.problems).toEqual([]);
    expect(Object.keys(byFile)).toEqual(["src/Calc.Core/Calculator.cs", "src/Calc.Text/Slug.cs"]);
  });

  it("merges a type and its compiler-generated async state machine into one file", () => {
    const calc = byFile["src/Calc.Core/Calculator.cs"]!;
    expect(calc.lines).toEqual({ covered: 16, total: 18 });
    expect(calc.branches).toEqual({ covered: 3, total: 4 });
    expect(calc.lineHits[26]).toBe(5);
    expect(calc.lineHits[16]).toBe(0);
  });

  it("takes each method's hits from its first line, and names MoveNext after the async method", () => {
    expect(byFile["src/Calc.Core/Calculator.cs"]!.functions).toEqual([
      { name: "Add", startLine: 9, hits: 1 },
      { name: "Divide", startLine: 14, hits: 2 },
      { name: "SumAsync", startLine: 23, hits: 1 },
    ]);
    expect(byFile["src/Calc.Text/Slug.cs"]).toMatchObject({
      lines: { covered: 4, total: 6 },
      branches: { covered: 1, total: 2 },
      functions: [{ name: "Make", startLine: 6, hits: 3 }],
    });
  });

  it("without a file list, resolves against the first <source> and says it could not choose", () => {
    const r = parseCobertura(fixture("coverlet.cobertura.xml"), { root: CALC_ROOT, source: "coverage.cobertura.xml" });
    expect(r.files.map((f) => f.path)).toEqual(["src/Calc.Core/Calculator.cs", "src/Calc.Core/Slug.cs"]);
    expect(r.problems).toEqual(["files resolved against the first of 2 <source> directories (no file list to choose with): 2 (src/Calc.Core/Calculator.cs, src/Calc.Core/Slug.cs)"]);
  });

  it("reads the same report written on Windows (UTF-8 BOM, CRLF line ends)", () => {
    const windows = "\ufeff" + fixture("coverlet.cobertura.xml").replace(/\n/g, "\r\n");
    const r = parseCobertura(windows, { root: CALC_ROOT, source: "coverage.cobertura.xml", files });
    expect(r).toEqual({ ...report, source: "coverage.cobertura.xml" });
  });

  it("reads a deterministic-build report (no sources, /_/ paths) as outside the root", () => {
    const deterministic = `<?xml version="1.0" encoding="utf-8"?>
<coverage line-rate="1" branch-rate="1" version="1.9" timestamp="1649404171" lines-covered="1" lines-valid="1" branches-covered="0" branches-valid="0">
  <sources />
  <packages><package name="app" line-rate="1" branch-rate="1" complexity="1"><classes>
    <class name="App.Thing" filename="/_/src/App/Thing.cs" line-rate="1" branch-rate="1" complexity="1">
      <methods />
      <lines><line number="6" hits="1" branch="False" /></lines>
    </class>
  </classes></package></packages>
</coverage>`;
    const r = parseCobertura(deterministic, { root: CALC_ROOT, source: "coverage.cobertura.xml" });
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual(["file outside the repository root dropped (/_/src/App/Thing.cs)"]);
  });

  it("reads Windows sources with backslashes", () => {
    const xml = `<coverage><sources><source>D:\\a\\calc\\calc\\src\\</source></sources><packages><package name="p"><classes>
      <class name="Calc" filename="Calc.Core\\Calculator.cs"><methods/><lines><line number="3" hits="2" branch="False"/><line number="4" hits="0" branch="False"/></lines></class>
    </classes></package></packages></coverage>`;
    const r = parseCobertura(xml, { root: "D:\\a\\calc\\calc", source: "coverage.cobertura.xml" });
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => [f.path, f.lines])).toEqual([["src/Calc.Core/Calculator.cs", { covered: 1, total: 2 }]]);
  });
});

describe("parseCobertura on istanbul's cobertura reporter", () => {
  const report = parseCobertura(fixture("jest-cart/cobertura-coverage.xml"), { root: CART_ROOT, source: "coverage/cobertura-coverage.xml" });
  const lcov = parseLcov(fixture("jest-cart/lcov.info"), { root: CART_ROOT, source: "coverage/lcov.info" });

  it("gives the same line hits and functions as the lcov of the same run", () => {
    expect(report.problems).toEqual([]);
    expect(report.files.map((f) => [f.path, f.lineHits, f.functions])).toEqual(lcov.files.map((f) => [f.path, f.lineHits, f.functions]));
  });

  it("has fewer branches than lcov: istanbul writes branches only on lines that hold a statement", () => {
    expect(report.files.map((f) => f.branches)).toEqual([
      { covered: 5, total: 6 },
      { covered: 2, total: 6 },
    ]);
  });
});

describe("parseCobertura on a JaCoCo report converted by cover2cover", () => {
  const xml = `<?xml version="1.0" ?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-03.dtd">
<coverage branch-rate="0.5" branches-covered="1" branches-valid="2" complexity="0" line-rate="0.75" lines-covered="3" lines-valid="4" timestamp="1718000000" version="1.9">
  <sources><source>src/main/java</source></sources>
  <packages>
    <package name="com.acme.billing" line-rate="0.75" branch-rate="0.5" complexity="0">
      <classes>
        <class name="com/acme/billing/Invoice" filename="com/acme/billing/Invoice.java" line-rate="0.75" branch-rate="0.5" complexity="0">
          <methods>
            <method name="&lt;init&gt;" signature="()V" line-rate="1.0" branch-rate="1.0"><lines><line number="5" hits="3" branch="false"/></lines></method>
            <method name="total" signature="(I)I" line-rate="0.6666" branch-rate="0.5"><lines>
              <line number="9" hits="3" branch="true" condition-coverage="50% (1/2)"/><line number="10" hits="0" branch="false"/><line number="12" hits="3" branch="false"/>
            </lines></method>
          </methods>
          <lines>
            <line number="5" hits="3" branch="false"/><line number="9" hits="3" branch="true" condition-coverage="50% (1/2)"/>
            <line number="10" hits="0" branch="false"/><line number="12" hits="3" branch="false"/>
          </lines>
        </class>
      </classes>
    </package>
  </packages>
</coverage>`;

  it("resolves a relative <source> against the module folder and decodes entity names", () => {
    const r = parseCobertura(xml, { root: "/ci/billing", source: "billing-core/target/site/cobertura/coverage.xml" });
    expect(r.problems).toEqual([]);
    expect(r.files).toEqual([
      {
        path: "billing-core/src/main/java/com/acme/billing/Invoice.java",
        lines: { covered: 3, total: 4 },
        branches: { covered: 1, total: 2 },
        functions: [
          { name: "<init>", startLine: 5, hits: 3 },
          { name: "total", startLine: 9, hits: 3 },
        ],
        lineHits: { 5: 3, 9: 3, 10: 0, 12: 3 },
        lineBranches: { 9: { covered: 1, total: 2 } },
      },
    ]);
  });
});

describe("parseCobertura on broken input", () => {
  const options = { root: SHOP_ROOT, source: "coverage.xml" };
  const text = fixture("coverage-py.xml");

  it("keeps the complete classes of a truncated report and says it was cut off", () => {
    const r = parseCobertura(text.slice(0, text.indexOf('<line number="30"')), options);
    expect(r.files.map((f) => f.path)).toEqual(["src/shop/__init__.py"]);
    expect(r.problems).toEqual(["report ends before </coverage> (truncated?); only the complete <class> elements were read"]);
    const tail = parseCobertura(text.slice(0, text.lastIndexOf("</packages>")), options);
    expect(tail.files).toHaveLength(3);
    expect(tail.problems).toEqual(["report ends before </coverage> (truncated?); only the complete <class> elements were read"]);
  });

  it("skips a malformed class and reads the others", () => {
    const broken = text.replace('<line number="3" hits="1"/>', '<line number="3" hits="1">');
    const r = parseCobertura(broken, options);
    expect(r.files.map((f) => f.path)).toEqual(["src/shop/__init__.py", "src/shop/slug.py"]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^malformed <class> elements skipped \(at offset \d+: /);
  });

  it("recognises JaCoCo and Clover XML and other roots", () => {
    const jacoco = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="billing"><sessioninfo id="x" start="1" dump="2"/><counter type="LINE" missed="1" covered="3"/></report>`;
    expect(parseCobertura(jacoco, options).problems).toEqual(["a JaCoCo XML report, not Cobertura (convert it with cover2cover first)"]);
    const clover = `<?xml version="1.0" encoding="UTF-8"?><coverage generated="1718000000" clover="3.2.0"><project timestamp="1718000000" name="All files"><metrics statements="4" coveredstatements="3"/><file name="a.js" path="/r/a.js"><line num="1" count="1" type="stmt"/></file></project></coverage>`;
    expect(parseCobertura(clover, options).problems).toEqual(["a Clover XML report, not Cobertura"]);
    expect(parseCobertura("<html><body>coverage</body></html>", options).problems).toEqual(["not a Cobertura report: the root element is <html>, not <coverage>"]);
  });

  it("reports lcov or JSON text handed to it, empty text and non-text without throwing", () => {
    expect(parseCobertura(fixture("jest-cart/lcov.info"), options).problems).toEqual(["not XML: no element found"]);
    expect(parseCobertura(fixture("node-test-lcov.info"), options).problems).toEqual(["not a Cobertura report: the root element is <instance_members_initializer>, not <coverage>"]);
    expect(parseCobertura("{}", options).problems).toEqual(["not XML: no element found"]);
    expect(parseCobertura("", options).problems).toEqual(["empty report"]);
    expect(parseCobertura(null as unknown as string, options).problems).toEqual(["report is not text"]);
  });

  it("skips lines with bad numbers and unreadable condition-coverage, keeping the rest", () => {
    const xml = `<coverage><sources><source>${SHOP_ROOT}</source></sources><packages><package name="p"><classes>
      <class name="m.py" filename="m.py"><methods/><lines>
        <line number="1" hits="1"/><line number="x" hits="1"/><line number="3" hits="-4"/>
        <line number="4" hits="2" branch="true" condition-coverage="n/a"/><line number="5" hits="0" branch="true" condition-coverage="0% (0/2)"/>
      </lines></class>
      <class name="nameless"><lines><line number="1" hits="1"/></lines></class>
      <class name="empty.py" filename="empty.py" />
    </classes></package></packages></coverage>`;
    const r = parseCobertura(xml, options);
    expect(r.files).toEqual([
      { path: "m.py", lines: { covered: 2, total: 3 }, branches: { covered: 0, total: 2 }, functions: [], lineHits: { 1: 1, 4: 2, 5: 0 }, lineBranches: { 5: { covered: 0, total: 2 } } },
      { path: "empty.py", lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, functions: [], lineHits: {}, lineBranches: {} },
    ]);
    expect(r.problems).toEqual([
      "<line> elements without a valid number and hits ignored: 2 (m.py, m.py)",
      "branch lines without a readable condition-coverage ignored (m.py:4)",
      "classes without a filename ignored (nameless)",
    ]);
  });

  it("never expands a DOCTYPE's entities (billion laughs)", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE coverage [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><coverage><sources><source>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</source></sources><packages/></coverage>`;
    const r = parseCobertura(bomb, options);
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual(["no <class> elements: the report covers no files"]);
  });
});

describe("parseCobertura at scale", () => {
  it("reads 1,000 classes × 200 lines with exact totals", () => {
    const parts = [`<?xml version="1.0" ?><coverage><sources><source>/r</source></sources><packages><package name="p"><classes>`];
    for (let c = 0; c < 1000; c++) {
      parts.push(`<class name="m${c}.py" filename="pkg/m${c}.py"><methods/><lines>`);
      for (let l = 1; l <= 200; l++) parts.push(`<line number="${l}" hits="${l % 5 === 0 ? 0 : 1}"${l === 7 ? ' branch="true" condition-coverage="50% (1/2)"' : ""}/>`);
      parts.push(`</lines></class>`);
    }
    parts.push(`</classes></package></packages></coverage>`);
    const r = parseCobertura(parts.join(""), { root: "/r", source: "coverage.xml" });
    expect(r.problems).toEqual([]);
    expect(r.files).toHaveLength(1000);
    expect(r.files[734]).toMatchObject({ path: "pkg/m734.py", lines: { covered: 160, total: 200 }, branches: { covered: 1, total: 2 } });
  });
});
