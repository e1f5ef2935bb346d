/**
 * What a cycle asked of the models, for its summary: tasks answered locally, escalated to
 * the cloud or refused (per task kind too), tokens and cloud cost, and why the cloud was not
 * used when a task wanted it (FAULTS 27: a budget cap reached mid-cycle is said in the
 * summary). The modules get a handle that counts on the way through; routing stays the
 * router's.
 */
import { LlmUnavailableError, type LlmAnswer, type LlmHandle, type LlmTask, type RouteDecision } from "../llm/index.js";

export interface KindUsage {
  tasks: number;
  local: number;
  escalated: number;
  refused: number;
}

export interface CycleModelUsage {
  /** False when no model could be used in this cycle; `unavailableReason` says why. */
  available: boolean;
  unavailableReason?: string;
  tasks: number;
  local: number;
  escalated: number;
  refused: number;
  byKind: Record<string, KindUsage>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Tasks that wanted the cloud but were answered locally (or refused), grouped by why. */
  localOnly: { reason: string; tasks: number }[];
  /** Why the cloud could not take calls when the cycle ended (a cap reached…), when it could not. */
  cloudClosed?: string;
}

/** Share of answered tasks that went to the cloud (0 when none was answered). */
export function escalationRate(usage: Pick<KindUsage, "local" | "escalated">): number {
  const answered = usage.local + usage.escalated;
  return answered === 0 ? 0 : usage.escalated / answered;
}

/** A handle that passes every task to `llm` and counts what came back. */
export function countingLlm(llm: LlmHandle): { handle: LlmHandle; usage: () => CycleModelUsage } {
  const byKind: Record<string, KindUsage> = {};
  const localOnly = new Map<string, number>();
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  const count = (kind: string, decision: RouteDecision | undefined, answer?: LlmAnswer) => {
    const k = (byKind[kind] ??= { tasks: 0, local: 0, escalated: 0, refused: 0 });
    k.tasks++;
    const route = decision?.route ?? "refused";
    k[route === "escalated" ? "escalated" : route]++;
    if (decision?.localOnly) localOnly.set(decision.localOnly, (localOnly.get(decision.localOnly) ?? 0) + 1);
    if (answer) {
      inputTokens += answer.usage.inputTokens;
      outputTokens += answer.usage.outputTokens;
      costUsd += answer.costUsd;
    }
  };
  const handle: LlmHandle = {
    get available() {
      return llm.available;
    },
    get unavailableReason() {
      return llm.unavailableReason;
    },
    get localOnlyReason() {
      return llm.localOnlyReason;
    },
    async complete(task: LlmTask) {
      try {
        const answer = await llm.complete(task);
        count(task.kind, answer.decision, answer);
        return answer;
      } catch (error) {
        if (error instanceof LlmUnavailableError) count(task.kind, error.decision);
        throw error;
      }
    },
  };
  const usage = (): CycleModelUsage => {
    const kinds = Object.values(byKind);
    const sum = (key: keyof KindUsage) => kinds.reduce((n, k) => n + k[key], 0);
    const closed = llm.available ? llm.localOnlyReason : undefined;
    return {
      available: llm.available,
      ...(llm.available ? {} : { unavailableReason: llm.unavailableReason ?? "no model is available" }),
      tasks: sum("tasks"),
      local: sum("local"),
      escalated: sum("escalated"),
      refused: sum("refused"),
      byKind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => (a < b ? -1 : 1))),
      inputTokens,
      outputTokens,
      costUsd,
      localOnly: [...localOnly].map(([reason, tasks]) => ({ reason, tasks })),
      ...(closed !== undefined ? { cloudClosed: closed } : {}),
    };
  };
  return { handle, usage };
}

/** One line for the decision log and logs. */
export function describeModelUsage(u: CycleModelUsage): string {
  if (!u.available) return `no model used: ${u.unavailableReason}`;
  const parts = [`${u.tasks} model task${u.tasks === 1 ? "" : "s"}: ${u.local} local, ${u.escalated} escalated, ${u.refused} refused`];
  if (u.tasks) parts.push(`escalation rate ${(escalationRate(u) * 100).toFixed(0)}%`, `cloud cost $${u.costUsd.toFixed(4)}`);
  for (const l of u.localOnly) parts.push(`local only for ${l.tasks}: ${l.reason}`);
  if (u.cloudClosed) parts.push(`cloud closed at the end: ${u.cloudClosed}`);
  return parts.join("; ");
}
