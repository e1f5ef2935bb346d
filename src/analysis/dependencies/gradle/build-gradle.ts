/**
 * build.gradle (Groovy) and build.gradle.kts (Kotlin): the common declaration forms, read
 * from the text after comments are removed, not by running Gradle:
 *
 *     implementation 'g:a:1.0'            implementation("g:a:1.0")
 *     testImplementation "g:a:$version"   api(platform("g:bom:1.0"))
 *     implementation group: 'g', name: 'a', version: '1.0'
 *     implementation(group = "g", name = "a", version = "1.0")
 *
 * Any configuration named `…Implementation`, `…Api`, `…CompileOnly`, `…RuntimeOnly`,
 * `compile`, `runtime`, `annotationProcessor`, `kapt`, `ksp` counts; those with "test" in
 * the name are dev. `$var` / `${var}` versions are looked up in simple assignments of the same
 * file (`def v = '1.0'`, `val v = "1.0"`, `ext.v = '1.0'`, `extra["v"] = "1.0"`).
 * Version-catalog (`libs.…`), project and file dependencies are not read.
 */
import type { Declared, ParseOutcome } from "../parsed.js";
import { problem, stripBom } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

const CONFIGURATION = new RegExp(
  "^(?:[a-z][A-Za-z0-9]*?)?(?:implementation|Implementation|api|Api|compileOnly|CompileOnly|runtimeOnly|RuntimeOnly|" +
    "compile|Compile|runtime|Runtime|annotationProcessor|AnnotationProcessor|kapt|Kapt|ksp|Ksp|developmentOnly)$",
);

const STRING_FORM =
  /\b([a-z][A-Za-z0-9]*)\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?(["'])([^"'\n]+)\2/g;
const MAP_FORM = new RegExp(
  String.raw`\b([a-z][A-Za-z0-9]*)\s*\(?\s*group\s*[:=]\s*(["'])([^"'\n]+)\2\s*,\s*name\s*[:=]\s*(["'])([^"'\n]+)\4` +
    String.raw`(?:\s*,\s*version\s*[:=]\s*(["'])([^"'\n]+)\6)?`,
  "g",
);
const ASSIGNMENT =
  /(?:\b(?:def|val|var)\s+|\bext\.|\bextra\[\s*["'])([A-Za-z_][\w.]*)["']?\s*\]?\s*=\s*(["'])([^"'$\n]*)\2/g;
const EXT_BLOCK_ASSIGNMENT = /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(["'])([^"'$\n]*)\2/gm;

/** Reads dependency declarations of a Groovy or Kotlin Gradle build script. */
export function parseBuildGradle(path: string, text: string): ParseOutcome {
  const code = stripComments(stripBom(text));
  const problems: ManifestProblem[] = [];
  const vars = new Map<string, string>();
  for (const m of code.matchAll(EXT_BLOCK_ASSIGNMENT)) vars.set(m[1]!, m[3]!);
  for (const m of code.matchAll(ASSIGNMENT)) vars.set(m[1]!, m[3]!);

  const dependencies: Declared[] = [];
  const add = (configuration: string, group: string, artifact: string, rawVersion: string | undefined) => {
    const entry: Declared = {
      name: `${group}:${artifact}`,
      version: null,
      ecosystem: "Maven",
      direct: true,
      dev: /test/i.test(configuration),
      manifest: path,
    };
    if (rawVersion !== undefined && rawVersion !== "") {
      const version = rawVersion.replace(/\$\{([^}]+)\}|\$([A-Za-z_][\w.]*)/g, (whole, braced?: string, bare?: string) => {
        const name = (braced ?? bare ?? "").replace(/^(?:rootProject\.|project\.)?(?:ext\.|extra\.)?/, "");
        return vars.get(name) ?? vars.get(name.slice(name.lastIndexOf(".") + 1)) ?? whole;
      });
      entry.range = version;
      if (version.includes("$")) problems.push(problem(path, `${entry.name}: unresolved variable in version "${rawVersion}"`));
      else if (/^\d[\w.-]*$/.test(version) && !version.endsWith("+")) entry.version = version;
    }
    dependencies.push(entry);
  };

  for (const m of code.matchAll(STRING_FORM)) {
    if (!CONFIGURATION.test(m[1]!)) continue;
    // group:artifact[:version[:classifier]][@extension]
    const parts = m[3]!.split("@", 1)[0]!.split(":");
    if (parts.length < 2 || parts.some((p, i) => i < 2 && !/^[\w.-]+$/.test(p))) continue;
    add(m[1]!, parts[0]!, parts[1]!, parts[2]);
  }
  for (const m of code.matchAll(MAP_FORM)) {
    if (CONFIGURATION.test(m[1]!)) add(m[1]!, m[3]!, m[5]!, m[7]);
  }
  if (/\b[a-z][A-Za-z0-9]*\s*\(?\s*libs\.[\w.]+/.test(code)) {
    problems.push(problem(path, "version-catalog dependencies (libs.…) are not read"));
  }
  return { file: { kind: "manifest", path, ecosystem: "Maven", dependencies }, problems };
}

/** Removes `//` and `/* … *\/` comments, leaving string literals (URLs hold `//`) alone. */
function stripComments(text: string): string {
  const parts: string[] = [];
  const special = /["'/]/g;
  let kept = 0;
  let i = 0;
  while (i < text.length) {
    special.lastIndex = i;
    const next = special.exec(text);
    if (!next) break;
    i = next.index;
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = closingQuote(text, i);
    } else if (text[i + 1] === "/" || text[i + 1] === "*") {
      parts.push(text.slice(kept, i));
      const end = text[i + 1] === "/" ? text.indexOf("\n", i) : text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : text[i + 1] === "/" ? end : end + 2;
      kept = i;
    } else i++;
  }
  parts.push(text.slice(kept));
  return parts.join("");
}

function closingQuote(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") i++;
    else if (c === quote) return i + 1;
    else if (c === "\n") return i;
  }
  return text.length;
}
