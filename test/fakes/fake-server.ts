/**
 * What the fake model servers share: a loopback HTTP server that records every request with its
 * raw body, answers from a per-test script (a queue, then a function of the request), and can
 * inject faults (an error status, a delay, a hang, a reset or a stall after the first chunk).
 * `close()` also ends connections still open (a hanging reply), so no test waits on a fake.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake received it. `body` is the raw text, for privacy assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

/** Faults any fake can inject instead of an answer. */
export type Fault =
  /** Answer with this status; `body` defaults to the API's own error body for it. */
  | { fault: "status"; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Send the headers and the first chunk of a normal answer, then destroy the socket. */
  | { fault: "reset"; delayMs?: number }
  /** Send the headers and the first chunk of a normal answer, then nothing more (the body stalls). */
  | { fault: "stall"; delayMs?: number }
  /** Never answer (until the client gives up or the fake closes). */
  | { fault: "hang" };

export function isFault(reply: object): reply is Fault {
  return "fault" in reply;
}

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (request: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

/** Starts a server on 127.0.0.1 on a free port; the handler gets each request with its whole body. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: (req.url ?? "/").split("?")[0]!,
        headers: req.headers,
        body,
        ...parseJson(body),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: `fake server bug: ${String(error)}` });
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    // Closing twice (a test and its cleanup) is one close.
    close: () =>
      (closing ??= new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      })),
  };
}

function parseJson(body: string): { json?: unknown } {
  if (body === "") return {};
  try {
    return { json: JSON.parse(body) as unknown };
  } catch {
    return {};
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers }).end(text);
}

/** Waits `ms` unless the client has gone; resolves to whether the client is still there. */
export function pause(res: http.ServerResponse, ms: number | undefined): Promise<boolean> {
  if (!ms || ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(!res.destroyed);
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    res.once("close", onClose);
  });
}

/** How a partial answer ends: the connection is destroyed ("reset") or left open ("stall"). */
export type PartialEnd = "reset" | "stall";

/**
 * A JSON answer cut short: the headers promise the whole body (content-length), half of it is
 * sent, then the connection is destroyed (a server crashing mid-answer) or left hanging.
 */
export function sendPartialJson(res: http.ServerResponse, body: unknown, end: PartialEnd): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  writeThen(res, text.slice(0, Math.max(1, Math.floor(text.length / 2))), end);
}

/** Writes `chunk`, then destroys the socket on "reset"; on "stall" leaves it open. */
export function writeThen(res: http.ServerResponse, chunk: string, end: PartialEnd): void {
  res.write(chunk, () => {
    if (end === "reset") res.destroy();
  });
}

/**
 * Runs a fault: an error status (with the API's own error body unless one is given), a reset or
 * a stall (`partial` sends the first part of a normal answer and ends it so), or a hang.
 */
export async function runFault(res: http.ServerResponse, fault: Fault, errorBody: (status: number) => unknown, partial: (end: PartialEnd) => void): Promise<void> {
  if (fault.fault === "hang") return; // the socket stays open until the client aborts or the fake closes
  if (!(await pause(res, fault.delayMs))) return;
  if (fault.fault === "reset" || fault.fault === "stall") return partial(fault.fault);
  sendJson(res, fault.status, fault.body ?? errorBody(fault.status), fault.headers);
}

/** A rough token count (about four characters a token), so usage is plausible and deterministic. */
export function tokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The answer text split the way a tokenizer roughly would: words with their trailing space. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

/**
 * The script of one fake: replies queued by the test are used first, in order; then `respond`;
 * then the fake's default answer.
 */
export class Script<Reply, Call> {
  private readonly queue: Reply[] = [];
  constructor(private readonly respond?: (call: Call) => Reply | undefined) {}
  enqueue(...replies: Reply[]): void {
    this.queue.push(...replies);
  }
  get pending(): number {
    return this.queue.length;
  }
  next(call: Call): Reply | undefined {
    return this.queue.length ? this.queue.shift() : this.respond?.(call);
  }
}
