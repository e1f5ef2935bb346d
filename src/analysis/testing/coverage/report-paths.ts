import path from "node:path";

/** Report-output folders whose parent is the directory the test tool ran in. */
const OUTPUT_DIRS = new Set(["coverage", "target", "TestResults", "htmlcov", ".coverage"]);

function toSlashes(p: string): string {
  return p.replace(/\\/g, "/");
}

function isWindowsAbsolute(p: string): boolean {
  return /^[A-Za-z]:\//.test(p);
}

/**
 * The repo-relative directory a report's relative paths are relative to: the parent of its
 * output folder (`packages/a/coverage/lcov.info` → `packages/a`, `target/site/cobertura/coverage.xml`
 * → ``, `tests/App.Tests/TestResults/<guid>/coverage.cobertura.xml` → `tests/App.Tests`,
 * `build/reports/…` → its parent), else the report's own directory.
 */
export function coverageBaseDir(reportPath: string): string {
  const parts = toSlashes(reportPath).split("/").filter((s) => s !== "" && s !== ".");
  parts.pop();
  for (let i = parts.length - 1; i >= 0; i--) {
    const seg = parts[i]!;
    if (OUTPUT_DIRS.has(seg) || (seg === "build" && parts[i + 1] === "reports")) return parts.slice(0, i).join("/");
  }
  return parts.join("/");
}

/** Normalises a root once so that every path of a report is checked against the same string. */
export function normaliseRoot(root: string): string {
  let r = toSlashes(root);
  while (r.length > 1 && r.endsWith("/")) r = r.slice(0, -1);
  return r;
}

/**
 * Maps a path as a report writes it to a repo-relative path with `/` separators, or null
 * when it is empty or lies outside the repository. Absolute paths (POSIX or `C:\…`) are made
 * relative to `root`; relative ones are joined to `baseDir`.
 */
export function resolveReportPath(raw: string, root: string, baseDir: string): string | null {
  let p = toSlashes(raw.trim());
  if (p.startsWith("file://")) p = p.slice("file://".length);
  if (p === "") return null;
  let rel: string;
  if (p.startsWith("/") || isWindowsAbsolute(p)) {
    // Windows paths compare case-insensitively (drive letters and folders alike).
    const windows = isWindowsAbsolute(p);
    const a = windows ? p.toLowerCase() : p;
    const r = windows ? root.toLowerCase() : root;
    if (r === "/") rel = p.slice(1);
    else if (a.startsWith(r + "/")) rel = p.slice(r.length + 1);
    else return null;
  } else {
    rel = baseDir ? `${baseDir}/${p}` : p;
  }
  const norm = path.posix.normalize(rel);
  if (norm === ".." || norm.startsWith("../") || norm.startsWith("/") || norm === ".") return null;
  return norm.startsWith("./") ? norm.slice(2) : norm;
}
