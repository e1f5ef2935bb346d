import { describe, expect, it } from "@jest/globals";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { openAnalysisCache } from "../../src/state/index.js";
import { tempDir } from "../helpers/cli.js";

async function setup() {
  const repo = await tempDir("lodestar-cache-repo-");
  const state = await tempDir("lodestar-cache-state-");
  return {
    repo: repo.dir,
    stateDir: state.dir,
    cleanup: async () => {
      await repo.cleanup();
      await state.cleanup();
    },
  };
}

describe("analysis cache", () => {
  it("returns a value only for the same path and validator, across runs", async () => {
    const t = await setup();
    try {
      const first = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      const files = first.namespace<{ code: number }>("files");
      expect(files.get("a.ts", "blob1")).toBeUndefined();
      files.set("a.ts", "blob1", { code: 10 });
      files.set("b.ts", "blob2", { code: 20 });
      expect(await first.save()).toBe(1);

      const second = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      const again = second.namespace<{ code: number }>("files");
      expect(again.get("a.ts", "blob1")).toEqual({ code: 10 });
      expect(again.get("a.ts", "blob-changed")).toBeUndefined();
      expect(again.get("c.ts", "blob1")).toBeUndefined();
      again.set("a.ts", "blob3", { code: 30 });
      await second.save();

      // A disposable cache: replaced atomically, no last-good copy and no temp file left.
      const names = await readdir(second.dir);
      expect(names.filter((n) => n.startsWith("files"))).toEqual(["files.json"]);
      expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
      const third = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      expect(third.namespace<{ code: number }>("files").get("a.ts", "blob3")).toEqual({ code: 30 });
    } finally {
      await t.cleanup();
    }
  });

  it("writes only the namespaces that changed", async () => {
    const t = await setup();
    try {
      const first = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      first.namespace<number>("files").set("a.ts", "v", 1);
      first.namespace<number>("functions").set("a.ts", "v", 2);
      expect(await first.save()).toBe(2);
      const second = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      second.namespace<number>("files").set("a.ts", "v2", 3);
      expect(second.namespace<number>("functions").get("a.ts", "v")).toBe(2);
      expect(await second.save()).toBe(1);
      const third = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      expect(third.namespace<number>("files").get("a.ts", "v2")).toBe(3);
      expect(third.namespace<number>("functions").get("a.ts", "v")).toBe(2);
    } finally {
      await t.cleanup();
    }
  });

  it("does not write when nothing changed, and prunes entries a run no longer used", async () => {
    const t = await setup();
    try {
      const first = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      const files = first.namespace<number>("files");
      files.set("kept.ts", "v", 1);
      files.set("deleted.ts", "v", 2);
      first.namespace<number>("other").set("x", "v", 3);
      await first.save();

      const second = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      expect(second.namespace<number>("files").get("kept.ts", "v")).toBe(1);
      // deleted.ts was not asked for in this run: dropped. "other" was not used at all: kept.
      expect(await second.save()).toBe(1);

      const third = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      expect(third.namespace<number>("files").get("deleted.ts", "v")).toBeUndefined();
      expect(third.namespace<number>("files").get("kept.ts", "v")).toBe(1);
      expect(third.namespace<number>("other").get("x", "v")).toBe(3);
      expect(await third.save()).toBe(0);
    } finally {
      await t.cleanup();
    }
  });

  it("keeps one file per repository and ignores another repository's cache", async () => {
    const t = await setup();
    const other = await tempDir("lodestar-cache-other-");
    try {
      const a = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      a.namespace<number>("files").set("same.ts", "v", 1);
      await a.save();
      const b = await openAnalysisCache(other.dir, { stateDir: t.stateDir });
      expect(b.namespace<number>("files").get("same.ts", "v")).toBeUndefined();
      b.namespace<number>("files").set("same.ts", "v", 2);
      await b.save();
      const folders = await readdir(path.join(t.stateDir, "analysis"));
      expect(folders).toHaveLength(2);
    } finally {
      await other.cleanup();
      await t.cleanup();
    }
  });

  it("rebuilds a corrupt cache with a warning instead of failing, and keeps the damaged bytes", async () => {
    const t = await setup();
    try {
      const first = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      first.namespace<number>("files").set("a.ts", "v", 1);
      await first.save();
      const filesPath = path.join(first.dir, "files.json");
      await writeFile(filesPath, '{"version":2,"root":');

      const second = await openAnalysisCache(t.repo, { stateDir: t.stateDir });
      expect(second.warnings).toEqual([]); // read when first used
      expect(second.namespace<number>("files").get("a.ts", "v")).toBeUndefined();
      expect(second.warnings.join(" ")).toMatch(/"files" was unreadable and is rebuilt/);
      const names = await readdir(first.dir);
      const quarantined = names.find((n) => n.includes(".corrupt-"));
      expect(quarantined).toBeDefined();
      expect(await readFile(path.join(first.dir, quarantined!), "utf8")).toBe('{"version":2,"root":');
    } finally {
      await t.cleanup();
    }
  });
});
