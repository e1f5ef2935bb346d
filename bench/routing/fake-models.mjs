// Loopback HTTP fakes for the routing bench, speaking the real APIs the providers call: Ollama
// (`/api/version`, `/api/tags`, `/api/chat`) and Anthropic's Messages API (`/v1/messages`). They
// answer the bench's tasks by rule (see LOCAL_RULES), reading the task from the prompt the
// router built, so what the router sends decides what comes back.
import http from "node:http";
import { dice, wrongAnswer } from "./workload.mjs";

/**
 * How the fake local model does. "example" means the prompt holds a worked example (from the
 * router's memory) of a task of the same family; "own" means it holds this very task's verified
 * solution, which the model reproduces. The dice are per task, so a replay gives the same result
 * for the same prompt: only what the prompt contains can change the outcome.
 */
export const LOCAL_RULES = {
  easy: { wrong: 0, wrongWithExample: 0 },
  medium: { wrong: 0.15, wrongWithExample: 0.05 },
  hard: { wrong: 0.75, wrongWithExample: 0.1 },
  sprawling: { wrong: 0.9, wrongWithExample: 0.5 },
};
/** The fake cloud model is wrong on this share of hard and sprawling tasks. */
export const CLOUD_WRONG_HARD = 0.03;

const TASK_ID = /Task (T\d{4}):/;
const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

async function listen(handler) {
  const stats = { requests: 0 };
  const server = http.createServer(async (req, res) => {
    stats.requests++;
    try {
      await handler(req, res);
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The task a prompt is about (its last user turn), and the task ids of its worked examples. */
export function readPrompt(messages, exampleHeader, byId) {
  const users = messages.filter((m) => m.role === "user");
  const last = users[users.length - 1]?.content ?? "";
  const task = byId.get(TASK_ID.exec(last)?.[1]);
  const examples = users.filter((m) => m.content.startsWith(exampleHeader)).map((m) => byId.get(TASK_ID.exec(m.content)?.[1])).filter(Boolean);
  return { task, examples };
}

/** The fake local model's answer to a task, given the examples in its prompt. */
export function localAnswer(task, examples, seed) {
  if (examples.some((e) => e.id === task.id)) return task.expected;
  const rule = LOCAL_RULES[task.difficulty];
  const helped = examples.some((e) => e.family === task.family);
  const wrong = dice(seed, task.id, "local") < (helped ? rule.wrongWithExample : rule.wrong);
  return wrong ? wrongAnswer(task) : task.expected;
}

/** The fake cloud model's answer. */
export function cloudAnswer(task, seed) {
  const hard = task.difficulty === "hard" || task.difficulty === "sprawling";
  return hard && dice(seed, task.id, "cloud") < CLOUD_WRONG_HARD ? wrongAnswer(task) : task.expected;
}

/** A fake Ollama serving `model`. */
export function startFakeOllama({ model, byId, seed, exampleHeader }) {
  return listen(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/api/version") return send(res, 200, { version: "0.12.6" });
    if (req.method === "GET" && path === "/api/tags") return send(res, 200, { models: [{ name: model, model, modified_at: "2026-11-01T00:00:00Z", size: 4_700_000_000, digest: "sha256:0", details: {} }] });
    if (req.method !== "POST" || path !== "/api/chat") return send(res, 404, { error: `unknown path ${path}` });
    const body = JSON.parse(await readBody(req));
    if (body.model !== model) return send(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
    const { task, examples } = readPrompt(body.messages, exampleHeader, byId);
    const text = task ? localAnswer(task, examples, seed) : "I do not know.";
    const prompt = body.messages.map((m) => m.content).join("\n");
    send(res, 200, {
      model,
      created_at: "2026-11-01T00:00:00Z",
      message: { role: "assistant", content: text },
      done: true,
      done_reason: "stop",
      total_duration: 1,
      prompt_eval_count: tokens(prompt),
      eval_count: tokens(text),
    });
  });
}

/** A fake Anthropic Messages API. */
export function startFakeAnthropic({ byId, seed }) {
  let n = 0;
  return listen(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "POST" || path !== "/v1/messages") return send(res, 404, { type: "error", error: { type: "not_found_error", message: "Not found" } });
    if (!req.headers["x-api-key"] && !req.headers.authorization) return send(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
    const body = JSON.parse(await readBody(req));
    const messages = body.messages.map((m) => ({ role: m.role, content: typeof m.content === "string" ? m.content : JSON.stringify(m.content) }));
    const { task } = readPrompt(messages, "\u0000", byId);
    const text = task ? cloudAnswer(task, seed) : "I do not know.";
    const prompt = [body.system ?? "", ...messages.map((m) => m.content)].join("\n");
    send(res, 200, {
      id: `msg_bench_${++n}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: tokens(prompt), output_tokens: tokens(text), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });
}
