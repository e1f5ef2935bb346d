import { describe, expect, it } from "@jest/globals";
import { chooseRoute, DEFAULT_THRESHOLDS, describeLocalPass, escalationTriggers, noveltySignal, routeWithoutLocal, thresholdsFor } from "../../src/llm/escalation.js";
import { defaultConfig } from "../../src/config/index.js";

const T = DEFAULT_THRESHOLDS;
const usable = { usable: true } as const;

describe("escalation policy", () => {
  it("uses the plan's defaults, the same as the config schema's", () => {
    expect(T).toEqual({ confidence: 0.7, complexity: 0.75, novelty: 0.85 });
    expect(defaultConfig().thresholds).toEqual(T);
  });

  it("escalates on each threshold alone: confidence below, complexity above, novelty above", () => {
    expect(chooseRoute({ confidence: 0.69, complexity: 0.1, novelty: 0.1 }, T, usable)).toEqual({ action: "escalate", triggers: ["confidence 0.69 < 0.70"] });
    expect(chooseRoute({ confidence: 0.9, complexity: 0.76, novelty: 0.1 }, T, usable)).toEqual({ action: "escalate", triggers: ["complexity 0.76 > 0.75"] });
    expect(chooseRoute({ confidence: 0.9, complexity: 0.1, novelty: 0.86 }, T, usable)).toEqual({ action: "escalate", triggers: ["novelty 0.86 > 0.85"] });
    expect(escalationTriggers({ confidence: 0.2, complexity: 0.9, novelty: 1 }, T)).toHaveLength(3);
  });

  it("keeps the local answer at the thresholds exactly (strict comparisons)", () => {
    expect(chooseRoute({ confidence: 0.7, complexity: 0.75, novelty: 0.85 }, T, usable)).toEqual({ action: "local", triggers: [] });
  });

  it("decides before the local call from complexity and novelty alone (no confidence yet)", () => {
    expect(chooseRoute({ complexity: 0.8, novelty: 0 }, T, usable).action).toBe("escalate");
    expect(chooseRoute({ complexity: 0.2, novelty: 0.2 }, T, usable)).toEqual({ action: "local", triggers: [] });
  });

  it("stays local and says why when the cloud cannot be used (budget cap, no cloud)", () => {
    const blocked = { usable: false, reason: "daily cloud budget of $1.00 reached ($1.02 spent today)" } as const;
    expect(chooseRoute({ confidence: 0.3, complexity: 0.2, novelty: 0.2 }, T, blocked)).toEqual({
      action: "local",
      triggers: ["confidence 0.30 < 0.70"],
      blocked: "daily cloud budget of $1.00 reached ($1.02 spent today)",
    });
    // Nothing wants the cloud: nothing is blocked.
    expect(chooseRoute({ confidence: 0.9, complexity: 0.2, novelty: 0.2 }, T, blocked)).toEqual({ action: "local", triggers: [] });
  });

  it("does not count novelty for a task without a verifier (memory can never know it)", () => {
    expect(noveltySignal(1, false)).toBeNull();
    expect(noveltySignal(0.9, true)).toBe(0.9);
    expect(chooseRoute({ confidence: 0.9, complexity: 0.2, novelty: noveltySignal(1, false) }, T, usable).action).toBe("local");
    expect(describeLocalPass({ confidence: 0.9, complexity: 0.2, novelty: null }, T)).toBe("confidence 0.90 ≥ 0.70, complexity 0.20 ≤ 0.75, novelty not counted (no verifier)");
  });

  it("escalates without a local model when the cloud is usable, and refuses with both reasons when not", () => {
    expect(routeWithoutLocal("Ollama at http://127.0.0.1:9 is unreachable", usable)).toEqual({ action: "escalate", reasons: ["local model unavailable: Ollama at http://127.0.0.1:9 is unreachable"] });
    expect(routeWithoutLocal("model x is not installed", { usable: false, reason: "ANTHROPIC_API_KEY is not set" })).toEqual({
      action: "refuse",
      reasons: ["local model unavailable: model x is not installed", "cloud unavailable: ANTHROPIC_API_KEY is not set"],
    });
  });

  it("applies per-kind overrides on top of the configured thresholds", () => {
    const base = { confidence: 0.6, complexity: 0.8, novelty: 0.9 };
    expect(thresholdsFor("fix", base, { fix: { confidence: 0.9 } })).toEqual({ confidence: 0.9, complexity: 0.8, novelty: 0.9 });
    expect(thresholdsFor("ask", base, { fix: { confidence: 0.9 } })).toEqual(base);
    expect(thresholdsFor("toString", base, {})).toEqual(base);
  });
});
