import { describe, expect, it } from "@jest/globals";
import { buildTrainingSet, problemFingerprint, toJsonl } from "../../src/learning/index.js";
import type { MemoryEntry } from "../../src/state/index.js";
import { awsKeyId, githubToken } from "../modules/security/secrets/tokens.js";

let n = 0;
function entry(problem: string, solution: string, extra: Partial<MemoryEntry> = {}): MemoryEntry {
  n++;
  return {
    taskKind: "fix",
    fingerprint: problemFingerprint(extra.taskKind ?? "fix", problem),
    problem,
    solution,
    evidence: "tests pass",
    source: "cloud",
    at: `2025-05-01T00:00:${String(n).padStart(2, "0")}.000Z`,
    ...extra,
  };
}

describe("buildTrainingSet", () => {
  it("writes chat-format records, oldest first, one JSON object per line", () => {
    const set = buildTrainingSet([
      entry("second question", "second answer", { at: "2025-05-02T00:00:00.000Z" }),
      entry("first question", "first answer", { at: "2025-05-01T00:00:00.000Z" }),
    ]);
    const jsonl = toJsonl(set.records);
    const lines = jsonl.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { messages: [{ role: "user", content: "first question" }, { role: "assistant", content: "first answer" }] },
      { messages: [{ role: "user", content: "second question" }, { role: "assistant", content: "second answer" }] },
    ]);
    expect(toJsonl([])).toBe("");
  });

  it("redacts secrets on both sides, including entries stored before redaction existed", () => {
    const gh = githubToken();
    const key = awsKeyId();
    const set = buildTrainingSet([entry(`CI says bad credentials for ${gh}`, `Set aws_access_key_id=${key} in the runner instead`)]);
    const jsonl = toJsonl(set.records);
    expect(jsonl).not.toContain(gh);
    expect(jsonl).not.toContain(key);
    expect(set.records[0]!.messages[0].content).toBe("CI says bad credentials for [REDACTED:secret/github-token]");
    expect(set.records[0]!.messages[1].content).toBe("Set aws_access_key_id=[REDACTED:secret/aws-access-key-id] in the runner instead");
    expect(set.secretsRedacted).toBe(2);
  });

  it("leaves out repeated pairs (across kinds and white space) and entries without text", () => {
    const gh1 = githubToken();
    const gh2 = githubToken();
    const set = buildTrainingSet([
      entry("how do I run the tests?", "npm test"),
      entry("how do I run   the tests?", "npm test", { taskKind: "ask" }),
      entry("how do I run the tests?", "npm test -- --watch", { taskKind: "ask" }),
      // Two different secrets redact to the same pair: one record.
      entry(`token ${gh1} rejected`, "rotate it"),
      entry(`token ${gh2} rejected`, "rotate it"),
      entry("", "an answer migrated from v1 without its question", { fingerprint: "legacy" }),
      entry("a question", "   "),
    ]);
    expect(set.records.map((r) => r.messages[1].content)).toEqual(["npm test", "npm test -- --watch", "rotate it"]);
    expect(set.duplicates).toBe(2);
    expect(set.skipped).toBe(2);
  });

  it("can keep only some task kinds", () => {
    const set = buildTrainingSet([entry("q1", "a1", { taskKind: "fix" }), entry("q2", "a2", { taskKind: "ask" })], { kinds: ["ask"] });
    expect(set.records.map((r) => r.messages[0].content)).toEqual(["q2"]);
  });
});
