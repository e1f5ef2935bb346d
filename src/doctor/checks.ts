import { stat } from "node:fs/promises";
import { loadRepoConfig, defaultConfig, type LodestarConfig } from "../config/index.js";
import { hasModel, probeOllama } from "../llm/index.js";
import { CLOUD_KEY_VARIABLES, cloudKeysSet, type CloudProviderName } from "../llm/providers/cloud-keys.js";
import { openState } from "../state/index.js";
import { probeIsolation } from "../sandbox/index.js";

type SandboxIsolation = Awaited<ReturnType<typeof probeIsolation>>;

export interface CheckResult {
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
}

export interface DoctorOptions {
  repoDir?: string;
  env?: NodeJS.ProcessEnv;
  /** How long Ollama may take to answer before it counts as unreachable. */
  timeoutMs?: number;
}

const MIN_NODE = [20, 18, 1] as const;

function nodeCheck(): CheckResult {
  const parts = process.versions.node.split(".").map(Number);
  const [major = 0, minor = 0, patch = 0] = parts;
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && (minor > MIN_NODE[1] || (minor === MIN_NODE[1] && patch >= MIN_NODE[2])));
  return { name: "node", status: ok ? "ok" : "fail", detail: `Node ${process.versions.node}${ok ? "" : ` (needs ≥ ${MIN_NODE.join(".")})`}` };
}

async function ollamaCheck(config: LodestarConfig, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CheckResult[]> {
  const status = await probeOllama(env, timeoutMs);
  if (!status.reachable) {
    return [{ name: "ollama", status: "warn", detail: `${status.host} unreachable (${status.error}); cycles run without a local model` }];
  }
  const results: CheckResult[] = [{ name: "ollama", status: "ok", detail: `${status.host} answers, version ${status.version}` }];
  const wanted = config.models.local;
  if (!status.models) {
    results.push({ name: "ollama model", status: "warn", detail: status.error ?? "could not list models" });
  } else if (hasModel(status.models, wanted)) {
    results.push({ name: "ollama model", status: "ok", detail: `${wanted} is installed` });
  } else {
    results.push({
      name: "ollama model",
      status: "warn",
      detail: `${wanted} is not installed (have: ${status.models.join(", ") || "none"}); run \`ollama pull ${wanted}\``,
    });
  }
  return results;
}

/** Which cloud keys are set (names only: a key's value is never printed), judged against `models.cloud`. */
function keysCheck(config: LodestarConfig, env: NodeJS.ProcessEnv): CheckResult {
  const set = cloudKeysSet(env);
  const names = Object.keys(CLOUD_KEY_VARIABLES) as CloudProviderName[];
  const listing = names.map((p) => `${CLOUD_KEY_VARIABLES[p]} is ${set[p] ? "set" : "not set"}`).join(", ");
  const provider = config.models.cloud;
  if (provider === "none") return { name: "cloud keys", status: "ok", detail: `cloud escalation is off (models.cloud: none); ${listing}` };
  return set[provider]
    ? { name: "cloud keys", status: "ok", detail: `${listing}; escalation uses ${provider}` }
    : { name: "cloud keys", status: "warn", detail: `${listing}; escalation to ${provider} is unavailable` };
}

function budgetsCheck(config: LodestarConfig): CheckResult {
  const b = config.budgets;
  return {
    name: "budgets",
    status: "ok",
    detail: `$${b["daily-usd"]}/day, $${b["monthly-usd"]}/month, $${b["cycle-usd"]}/cycle; ${b["daily-tokens"]} tokens/day`,
  };
}

async function stateCheck(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  try {
    const state = await openState({ env });
    const warn = state.warnings.length > 0;
    return {
      name: "state",
      status: warn ? "warn" : "ok",
      detail: `${state.path} loads (${state.data.ledger.length} ledger entries)${warn ? `; ${state.warnings.join("; ")}` : ""}`,
    };
  } catch (error) {
    return { name: "state", status: "fail", detail: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * What the sandbox can isolate on this machine: the test, refactor and fix modules run the
 * repository's own commands in it. Without Linux user namespaces, neither the network nor the
 * runner's files and processes are walled off (src/sandbox/README.md): a warning, not a failure.
 */
export async function sandboxCheck(probe: () => Promise<SandboxIsolation> = probeIsolation): Promise<CheckResult> {
  const i = await probe();
  const parts = [
    `network ${i.network === "none" ? "off" : "not isolated"}`,
    `files ${i.filesystem === "protected" ? "protected" : "not isolated"}`,
    `memory limit ${i.memory === "enforced" ? "enforced" : "not enforced"}`,
    `own process namespace ${i.pidNamespace ? "yes" : "no"}`,
  ];
  const isolated = i.network === "none" && i.filesystem === "protected" && i.memory === "enforced";
  return {
    name: "sandbox",
    status: isolated ? "ok" : "warn",
    detail: `${parts.join(", ")}${isolated ? "" : "; enable unprivileged user namespaces on this runner (see src/sandbox/README.md) before running tests, refactor or fix"}`,
  };
}

/** Runs every check; nothing here changes anything except creating an empty state file. */
export async function runDoctor(options: DoctorOptions = {}): Promise<CheckResult[]> {
  const env = options.env ?? process.env;
  const results: CheckResult[] = [nodeCheck()];
  let config = defaultConfig();
  if (options.repoDir) {
    const isDir = await stat(options.repoDir).then((s) => s.isDirectory(), () => false);
    if (!isDir) results.push({ name: "config", status: "fail", detail: `${options.repoDir} is not a directory` });
    else {
      const loaded = await loadRepoConfig(options.repoDir);
      if (loaded.ok) {
        config = loaded.config;
        results.push({ name: "config", status: "ok", detail: "valid (or absent: defaults apply)" });
      } else results.push({ name: "config", status: "fail", detail: loaded.message });
    }
  }
  results.push(...(await ollamaCheck(config, env, options.timeoutMs ?? 3000)));
  results.push(keysCheck(config, env));
  results.push(budgetsCheck(config));
  results.push(await stateCheck(env));
  results.push(await sandboxCheck());
  return results;
}
