/**
 * gradle.lockfile (Gradle dependency locking): one `group:artifact:version=conf1,conf2` line
 * per resolved module. A module locked only in test configurations is dev. The file does not
 * say which modules the build script declared, so alone everything is transitive.
 */
import type { LockPackage, ParseOutcome } from "../parsed.js";
import { problem, stripBom } from "../read-structured.js";
import type { ManifestProblem } from "../types.js";

/** Reads a gradle.lockfile. */
export function parseGradleLockfile(path: string, text: string): ParseOutcome {
  const packages: LockPackage[] = [];
  const problems: ManifestProblem[] = [];
  let unreadable = 0;
  let first = 0;
  const lines = stripBom(text).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("empty=")) continue;
    const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$/.exec(line);
    if (!m) {
      if (unreadable++ === 0) first = i + 1;
      continue;
    }
    const configurations = m[4]!.split(",").filter((c) => c !== "");
    packages.push({
      id: `${m[1]}:${m[2]}:${m[3]}`,
      name: `${m[1]}:${m[2]}`,
      version: m[3]!,
      dev: configurations.length > 0 && configurations.every((c) => /test/i.test(c)),
    });
  }
  if (unreadable > 0) problems.push(problem(path, `${unreadable} unreadable line(s), first at line ${first}`));
  return { file: { kind: "lockfile", path, ecosystem: "Maven", packages, importers: [], graph: false }, problems };
}
