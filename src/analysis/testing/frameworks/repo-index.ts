import type { TestFramework } from "./types.js";

/**
 * Folders whose build files belong to someone else (dependencies) or are test data: a
 * `package.json` under `test/fixtures/` is not how the repository runs its tests.
 */
const SKIPPED_DIRS = new Set(["node_modules", "bower_components", "vendor", ".git", ".venv", "venv", "site-packages", "fixtures", "__fixtures__", "testdata"]);

/** Most files any detector reads; the shallowest come first, so the root is always read. */
export const MAX_READS = 2000;

/** Most manifests of one kind (package.json, pom.xml, …) a detector reads. */
export const MAX_MANIFESTS = 200;

/** `a/b/c.txt` → `a/b`; `c.txt` → ``. */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "" : path.slice(0, i);
}

export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

export function depthOf(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/** `dir` and each folder above it, ending with the root "". */
export function* ancestors(dir: string): Generator<string> {
  let d = dir;
  for (;;) {
    yield d;
    if (d === "") return;
    d = dirOf(d);
  }
}

function byDepth(a: string, b: string): number {
  return depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The repository's paths indexed once (by name, by extension, by folder) so each detector
 * looks up what it needs instead of scanning 50,000 paths again; reads go through `read`,
 * which never throws and reads each file at most once.
 */
export class RepoIndex {
  readonly files = new Set<string>();
  readonly dirs = new Set<string>([""]);
  private readonly byName = new Map<string, string[]>();
  private readonly byExt = new Map<string, string[]>();
  private readonly texts = new Map<string, string | undefined>();
  private reads = 0;

  constructor(paths: readonly string[], private readonly readText: (path: string) => string | undefined) {
    for (const raw of paths) {
      if (typeof raw !== "string" || raw === "") continue;
      const p = raw.replace(/\\/g, "/").replace(/^\.\//, "");
      const dir = dirOf(p);
      if (dir !== "" && dir.split("/").some((s) => SKIPPED_DIRS.has(s))) continue;
      this.files.add(p);
      for (const d of ancestors(dir)) {
        if (this.dirs.has(d)) break;
        this.dirs.add(d);
      }
      const name = baseOf(p);
      push(this.byName, name, p);
      const dot = name.lastIndexOf(".");
      if (dot > 0) push(this.byExt, name.slice(dot + 1).toLowerCase(), p);
    }
    for (const list of this.byName.values()) list.sort(byDepth);
    for (const list of this.byExt.values()) list.sort(byDepth);
  }

  /** Paths with this file name, shallowest first. */
  named(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }

  /** Paths with this extension (no dot, lower case), shallowest first. */
  withExt(ext: string): readonly string[] {
    return this.byExt.get(ext) ?? [];
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Whether any listed file lies under `dir` (a folder path, "" for the root). */
  hasDir(dir: string): boolean {
    return this.dirs.has(dir);
  }

  /** A file's text; undefined when missing, unreadable, over the read budget, or when `readText` throws. */
  read(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    let text: string | undefined;
    if (this.files.has(path) && this.reads < MAX_READS) {
      this.reads++;
      try {
        const t = this.readText(path);
        text = typeof t === "string" ? t : undefined;
      } catch {
        text = undefined;
      }
    }
    this.texts.set(path, text);
    return text;
  }

  /** The nearest folder at or above `dir` that holds one of `names`, or null. */
  nearest(dir: string, names: readonly string[]): string | null {
    for (const d of ancestors(dir)) if (names.some((n) => this.files.has(joinPath(d, n)))) return d;
    return null;
  }

  /** The highest folder at or above `dir` that holds one of `names` (the root of a multi-module build), or null. */
  highest(dir: string, names: readonly string[]): string | null {
    let found: string | null = null;
    for (const d of ancestors(dir)) if (names.some((n) => this.files.has(joinPath(d, n)))) found = d;
    return found;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Frameworks found so far; the first evidence for a framework in a directory wins, so detectors add strongest first. */
export class FrameworkList {
  private readonly items = new Map<string, TestFramework>();

  add(fw: TestFramework): void {
    const key = `${fw.directory}\u0000${fw.name}`;
    if (!this.items.has(key)) this.items.set(key, fw);
  }

  has(name: string, directory: string): boolean {
    return this.items.has(`${directory}\u0000${name}`);
  }

  list(): TestFramework[] {
    return [...this.items.values()];
  }
}

/** JSON.parse that returns undefined instead of throwing, and only objects. */
export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
