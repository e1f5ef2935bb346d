import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { configJsonSchema, defaultConfig, parseConfigText, validateConfig } from "../../src/config/index.js";

describe("config", () => {
  it("fills every default when the file is absent or empty", () => {
    const absent = validateConfig(null);
    expect(absent.ok && absent.config).toEqual(defaultConfig());
    const empty = parseConfigText("");
    expect(empty.ok && empty.config.thresholds).toEqual({ confidence: 0.7, complexity: 0.75, novelty: 0.85 });
    expect(defaultConfig().budgets["daily-usd"]).toBe(1);
    expect(defaultConfig()["never-send"]).toContain("**/.env");
  });

  it("keeps what the user wrote and defaults the rest", () => {
    const result = parseConfigText("modules:\n  tests:\n    enabled: false\nbudgets:\n  daily-usd: 3\n");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.modules.tests.enabled).toBe(false);
    expect(result.config.modules.security.enabled).toBe(true);
    expect(result.config.budgets["daily-usd"]).toBe(3);
    expect(result.config.budgets["monthly-usd"]).toBe(20);
  });

  it("quotes the path and the problem for a value out of range", () => {
    const result = parseConfigText("budgets:\n  daily-usd: 5000\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ path: "budgets.daily-usd", message: expect.stringMatching(/<=\s*1000/) }]);
    expect(result.message).toBe(`.github/lodestar.yml: budgets.daily-usd: ${result.problems[0]!.message}`);
  });

  it("names an unknown key with its full path", () => {
    const result = parseConfigText("modules:\n  secruity:\n    enabled: false\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toEqual({ path: "modules.secruity", message: expect.stringContaining("unknown key") });
  });

  it("reports wrong types and bad YAML as one message each", () => {
    const typed = parseConfigText("concurrency: lots\nmodels:\n  cloud: azure\n");
    expect(typed.ok).toBe(false);
    if (!typed.ok) expect(typed.problems.map((p) => p.path).sort()).toEqual(["concurrency", "models.cloud"]);
    const broken = parseConfigText("modules: [unclosed\n");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toMatch(/^\.github\/lodestar\.yml: line \d+: /);
    const notAnObject = parseConfigText("- a\n- b\n");
    expect(notAnObject.ok).toBe(false);
  });

  it("keeps docs/lodestar.schema.json in sync with the schema (run `npm run schema`)", () => {
    const committed = JSON.parse(readFileSync(new URL("../../docs/lodestar.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });

  it("publishes a JSON Schema an editor can use: defaults and ranges included", () => {
    const schema = configJsonSchema() as { properties: Record<string, any>; additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.budgets.properties["daily-usd"]).toMatchObject({ default: 1, minimum: 0, maximum: 1000 });
    expect(schema.properties["never-send"].type).toBe("array");
  });
});
