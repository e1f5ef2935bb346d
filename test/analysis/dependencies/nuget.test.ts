import { describe, expect, it } from "@jest/globals";
import { collectDependencies, parseDependencyFile, type Dependency } from "../../../src/analysis/dependencies/index.js";
import { fixtureFiles, fixtureText } from "./load-fixture.js";

type Flags = { direct?: boolean; dev?: boolean; range?: string };
const nuget = (name: string, version: string | null, manifest: string, f: Flags = {}): Dependency => ({
  name,
  version,
  ecosystem: "NuGet",
  direct: f.direct ?? false,
  dev: f.dev ?? false,
  manifest,
  ...(f.range !== undefined ? { range: f.range } : {}),
});

describe("project files", () => {
  it("fsproj: Version as child element or attribute (any case), $(Property) from the file, ranges are not versions", () => {
    const result = parseDependencyFile("Reports/Reports.fsproj", fixtureText("nuget/legacy/Reports/Reports.fsproj"));
    const m = "Reports/Reports.fsproj";
    expect(result.dependencies).toEqual([
      nuget("Argu", null, m, { direct: true, range: "$(ArguVersion)" }),
      nuget("Dapper", "2.1.35", m, { direct: true, range: "2.1.35" }),
      nuget("FSharp.Core", "8.0.200", m, { direct: true, range: "8.0.200" }),
      nuget("FSharp.Data", null, m, { direct: true, range: "[6.3.0, 7.0.0)" }),
    ]);
    expect(result.problems.map((p) => p.message)).toEqual(['Reports/Reports.fsproj: Argu: unresolved property in version "$(ArguVersion)"']);
  });

  it("csproj under central package management alone: VersionOverride is read, the rest waits for Directory.Packages.props", () => {
    const result = parseDependencyFile("Orders.Api.csproj", fixtureText("nuget/cpm/src/Orders.Api/Orders.Api.csproj"));
    const m = "Orders.Api.csproj";
    expect(result.dependencies).toEqual([
      nuget("Microsoft.EntityFrameworkCore", "8.0.4", m, { direct: true, range: "8.0.4" }),
      nuget("Newtonsoft.Json", null, m, { direct: true }),
      nuget("Polly", null, m, { direct: true }),
      nuget("serilog.aspnetcore", null, m, { direct: true }),
      nuget("StyleCop.Analyzers", "1.2.0-beta.556", m, { direct: true, dev: true, range: "1.2.0-beta.556" }),
      nuget("Swashbuckle.AspNetCore", "6.5.0", m, { direct: true, range: "6.5.0" }),
    ]);
  });

  it("a test project's dependencies are all dev", () => {
    const csproj = `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup>
      <ItemGroup><PackageReference Include="FluentAssertions" Version="6.12.0" /></ItemGroup></Project>`;
    expect(parseDependencyFile("A.Tests.csproj", csproj).dependencies).toEqual([
      nuget("FluentAssertions", "6.12.0", "A.Tests.csproj", { direct: true, dev: true, range: "6.12.0" }),
    ]);
  });

  it("old-style project with the MSBuild namespace and exact [x] versions", () => {
    const csproj = `<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <ItemGroup>
    <PackageReference Include="Castle.Core"><Version>[5.1.1]</Version></PackageReference>
  </ItemGroup>
</Project>`;
    expect(parseDependencyFile("Legacy.csproj", csproj).dependencies).toEqual([
      nuget("Castle.Core", "5.1.1", "Legacy.csproj", { direct: true, range: "[5.1.1]" }),
    ]);
  });
});

describe("packages.config", () => {
  it("every package with its exact version; developmentDependency is dev", () => {
    const result = parseDependencyFile("packages.config", fixtureText("nuget/legacy/Billing/packages.config"));
    const m = "packages.config";
    expect(result.dependencies).toEqual([
      nuget("EntityFramework", "6.4.4", m, { direct: true }),
      nuget("log4net", "2.0.15", m, { direct: true }),
      nuget("Microsoft.CodeDom.Providers.DotNetCompilerPlatform", "2.0.1", m, { direct: true, dev: true }),
      nuget("Newtonsoft.Json", "12.0.3", m, { direct: true, range: "[12,13)" }),
    ]);
  });
});

describe("packages.lock.json", () => {
  it("alone: Direct entries are direct, Transitive and CentralTransitive are not, Project references are skipped", () => {
    const result = parseDependencyFile("packages.lock.json", fixtureText("nuget/cpm/src/Orders.Api/packages.lock.json"));
    const m = "packages.lock.json";
    expect(result.dependencies).toEqual([
      nuget("Microsoft.EntityFrameworkCore", "8.0.4", m, { direct: true, range: "[8.0.4, )" }),
      nuget("Microsoft.EntityFrameworkCore.Abstractions", "8.0.4", m),
      nuget("Microsoft.Extensions.Logging", "8.0.0", m),
      nuget("Newtonsoft.Json", "13.0.3", m, { direct: true, range: "[13.0.3, )" }),
      nuget("Polly", "8.3.1", m, { direct: true, range: "[8.3.*, )" }),
      nuget("Polly.Core", "8.3.1", m),
      nuget("Serilog", "3.1.1", m),
      nuget("Serilog.AspNetCore", "8.0.1", m, { direct: true, range: "[8.0.1, )" }),
      nuget("StyleCop.Analyzers", "1.2.0-beta.556", m, { direct: true, range: "[1.2.0-beta.556, )" }),
      nuget("StyleCop.Analyzers.Unstable", "1.2.0.556", m),
      nuget("Swashbuckle.AspNetCore", "6.5.0", m, { direct: true, range: "[6.5.0, )" }),
    ]);
  });
});

describe("Directory.Packages.props", () => {
  it("alone: its central versions and global references", () => {
    const result = parseDependencyFile("Directory.Packages.props", fixtureText("nuget/cpm/Directory.Packages.props"));
    const m = "Directory.Packages.props";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      nuget("AutoMapper", "13.0.1", m, { direct: true, range: "13.0.1" }),
      nuget("Microsoft.EntityFrameworkCore", "8.0.3", m, { direct: true, range: "[8.0.3]" }),
      nuget("Microsoft.NET.Test.Sdk", "17.9.0", m, { direct: true, range: "17.9.0" }),
      nuget("Nerdbank.GitVersioning", "3.6.133", m, { direct: true, dev: true, range: "3.6.133" }),
      nuget("Newtonsoft.Json", "13.0.3", m, { direct: true, range: "13.0.3" }),
      nuget("Polly", null, m, { direct: true, range: "8.3.*" }),
      nuget("Serilog.AspNetCore", "8.0.1", m, { direct: true, range: "8.0.1" }),
      nuget("xunit", "2.7.0", m, { direct: true, range: "2.7.0" }),
    ]);
  });

  it("collected with the solution: projects take central versions, the lock gives resolved ones, only global references stay on the props file", () => {
    const result = collectDependencies(fixtureFiles("nuget/cpm"));
    const api = "src/Orders.Api/packages.lock.json";
    const tests = "tests/Orders.Api.Tests/Orders.Api.Tests.csproj";
    expect(result.problems).toEqual([]);
    expect(result.dependencies).toEqual([
      nuget("AutoMapper", "13.0.1", tests, { direct: true, dev: true, range: "13.0.1" }),
      nuget("Microsoft.EntityFrameworkCore", "8.0.4", api, { direct: true, range: "8.0.4" }),
      nuget("Microsoft.EntityFrameworkCore.Abstractions", "8.0.4", api),
      nuget("Microsoft.Extensions.Logging", "8.0.0", api),
      nuget("Microsoft.NET.Test.Sdk", "17.9.0", tests, { direct: true, dev: true, range: "17.9.0" }),
      nuget("Nerdbank.GitVersioning", "3.6.133", "Directory.Packages.props", { direct: true, dev: true, range: "3.6.133" }),
      nuget("Newtonsoft.Json", "13.0.3", api, { direct: true, range: "13.0.3" }),
      nuget("Polly", "8.3.1", api, { direct: true, range: "8.3.*" }),
      nuget("Polly.Core", "8.3.1", api),
      nuget("Serilog", "3.1.1", api),
      // the csproj spells it in lowercase; the lockfile's spelling is the package's
      nuget("Serilog.AspNetCore", "8.0.1", api, { direct: true, range: "8.0.1" }),
      nuget("StyleCop.Analyzers", "1.2.0-beta.556", api, { direct: true, dev: true, range: "1.2.0-beta.556" }),
      nuget("StyleCop.Analyzers.Unstable", "1.2.0.556", api, { dev: true }),
      nuget("Swashbuckle.AspNetCore", "6.5.0", api, { direct: true, range: "6.5.0" }),
      nuget("xunit", "2.7.0", tests, { direct: true, dev: true, range: "2.7.0" }),
    ]);
  });
});
