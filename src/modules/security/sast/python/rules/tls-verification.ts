import type { PyContext, PyRule } from "../context.js";
import { field, keywordArgs, unparen, type PyNode } from "../syntax-tree.js";

/** HTTP client calls and constructors that take verify= (requests, httpx, sessions and clients). */
const HTTP_CALLS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send", "Client", "AsyncClient", "urlopen", "TCPConnector", "ClientSession", "ws_connect"]);
const HTTP_MODULES = new Set(["requests", "httpx", "aiohttp", "urllib3"]);

function isFalse(n: PyNode | undefined): boolean {
  const u = n && unparen(n);
  return u !== undefined && u.type === "false";
}

function certNone(n: PyNode | undefined, ctx: PyContext): boolean {
  if (!n) return false;
  const u = unparen(n);
  if (u.type === "string") return /^['"]CERT_NONE['"]$/.test(ctx.text(u));
  const name = ctx.names.dotted(u);
  return name !== undefined && /(?:^|\.)CERT_NONE$/.test(name);
}

function checkCall(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  if (!fn) return;
  const name = ctx.names.dotted(fn) ?? "";
  const last = fn.type === "attribute" ? ctx.text(field(fn, "attribute") ?? fn) : name.split(".").pop() ?? "";
  const httpCall = HTTP_CALLS.has(last) || HTTP_MODULES.has(name.split(".")[0]!);
  if (name === "ssl._create_unverified_context") {
    ctx.report("sast/tls-verification-disabled", call, "ssl._create_unverified_context() makes a context that accepts any certificate.");
    return;
  }
  for (const kw of keywordArgs(call)) {
    const key = field(kw, "name");
    const value = field(kw, "value");
    const k = key ? ctx.text(key) : "";
    if ((k === "verify" && httpCall && isFalse(value)) || (k === "verify_ssl" && isFalse(value)) || (k === "ssl" && httpCall && isFalse(value))) {
      ctx.report("sast/tls-verification-disabled", kw, `${k}=False turns off TLS certificate verification.`);
    } else if (k === "cert_reqs" && certNone(value, ctx)) {
      ctx.report("sast/tls-verification-disabled", kw, "cert_reqs=CERT_NONE turns off TLS certificate verification.");
    }
  }
}

function checkAssignment(node: PyNode, ctx: PyContext): void {
  const left = field(node, "left");
  const right = field(node, "right");
  if (!left || !right) return;
  const rightName = ctx.names.dotted(right);
  if (rightName === "ssl._create_unverified_context") {
    ctx.report("sast/tls-verification-disabled", node, "Installing ssl._create_unverified_context as the default turns off certificate verification for every HTTPS request.");
    return;
  }
  if (left.type !== "attribute") return;
  const attr = ctx.text(field(left, "attribute") ?? left);
  const obj = field(left, "object");
  if (attr === "check_hostname" && isFalse(right)) {
    ctx.report("sast/tls-verification-disabled", node, "check_hostname = False turns off TLS host-name verification.");
  } else if (attr === "verify_mode" && certNone(right, ctx)) {
    ctx.report("sast/tls-verification-disabled", node, "verify_mode = CERT_NONE turns off TLS certificate verification.");
  } else if (attr === "verify" && isFalse(right) && obj && /session|client|http/i.test(ctx.text(obj))) {
    ctx.report("sast/tls-verification-disabled", node, "Setting a session's verify to False turns off TLS certificate verification for all its requests.");
  }
}

/** verify=False on HTTP clients, unverified SSL contexts, check_hostname = False, CERT_NONE. */
export const pyTlsVerificationRule: PyRule = {
  types: ["call", "assignment"],
  check: (node, ctx) => (node.type === "call" ? checkCall(node, ctx) : checkAssignment(node, ctx)),
};
