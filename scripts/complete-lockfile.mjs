#!/usr/bin/env node
// The npm registry this project is built against holds only Linux x64 builds of packages that
// ship native binaries per platform (esbuild, @swc/core, jest's unrs-resolver and
// @parcel/watcher). npm therefore leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` then refuses the lock as "out of sync". This script adds the
// missing optional entries (version, and os/cpu read from the package name) so the lock is
// complete for every platform; npm skips them where os/cpu do not match, as it always does.
// Run it after `npm install` changes the lock: `npm run lock:complete`.
import { readFile, writeFile } from "node:fs/promises";

const OS = ["darwin", "linux", "win32", "freebsd", "android", "aix", "netbsd", "openbsd", "sunos", "openharmony"];
const CPU = ["x64", "arm64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "mips64el", "wasm32"];

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  const libc = parts.some((p) => p === "musl") ? "musl" : parts.some((p) => p === "gnu" || p === "glibc" || p === "gnueabihf") ? "glibc" : undefined;
  return { os, cpu, libc };
}

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(await readFile(file, "utf8"));
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm looks for the dependency next to its parent, then up the tree.
    const parentDir = key === "" ? "" : `${key}/`;
    const candidates = [`${parentDir}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => lock.packages[c])) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform binary: leave it to npm
    lock.packages[`node_modules/${dep}`] = {
      version: range.replace(/^[\^~=]/, ""),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
await writeFile(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: added ${added} optional platform entries`);
