import { afterEach, describe, expect, it } from "@jest/globals";
import { defaultConfig } from "../../../src/config/index.js";
import { cloudKeysSet, createProviders } from "../../../src/llm/providers/index.js";
import { startFakeOllama, type FakeOllama } from "../../fakes/ollama.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../fakes/openai.js";

let ollama: FakeOllama | undefined;
let openai: FakeOpenAI | undefined;
afterEach(async () => {
  await ollama?.close();
  await openai?.close();
  ollama = openai = undefined;
});

function config(models: Partial<ReturnType<typeof defaultConfig>["models"]>) {
  const base = defaultConfig();
  return { models: { ...base.models, ...models } };
}

describe("createProviders", () => {
  it("builds Ollama with models.local and the configured cloud with its model, wired to the environment", async () => {
    ollama = await startFakeOllama({ models: ["llama3.2:latest"], replies: [{ text: "local" }] });
    openai = await startFakeOpenAI({ apiKey: "sk-x", replies: [{ text: "cloud" }] });
    const env = { OLLAMA_HOST: ollama.url, OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: openai.baseURL };
    const set = createProviders(env, config({ local: "llama3.2", cloud: "openai", "openai-model": "gpt-5" }));
    expect(set.local.model).toBe("llama3.2");
    expect(set.cloud?.model).toBe("gpt-5");
    expect(set.cloudKeySet).toBe(true);
    const local = await set.local.provider.complete({ model: set.local.model, messages: [{ role: "user", content: "hi" }], timeoutMs: 5000 });
    const cloud = await set.cloud!.provider.complete({ model: set.cloud!.model, messages: [{ role: "user", content: "hi" }], timeoutMs: 5000 });
    expect([local.provider, local.text, cloud.provider, cloud.text]).toEqual(["ollama", "local", "openai", "cloud"]);
  });

  it("defaults to Anthropic, keeps the provider without a key (its calls fail with auth), and has no cloud for `none`", async () => {
    const set = createProviders({}, defaultConfig());
    expect(set.cloud?.provider.name).toBe("anthropic");
    expect(set.cloud?.model).toBe(defaultConfig().models["anthropic-model"]);
    expect(set.cloudKeySet).toBe(false);
    await expect(set.cloud!.provider.complete({ model: "m", messages: [{ role: "user", content: "hi" }], timeoutMs: 1000 })).rejects.toMatchObject({ kind: "auth" });
    const none = createProviders({ ANTHROPIC_API_KEY: "k" }, config({ cloud: "none" }));
    expect(none.cloud).toBeUndefined();
    expect(none.cloudKeySet).toBe(false);
  });

  it("reports which cloud keys are set without exposing them", () => {
    expect(cloudKeysSet({ ANTHROPIC_API_KEY: "sk-ant", OPENAI_API_KEY: "" })).toEqual({ anthropic: true, openai: false });
  });
});
