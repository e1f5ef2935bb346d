import type { PyContext, PyRule } from "../context.js";
import { requestSource } from "../request-taint.js";
import { field, keywordArg, positionalArgs, type PyNode } from "../syntax-tree.js";

/** Functions whose first argument is a path that is opened, written, sent or removed. */
const PATH_FUNCTIONS = new Set([
  "io.open",
  "codecs.open",
  "os.open",
  "os.remove",
  "os.unlink",
  "os.rmdir",
  "os.removedirs",
  "os.listdir",
  "shutil.rmtree",
  "shutil.copy",
  "shutil.copyfile",
  "shutil.move",
  "aiofiles.open",
  "flask.send_file",
  "starlette.responses.FileResponse",
  "fastapi.responses.FileResponse",
]);
/** pathlib methods that touch the file (the receiver is the path), and werkzeug's FileStorage.save(dst). */
const PATH_METHODS = new Set(["open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "iterdir"]);

function report(call: PyNode, label: string, source: PyNode, ctx: PyContext): void {
  const origin = ctx.text(source);
  ctx.report(
    "sast/path-traversal",
    call,
    `${label}() gets a path from request input (${origin.length > 60 ? `${origin.slice(0, 57)}...` : origin}); ` +
      "keep only the file name (os.path.basename, secure_filename) or use send_from_directory / check the resolved path stays inside the folder.",
  );
}

function check(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  if (!fn) return;
  const name = ctx.names.dotted(fn);
  const builtinOpen = fn.type === "identifier" && name === "open" && !ctx.locals.isDefined("open");
  if (builtinOpen || (name !== undefined && PATH_FUNCTIONS.has(name))) {
    const keyword = keywordArg(call, "file", ctx.src) ?? keywordArg(call, "path", ctx.src);
    const arg = positionalArgs(call)[0] ?? (keyword && field(keyword, "value"));
    const source = arg && requestSource(arg, ctx);
    if (source) report(call, name ?? "open", source, ctx);
    return;
  }
  if (fn.type !== "attribute") return;
  const method = ctx.text(field(fn, "attribute") ?? fn);
  const receiver = field(fn, "object");
  if (PATH_METHODS.has(method) && receiver) {
    // Path(request.args["f"]).read_text(), (BASE / name).open(). A receiver read straight off
    // the request (request.files["f"].open()) is an uploaded file object, not a path.
    const source = receiver.type === "attribute" || receiver.type === "subscript" ? undefined : requestSource(receiver, ctx);
    if (source) report(call, method, source, ctx);
  } else if (method === "save") {
    // request.files["f"].save(os.path.join(UPLOADS, f.filename))
    const dst = positionalArgs(call)[0];
    const source = dst && requestSource(dst, ctx);
    if (source) report(call, "save", source, ctx);
  }
}

/** open(), send_file(), os/shutil file functions and pathlib methods on a path from request input. */
export const pyPathTraversalRule: PyRule = { types: ["call"], check };
