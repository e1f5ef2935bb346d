import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import { runDoctor, sandboxCheck } from "../../src/doctor/checks.js";
import { startFakeOllama, type FakeOllama } from "../fakes/ollama.js";
import { runLodestar, tempDir } from "../helpers/cli.js";

let ollama: FakeOllama | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await ollama?.close();
  ollama = undefined;
  while (cleanups.length) await cleanups.pop()!();
});

async function workDir() {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("lodestar doctor", () => {
  it("reports a reachable Ollama, its version and whether the configured model is installed", async () => {
    ollama = await startFakeOllama({ version: "0.12.6", models: ["qwen2.5-coder:7b", "llama3.2:latest"] });
    const dir = await workDir();
    const results = await runDoctor({ env: { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: dir, ANTHROPIC_API_KEY: "sk-ant-test" } });
    expect(results.find((r) => r.name === "ollama")).toEqual({ name: "ollama", status: "ok", detail: `${ollama.url} answers, version 0.12.6` });
    expect(results.find((r) => r.name === "ollama model")).toMatchObject({ status: "ok", detail: "qwen2.5-coder:7b is installed" });
    expect(results.find((r) => r.name === "cloud keys")).toMatchObject({
      status: "ok",
      detail: "ANTHROPIC_API_KEY is set, OPENAI_API_KEY is not set; escalation uses anthropic",
    });
    expect(results.find((r) => r.name === "state")?.status).toBe("ok");
    expect(ollama.requests.map((r) => r.path)).toEqual(["/api/version", "/api/tags"]);
  });

  it("warns when the model is missing or Ollama is down, without failing", async () => {
    ollama = await startFakeOllama({ models: ["llama3.2:latest"] });
    const dir = await workDir();
    const missing = await runDoctor({ env: { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: dir } });
    expect(missing.find((r) => r.name === "ollama model")).toMatchObject({ status: "warn", detail: expect.stringContaining("ollama pull qwen2.5-coder:7b") });
    expect(missing.find((r) => r.name === "cloud keys")).toMatchObject({
      status: "warn",
      detail: "ANTHROPIC_API_KEY is not set, OPENAI_API_KEY is not set; escalation to anthropic is unavailable",
    });
    await ollama.close();
    const down = await runDoctor({ env: { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: dir }, timeoutMs: 1000 });
    ollama = undefined;
    expect(down.find((r) => r.name === "ollama")).toMatchObject({ status: "warn", detail: expect.stringContaining("unreachable") });
  });

  it("names the cloud keys that are set and never prints a key", async () => {
    ollama = await startFakeOllama({ models: ["qwen2.5-coder:7b"] });
    const repo = await workDir();
    await mkdir(path.join(repo, ".github"));
    await writeFile(path.join(repo, ".github", "lodestar.yml"), "models:\n  cloud: openai\n");
    const secrets = { ANTHROPIC_API_KEY: "sk-ant-api03-doctor-secret-1111", OPENAI_API_KEY: "sk-proj-doctor-secret-2222" };
    const results = await runDoctor({ repoDir: repo, env: { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: path.join(repo, "state"), ...secrets } });
    expect(results.find((r) => r.name === "cloud keys")).toEqual({
      name: "cloud keys",
      status: "ok",
      detail: "ANTHROPIC_API_KEY is set, OPENAI_API_KEY is set; escalation uses openai",
    });
    const printed = JSON.stringify(results);
    for (const secret of Object.values(secrets)) expect(printed).not.toContain(secret);
  });

  it("fails on an invalid repo config and exits 1 with one summary line", async () => {
    const repo = await workDir();
    await mkdir(path.join(repo, ".github"));
    await writeFile(path.join(repo, ".github", "lodestar.yml"), "models:\n  cloud: azure\n");
    const run = await runLodestar(["doctor", "--repo", repo], { env: { LODESTAR_STATE_DIR: path.join(repo, "state") } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ config\s+\.github\/lodestar\.yml: models\.cloud: /m);
    expect(run.stdout).toMatch(/^! ollama\s+http:\/\/127\.0\.0\.1:9 unreachable/m);
    expect(run.stderr.trim()).toBe("lodestar: 1 check failed: config");
  });
});

describe("the sandbox check", () => {
  const isolated = { network: "none", memory: "enforced", filesystem: "protected", pidNamespace: true, loopback: true, backstop: true } as const;
  it("is ok where the runner isolates network, files and memory", async () => {
    expect(await sandboxCheck(async () => isolated)).toEqual({
      name: "sandbox",
      status: "ok",
      detail: "network off, files protected, memory limit enforced, own process namespace yes",
    });
  });

  it("warns, naming what is not isolated, where user namespaces are unavailable", async () => {
    const result = await sandboxCheck(async () => ({ ...isolated, network: "not-isolated", filesystem: "not-isolated", pidNamespace: false }));
    expect(result.status).toBe("warn");
    expect(result.detail).toMatch(/^network not isolated, files not isolated, memory limit enforced, own process namespace no; enable unprivileged user namespaces/);
  });

  it("is part of lodestar doctor, with what this machine really gives", async () => {
    const dir = await workDir();
    const results = await runDoctor({ env: { OLLAMA_HOST: "http://127.0.0.1:9", LODESTAR_STATE_DIR: dir }, timeoutMs: 500 });
    expect(results.find((r) => r.name === "sandbox")?.detail).toMatch(/^network (off|not isolated), files (protected|not isolated), memory limit/);
  });
});
