import { afterEach, describe, expect, it } from "@jest/globals";
import { LearningMemory, noveltyOf, problemFingerprint, type SolvedTask } from "../../src/learning/index.js";
import { openState } from "../../src/state/index.js";
import { githubToken } from "../modules/security/secrets/tokens.js";
import { tempState, tickingClock } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function memory(options: Partial<ConstructorParameters<typeof LearningMemory>[0]> = {}) {
  const t = await tempState();
  cleanups.push(t.cleanup);
  return { ...t, memory: new LearningMemory({ state: t.state, now: tickingClock(), ...options }) };
}

const task = (problem: string, solution = `answer to: ${problem}`, extra: Partial<SolvedTask> = {}): SolvedTask => ({
  taskKind: "fix-test",
  problem,
  solution,
  evidence: "tests pass",
  source: "cloud",
  ...extra,
});

const PROBLEMS = {
  nullUser: "TypeError: Cannot read properties of undefined (reading 'name') in getUserName when the user is not logged in",
  parseDate: "parseDate returns Invalid Date for ISO strings with a timezone offset like 2024-01-02T10:00:00+02:00",
  flakyTimer: "the retry test is flaky because it waits on a real setTimeout; use fake timers",
};

describe("LearningMemory", () => {
  it("ranks remembered solutions by similarity to a new problem, highest first, k at most", async () => {
    const { memory: m } = await memory();
    for (const p of Object.values(PROBLEMS)) await m.remember(task(p));
    await m.remember(task(PROBLEMS.nullUser, "other kind", { taskKind: "triage" }));

    const found = await m.nearest("fix-test", "Cannot read properties of undefined (reading 'email') in getUserEmail for a logged out user", 2);
    expect(found).toHaveLength(2);
    expect(found[0]!.entry.problem).toBe(PROBLEMS.nullUser);
    expect(found[0]!.entry.solution).toBe(`answer to: ${PROBLEMS.nullUser}`);
    expect(found[0]!.similarity).toBeGreaterThan(0.3);
    expect(found[0]!.similarity).toBeGreaterThan(found[1]!.similarity);
    for (const r of found) expect(r.entry.taskKind).toBe("fix-test");

    const date = await m.nearest("fix-test", "Invalid Date from parseDate with a +02:00 timezone offset", 3);
    expect(date.map((r) => r.entry.problem)[0]).toBe(PROBLEMS.parseDate);
    expect(date).toHaveLength(3);
    expect(await m.nearest("fix-test", "anything", 0)).toEqual([]);
    expect(await m.nearest("unknown-kind", PROBLEMS.nullUser, 5)).toEqual([]);
  });

  it("novelty: 1 with an empty memory, 0 for a problem already solved, high for an unrelated one", async () => {
    const { memory: m } = await memory();
    expect(noveltyOf(await m.nearest("fix-test", PROBLEMS.nullUser, 1))).toBe(1);
    await m.remember(task(PROBLEMS.nullUser));
    await m.remember(task(PROBLEMS.parseDate));
    const same = await m.nearest("fix-test", `  ${PROBLEMS.nullUser.replace(/ /g, "\n")}  `, 1);
    expect(same[0]!.similarity).toBeCloseTo(1, 10);
    expect(noveltyOf(same)).toBeCloseTo(0, 10);
    const unrelated = await m.nearest("fix-test", "Add a dark mode toggle to the settings page", 3);
    expect(noveltyOf(unrelated)).toBeGreaterThan(0.85);
    const similar = await m.nearest("fix-test", "Cannot read properties of undefined (reading 'name') in getUserName", 3);
    const n = noveltyOf(similar);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(0.5);
  });

  it("keeps one entry per problem: the newer solution and evidence replace the older", async () => {
    const { memory: m, state, dir } = await memory();
    await m.remember(task(PROBLEMS.flakyTimer, "use jest.useFakeTimers()", { evidence: "3 tests pass", source: "cloud" }));
    await m.remember(task(`${PROBLEMS.flakyTimer}\n`.replace("flaky", "flaky "), "advance timers with jest.advanceTimersByTime", { evidence: "5 tests pass", source: "local" }));
    expect(state.data.memory).toHaveLength(1);
    const [entry] = state.data.memory;
    expect(entry).toMatchObject({ solution: "advance timers with jest.advanceTimersByTime", evidence: "5 tests pass", source: "local", taskKind: "fix-test" });
    expect(entry!.fingerprint).toBe(problemFingerprint("fix-test", PROBLEMS.flakyTimer));
    expect(entry!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The same problem under another kind is another entry.
    await m.remember(task(PROBLEMS.flakyTimer, "x", { taskKind: "triage" }));
    expect(state.data.memory).toHaveLength(2);
    // It is in the state file, for the next process.
    const reopened = await openState({ dir });
    expect(reopened.data.memory.map((e) => e.taskKind).sort()).toEqual(["fix-test", "triage"]);
  });

  it("stores problems and solutions with secrets redacted", async () => {
    const { memory: m, state } = await memory();
    const gh = githubToken();
    await m.remember(task(`push fails with GITHUB_TOKEN=${gh}`, `rotate ${gh} and use the app token`));
    const raw = JSON.stringify(state.data);
    expect(raw).not.toContain(gh);
    expect(state.data.memory[0]!.problem).toBe("push fails with GITHUB_TOKEN=[REDACTED:secret/github-token]");
    // Asking with the secret still finds it.
    const found = await m.nearest("fix-test", `push fails with GITHUB_TOKEN=${gh}`, 1);
    expect(found[0]!.similarity).toBeCloseTo(1, 10);
  });

  it("stays bounded: the oldest entries beyond the per-kind and total limits are dropped", async () => {
    const { memory: m, state } = await memory({ limits: { perKind: 3, total: 4 } });
    for (let i = 0; i < 5; i++) await m.remember(task(`problem number ${i} about module m${i}`, `s${i}`));
    expect(state.data.memory.map((e) => e.solution)).toEqual(["s2", "s3", "s4"]);
    await m.remember(task("a triage question", "t0", { taskKind: "triage" }));
    await m.remember(task("another triage question", "t1", { taskKind: "triage" }));
    expect(state.data.memory.map((e) => e.solution)).toEqual(["s3", "s4", "t0", "t1"]);
  });

  it("does not remember empty or oversized tasks, and says why", async () => {
    const { memory: m, state } = await memory({ limits: { textChars: 100 } });
    expect(await m.remember(task("   ", "x"))).toBe("empty");
    expect(await m.remember(task("p", "  "))).toBe("empty");
    expect(await m.remember(task("p", "x", { taskKind: " " }))).toBe("empty");
    expect(await m.remember(task("p".repeat(101), "x"))).toBe("too-long");
    expect(await m.remember(task("p", "x".repeat(101)))).toBe("too-long");
    expect(state.data.memory).toEqual([]);
    expect(await m.remember(task("p", "x"))).toBeUndefined();
    expect(state.data.memory).toHaveLength(1);
  });

  it("skips entries migrated without a problem text", async () => {
    const { memory: m, state } = await memory();
    await state.update((d) => {
      d.memory.push({ taskKind: "fix-test", fingerprint: "old", problem: "", solution: "s", evidence: "e", source: "local", at: "2024-01-01T00:00:00.000Z" });
    });
    expect(await m.nearest("fix-test", "anything at all", 3)).toEqual([]);
  });
});

describe("LearningMemory with embeddings", () => {
  /** A stand-in embedding model: letter frequencies, so similar texts get similar vectors. */
  function letterEmbedder() {
    const calls: string[][] = [];
    const embed = async (texts: string[]) => {
      calls.push(texts);
      return texts.map((t) => {
        const v = new Array<number>(26).fill(0);
        for (const ch of t.toLowerCase()) {
          const i = ch.charCodeAt(0) - 97;
          if (i >= 0 && i < 26) v[i]! += 1;
        }
        return v;
      });
    };
    return { embed, calls };
  }

  it("ranks by embedding similarity and embeds each remembered problem only once", async () => {
    const e = letterEmbedder();
    const { memory: m } = await memory({ embed: e.embed });
    await m.remember(task("aaaa aaab"));
    await m.remember(task("zzzz zzzy"));
    const first = await m.nearest("fix-test", "aaaa", 2);
    expect(first.map((r) => r.entry.problem)).toEqual(["aaaa aaab", "zzzz zzzy"]);
    expect(first[0]!.similarity).toBeGreaterThan(0.9);
    expect(first[1]!.similarity).toBe(0);
    expect(e.calls).toEqual([["aaaa", "aaaa aaab", "zzzz zzzy"]]);
    await m.nearest("fix-test", "zzzz", 2);
    expect(e.calls[1]).toEqual(["zzzz"]);
    expect(m.usesEmbeddings).toBe(true);
  });

  it("falls back to token similarity for good when the embedding model fails or answers nonsense", async () => {
    let calls = 0;
    const failing = async (): Promise<number[][]> => {
      calls++;
      throw new Error("model \"nomic-embed-text\" not found, try pulling it first");
    };
    const { memory: m } = await memory({ embed: failing });
    await m.remember(task(PROBLEMS.parseDate));
    const found = await m.nearest("fix-test", PROBLEMS.parseDate, 1);
    expect(found[0]!.similarity).toBeCloseTo(1, 10);
    expect(m.usesEmbeddings).toBe(false);
    expect(m.embeddingProblem).toContain("not found");
    await m.nearest("fix-test", PROBLEMS.parseDate, 1);
    expect(calls).toBe(1);

    const { memory: wrong } = await memory({ embed: async (texts) => texts.slice(1).map(() => [1, 2]) });
    await wrong.remember(task(PROBLEMS.parseDate));
    expect((await wrong.nearest("fix-test", PROBLEMS.parseDate, 1))[0]!.similarity).toBeCloseTo(1, 10);
    expect(wrong.embeddingProblem).toBe("embedding model returned 1 vectors for 2 texts");
  });
});
