import { ancestors, dirOf, type FrameworkList, joinPath, MAX_MANIFESTS, type RepoIndex } from "./repo-index.js";

/**
 * `go test` for each Go module (go.mod) that has `_test.go` files; test files outside any
 * module (GOPATH layout) count for the root.
 */
export function detectGo(index: RepoIndex, found: FrameworkList): void {
  const modules = new Set(index.named("go.mod").map(dirOf));
  const counts = new Map<string, number>();
  for (const p of index.withExt("go")) {
    if (!p.endsWith("_test.go")) continue;
    const owner = [...ancestors(dirOf(p))].find((d) => modules.has(d)) ?? "";
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  for (const [dir, n] of [...counts].sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))) {
    const files = `${n} *_test.go file${n === 1 ? "" : "s"}`;
    const evidence = modules.has(dir) ? `${joinPath(dir, "go.mod")} + ${files}` : `${files} (no go.mod)`;
    found.add({ name: "go test", language: "Go", evidence, command: "go test ./...", directory: dir });
  }
}

/**
 * `cargo test` for each Cargo.toml that is not a member of a workspace already listed.
 * Rust unit tests are inline `#[cfg(test)]` modules, invisible from paths, so every crate is
 * assumed to have some; a `tests/` folder is mentioned when there is one.
 */
export function detectRust(index: RepoIndex, found: FrameworkList): void {
  const workspaces: string[] = [];
  for (const manifest of index.named("Cargo.toml").slice(0, MAX_MANIFESTS)) {
    const dir = dirOf(manifest);
    if (workspaces.some((w) => w === "" || dir === w || dir.startsWith(`${w}/`))) continue;
    const text = index.read(manifest);
    const isWorkspace = text !== undefined && /^\s*\[workspace\]/m.test(text);
    if (isWorkspace) workspaces.push(dir);
    const integration = index.hasDir(joinPath(dir, "tests")) ? " + tests/" : "";
    found.add({
      name: "cargo test",
      language: "Rust",
      evidence: `${manifest}${isWorkspace ? " [workspace]" : ""}${integration}`,
      command: isWorkspace ? "cargo test --workspace" : "cargo test",
      directory: dir,
    });
  }
}
