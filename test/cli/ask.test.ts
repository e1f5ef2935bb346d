/**
 * `lodestar ask` through the CLI entry point (runCli, in process), with the fake Ollama and the
 * fake Anthropic over HTTP, a repository in a temp folder and the state in another.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { ASK_LIMITS, keywords, pickContext } from "../../src/cli/commands/ask.js";
import { runCli } from "../../src/cli/program.js";
import { githubToken } from "../modules/security/secrets/tokens.js";
import { fakesPerTest } from "../helpers/fake-models.js";

const fakes = fakesPerTest();

const dir = (prefix: string) => fakes.dir(prefix);

async function write(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
}

const LOADER = 'import { parse } from "yaml";\n/** Reads .github/lodestar.yml. */\nexport async function loadRepoConfig(dir: string) {\n  return parse(await readText(dir));\n}\n';

async function sampleRepo(extra: Record<string, string | Buffer> = {}): Promise<string> {
  const repo = await dir("lodestar-ask-repo-");
  await write(repo, {
    "README.md": "# Shop\nAn online shop.\n",
    "src/config/load.ts": LOADER,
    "src/cart.ts": "export function addToCart(item: string) { return [item]; }\n",
    "src/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]),
    "vendor/lib/config-loader.js": "module.exports = function config() { return loadRepoConfig(); };\n",
    ...extra,
  });
  return repo;
}

async function ask(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["ask", ...args], { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env: { OLLAMA_HOST: "http://127.0.0.1:9", ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "", ...env } });
  return { code, stdout, stderr };
}

describe("lodestar ask", () => {
  it("answers locally with the relevant files as context, and prints who answered, tokens and cost", async () => {
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], respond: () => ({ text: "In src/config/load.ts, by loadRepoConfig." }) });
    const repo = await sampleRepo();
    const stateDir = await dir("lodestar-ask-state-");
    const run = await ask(["--repo", repo, "Where is the config loaded? loadRepoConfig?"], { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: stateDir });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("In src/config/load.ts, by loadRepoConfig.");
    expect(lines[2]).toMatch(/^answered by ollama qwen2\.5-coder:7b \(local; confidence 0\.95\)$/);
    expect(lines[3]).toMatch(/^tokens: [\d,]+ in, \d+ out in 1 call · cost \$0\.0000$/);
    expect(lines[4]).toBe("context: src/config/load.ts");
    // The file went to the local model as data in front of the question.
    const chat = ollama.requests.find((r) => r.path === "/api/chat")!.json as { messages: { role: string; content: string }[]; options?: { num_ctx?: number } };
    // Ollama's own default window would cut a long prompt silently: the router asks for its own.
    expect(chat.options?.num_ctx).toBe(32_768);
    const user = chat.messages.find((m) => m.role === "user")!.content;
    expect(user).toContain(`File: src/config/load.ts\n\`\`\`\n${LOADER}\`\`\``);
    expect(user.endsWith("Where is the config loaded? loadRepoConfig?")).toBe(true);
    const state = JSON.parse(await readFile(path.join(stateDir, "state.json"), "utf8")) as { ledger: { provider: string; taskKind: string; repo: string }[]; decisions: { stage: string; decision: string }[] };
    expect(state.ledger).toEqual([expect.objectContaining({ provider: "ollama", taskKind: "ask", repo: path.basename(repo) })]);
    expect(state.decisions).toEqual([expect.objectContaining({ stage: "route", decision: "local" })]);
  });

  it("honours the repo config: escalates past its threshold to the cloud, with never-send files withheld and secrets redacted", async () => {
    const token = githubToken();
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], respond: () => ({ text: "Probably somewhere in src." }) });
    const anthropic = await fakes.anthropic({ respond: () => ({ text: "loadRepoConfig in src/config/load.ts reads it." }) });
    const repo = await sampleRepo({
      ".github/lodestar.yml": "thresholds:\n  confidence: 0.99\nmodels:\n  local-context: 8192\n",
      ".env": "CONFIG_LOADER_SECRET=never-leaves-this-machine\n",
      "src/config/token.ts": `export const configToken = "${token}";\n`,
    });
    const run = await ask(["--repo", repo, "Where is the config loaded, and which config token?"], {
      OLLAMA_HOST: ollama.url,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: anthropic.url,
      LODESTAR_STATE_DIR: await dir("lodestar-ask-state-"),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("loadRepoConfig in src/config/load.ts reads it.\n");
    expect(run.stdout).toMatch(/\nanswered by anthropic claude-sonnet-5-5 \(escalated: confidence 0\.95 < 0\.99\)\n/);
    expect(run.stdout).toMatch(/\ntokens: [\d,]+ in, \d+ out in 2 calls · cost \$0\.0\d{3}\n/);
    expect(anthropic.requests).toHaveLength(1);
    expect(ollama.requests.filter((r) => r.path === "/api/chat").map((r) => (r.json as { options?: { num_ctx?: number } }).options?.num_ctx)).toEqual([8192]);
    const body = anthropic.requests[0]!.body;
    expect(body).toContain("src/config/token.ts");
    expect(body).not.toContain(token);
    expect(body).not.toContain("never-leaves-this-machine");
  });

  it("at a budget cap answers locally and says so", async () => {
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], respond: () => ({ text: "In src/config/load.ts." }) });
    const anthropic = await fakes.anthropic();
    const repo = await sampleRepo({ ".github/lodestar.yml": "thresholds:\n  confidence: 0.99\nbudgets:\n  daily-usd: 0\n" });
    const run = await ask(["--repo", repo, "Where is the config loaded?"], { OLLAMA_HOST: ollama.url, ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: anthropic.url, LODESTAR_STATE_DIR: await dir("lodestar-ask-state-") });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\nanswered by ollama qwen2\.5-coder:7b \(local; local only: daily cloud budget of \$0\.00 reached .*; confidence 0\.95\)\n/);
    expect(anthropic.requests).toHaveLength(0);
  });

  it("prints JSON with --json", async () => {
    const ollama = await fakes.ollama({ models: ["qwen2.5-coder:7b"], respond: () => ({ text: "In src/config/load.ts." }) });
    const repo = await sampleRepo();
    const run = await ask(["--repo", repo, "--json", "Where is loadRepoConfig?"], { OLLAMA_HOST: ollama.url, LODESTAR_STATE_DIR: await dir("lodestar-ask-state-") });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ answer: "In src/config/load.ts.", provider: "ollama", costUsd: 0, decision: { route: "local" }, context: ["src/config/load.ts"], usage: { inputTokens: expect.any(Number) } });
  });

  it("exits non-zero with one clear line when Ollama is unreachable and no cloud key is set", async () => {
    const repo = await sampleRepo();
    const stateDir = await dir("lodestar-ask-state-");
    const run = await ask(["--repo", repo, "Where is the config loaded?"], { LODESTAR_STATE_DIR: stateDir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^lodestar: no model can be used: local model unavailable: Ollama at http:\/\/127\.0\.0\.1:9 is unreachable \(.+\); cloud unavailable: ANTHROPIC_API_KEY is not set\n$/);
  });

  it("rejects bad input with one line before any model work", async () => {
    const repo = await sampleRepo();
    const env = { LODESTAR_STATE_DIR: await dir("lodestar-ask-state-") };
    expect(await ask(["--repo", repo, "   "], env)).toEqual({ code: 2, stdout: "", stderr: 'lodestar: ask: give a question, e.g. lodestar ask --repo . "Where is the config loaded?"\n' });
    expect(await ask(["--repo", path.join(repo, "nope"), "why?"], env)).toEqual({ code: 2, stdout: "", stderr: `lodestar: --repo ${path.join(repo, "nope")}: no such directory\n` });
    expect(await ask(["--repo", repo, "x".repeat(ASK_LIMITS.questionChars + 1)], env)).toMatchObject({ code: 2, stderr: `lodestar: ask: the question is longer than ${ASK_LIMITS.questionChars} characters\n` });
    await write(repo, { ".github/lodestar.yml": "models:\n  cloud: azure\n" });
    const invalid = await ask(["--repo", repo, "why?"], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^lodestar: invalid config, nothing ran:\n\.github\/lodestar\.yml: models\.cloud: /);
    expect((await ask(["--repo", repo], env)).code).toBe(2);
  });
});

describe("pickContext", () => {
  it("picks files by path and content, skipping binaries and vendored code, within the budget", async () => {
    const repo = await sampleRepo({ "docs/big-config.md": `config ${"loadRepoConfig ".repeat(5000)}` });
    const files = await pickContext(repo, "How does loadRepoConfig read the config?");
    const paths = files.map((f) => f.path);
    expect(paths).toContain("src/config/load.ts");
    expect(paths).toContain("docs/big-config.md");
    expect(paths).not.toContain("vendor/lib/config-loader.js");
    expect(paths).not.toContain("src/logo.png");
    const big = files.find((f) => f.path === "docs/big-config.md")!;
    expect(big.content.length).toBeLessThanOrEqual(ASK_LIMITS.fileChars + 100);
    expect(big.content).toMatch(/… \(cut: the file has \d+ characters\)\n$/);
    expect(files.reduce((n, f) => n + f.content.length, 0)).toBeLessThanOrEqual(ASK_LIMITS.chars + 200);
  });

  it("falls back to the README when nothing matches, and splits identifiers into keywords", async () => {
    const repo = await sampleRepo();
    expect((await pickContext(repo, "What is this about?")).map((f) => f.path)).toEqual(["README.md"]);
    expect(keywords("Where does parseConfigFile handle YAML_errors?")).toEqual(["parseconfigfile", "parse", "config", "file", "handle", "yaml_errors", "yaml", "errors"]);
  });
});
