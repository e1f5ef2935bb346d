import { describe, expect, it } from "@jest/globals";
import { analyzeListing } from "../../src/analysis/index.js";
import { defaultConfig, type LodestarConfig } from "../../src/config/index.js";
import { runCycle, STAGES, type CycleReport, type Publisher } from "../../src/cycle/index.js";
import { createJob, type Job } from "../../src/job.js";
import { factsModule, type LodestarModule, type Proposal } from "../../src/modules/index.js";

const listing = {
  source: "walk" as const,
  files: [
    { path: "src/a.ts", size: 10 },
    { path: "src/b.ts", size: 20 },
    { path: "README.md", size: 5 },
  ],
  skipped: { symlink: 1 },
  truncated: false,
};

function job(overrides: Partial<Job> = {}, config: LodestarConfig = defaultConfig()): Job {
  return createJob({
    kind: "cycle",
    repo: { owner: "o", name: "r" },
    ref: null,
    requestedBy: { login: "me", via: "cli" },
    config,
    deliveryId: null,
    trusted: true,
    ...overrides,
  });
}

const diff = (file: string) => `--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-old\n+new\n`;
const proposal = (over: Partial<Proposal>): Proposal => ({
  module: "fake",
  slug: "s",
  title: "a change",
  body: "",
  patch: diff("src/a.ts"),
  files: ["src/a.ts"],
  evidence: [],
  verified: true,
  ...over,
});

function fakeModule(name: string, behaviour: Partial<LodestarModule> & { run: LodestarModule["run"] }): LodestarModule {
  return { name, description: `fake ${name}`, executesRepoCode: false, ...behaviour };
}

describe("runCycle", () => {
  it("runs every stage in order and records each in the decision log", async () => {
    const result = await runCycle(job({ modules: ["facts"] }), { analyze: async () => analyzeListing(listing) });
    const stagesSeen = [...new Set(result.decisions.map((d) => d.stage))];
    expect(stagesSeen).toEqual([...STAGES]);
    for (const d of result.decisions) {
      expect(d).toEqual({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        job: result.job.id,
        stage: expect.any(String),
        module: d.module,
        decision: expect.any(String),
        reason: expect.any(String),
      });
    }
    expect(result.conclusion).toBe("success");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.message).toBe("3 files — TypeScript 2, Markdown 1; 1 entries skipped");
  });

  it("passes the analysis and a scratch folder to modules, and removes the folder after", async () => {
    let seen: { scratch: string; files: number; existed: boolean } | undefined;
    const { existsSync } = await import("node:fs");
    const mod = fakeModule("tests", {
      run: async ({ scratchDir, analysis }) => {
        seen = { scratch: scratchDir, files: analysis.files.length, existed: existsSync(scratchDir) };
        return { findings: [], proposals: [] };
      },
    });
    const result = await runCycle(job(), { analyze: async () => analyzeListing(listing), modules: [mod] });
    expect(result.moduleRuns.find((r) => r.module === "tests")).toMatchObject({ status: "ok" });
    expect(seen).toMatchObject({ files: 3, existed: true });
    expect(existsSync(seen!.scratch)).toBe(false);
    expect(result.moduleRuns.find((r) => r.module === "security")).toMatchObject({ status: "skipped", reason: 'no module named "security" in this build' });
    expect(result.conclusionReason).toBe("1 module ran; no problems found; not run: facts, security, refactor");
  });

  it("runs only the modules the job names", async () => {
    let ran = false;
    const mod = fakeModule("tests", { run: async () => ((ran = true), { findings: [], proposals: [] }) });
    const result = await runCycle(job({ modules: ["facts"] }), { analyze: async () => analyzeListing(listing), modules: [mod, factsModule] });
    expect(ran).toBe(false);
    expect(result.moduleRuns.map((r) => r.module)).toEqual(["facts"]);
  });

  it("runs modules in parallel but never more than the concurrency limit", async () => {
    let running = 0;
    let peak = 0;
    const slow = (name: string) =>
      fakeModule(name, {
        run: async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 30));
          running--;
          return { findings: [], proposals: [] };
        },
      });
    const names = ["facts", "security", "tests", "refactor"];
    const config = { ...defaultConfig(), concurrency: 2 };
    await runCycle(job({}, config), { analyze: async () => analyzeListing(listing), modules: names.map(slow) });
    expect(peak).toBe(2);
    peak = 0;
    await runCycle(job({}, { ...config, concurrency: 4 }), { analyze: async () => analyzeListing(listing), modules: names.map(slow) });
    expect(peak).toBe(4);
  });

  it("keeps going when a module throws or times out, and never ends green then", async () => {
    const modules = [
      fakeModule("security", { run: async () => Promise.reject(new Error("scanner crashed")) }),
      fakeModule("tests", { run: () => new Promise(() => {}) }),
      factsModule,
    ];
    const result = await runCycle(job({ modules: ["facts", "security", "tests"] }), {
      analyze: async () => analyzeListing(listing),
      modules,
      moduleTimeoutMs: 50,
    });
    expect(result.moduleRuns.map((r) => [r.module, r.status])).toEqual([
      ["facts", "ok"],
      ["security", "failed"],
      ["tests", "failed"],
    ]);
    expect(result.conclusion).toBe("neutral");
    expect(result.conclusionReason).toContain("security (scanner crashed)");
    expect(result.conclusionReason).toContain("tests (timed out");
    expect(result.findings).toHaveLength(1);
  });

  it("never runs a module that executes repo code on an untrusted ref", async () => {
    let ran = false;
    const executes = fakeModule("tests", {
      executesRepoCode: true,
      run: async () => {
        ran = true;
        return { findings: [], proposals: [] };
      },
    });
    const result = await runCycle(job({ trusted: false, modules: ["tests", "facts"] }), {
      analyze: async () => analyzeListing(listing),
      modules: [executes, factsModule],
    });
    expect(ran).toBe(false);
    expect(result.decisions).toContainEqual(
      expect.objectContaining({ stage: "modules", module: "tests", decision: "skip", reason: expect.stringContaining("fork code is never executed") }),
    );
  });

  it("publishes only proposals that pass policy and verification, and says why the others did not", async () => {
    const mod = fakeModule("refactor", {
      run: async () => ({
        findings: [{ module: "refactor", ruleId: "r/x", level: "error", title: "bad", message: "m", evidence: [] }],
        proposals: [
          proposal({ slug: "good" }),
          proposal({ slug: "workflow", files: [".github/workflows/ci.yml"], patch: diff(".github/workflows/ci.yml") }),
          proposal({ slug: "unverified", verified: false }),
        ],
      }),
    });
    const published: CycleReport[] = [];
    const publisher: Publisher = { name: "memory", publish: async (r) => (published.push(r), { description: "kept in memory" }) };
    const result = await runCycle(job({ modules: ["refactor"] }), { analyze: async () => analyzeListing(listing), modules: [mod], publishers: [publisher] });
    expect(result.proposals.map((p) => p.slug)).toEqual(["good"]);
    expect(result.rejected.map((r) => [r.proposal.slug, r.reason])).toEqual([
      ["workflow", expect.stringContaining("touches .github/workflows")],
      ["unverified", expect.stringContaining("not verified")],
    ]);
    expect(result.conclusion).toBe("failure");
    expect(published).toHaveLength(1);
    expect(result.published).toEqual([{ publisher: "memory", description: "kept in memory" }]);
    expect(result.decisions.filter((d) => d.decision === "reject").map((d) => d.stage)).toEqual(["decide", "verify"]);
  });

  it("says when the listing was truncated instead of ending green", async () => {
    const result = await runCycle(job({ modules: ["facts"] }), { analyze: async () => analyzeListing({ ...listing, truncated: true }) });
    expect(result.conclusion).toBe("neutral");
    expect(result.warnings[0]).toMatch(/truncated/);
  });

  it("hands each decision to the sinks as it is made, in order", async () => {
    const seen: string[] = [];
    const result = await runCycle(job({ modules: ["facts"] }), {
      analyze: async () => analyzeListing(listing),
      decisionSinks: [async (r) => void seen.push(`${r.stage}:${r.decision}`)],
    });
    expect(seen).toEqual(result.decisions.map((r) => `${r.stage}:${r.decision}`));
  });
});
