import type { PyContext, PyRule } from "../context.js";
import { isConstant } from "../string-shape.js";
import { field, keywordArg, positionalArgs, type PyNode } from "../syntax-tree.js";

/** Loaders that build arbitrary objects (and so run code) from their input. */
const UNSAFE_LOADERS: ReadonlyMap<string, string> = new Map([
  ["pickle.load", "pickle"],
  ["pickle.loads", "pickle"],
  ["pickle.Unpickler", "pickle"],
  ["cPickle.load", "pickle"],
  ["cPickle.loads", "pickle"],
  ["cPickle.Unpickler", "pickle"],
  ["_pickle.load", "pickle"],
  ["_pickle.loads", "pickle"],
  ["dill.load", "dill (pickle)"],
  ["dill.loads", "dill (pickle)"],
  ["cloudpickle.load", "cloudpickle (pickle)"],
  ["cloudpickle.loads", "cloudpickle (pickle)"],
  ["pandas.read_pickle", "pandas.read_pickle (pickle)"],
  ["jsonpickle.decode", "jsonpickle"],
  ["marshal.load", "marshal"],
  ["marshal.loads", "marshal"],
  ["shelve.open", "shelve (pickle)"],
  ["yaml.unsafe_load", "yaml.unsafe_load"],
  ["yaml.unsafe_load_all", "yaml.unsafe_load_all"],
  ["yaml.full_load", "yaml.full_load"],
  ["yaml.full_load_all", "yaml.full_load_all"],
]);
/** PyYAML loaders that only build plain data. */
const SAFE_YAML_LOADERS = new Set(["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"]);

function yamlLoader(call: PyNode, ctx: PyContext): PyNode | undefined {
  const kw = keywordArg(call, "Loader", ctx.src);
  return (kw && field(kw, "value")) ?? positionalArgs(call)[1];
}

function check(call: PyNode, ctx: PyContext): void {
  const fn = field(call, "function");
  const name = fn && ctx.names.dotted(fn);
  if (!name) return;
  const data = positionalArgs(call)[0];
  const library = UNSAFE_LOADERS.get(name);
  if (library) {
    if (data && isConstant(data, ctx)) return;
    ctx.report("sast/insecure-deserialization", call, `${library} can run code embedded in the data it loads; load only data you produced, or use JSON.`);
    return;
  }
  if (name !== "yaml.load" && name !== "yaml.load_all") return;
  const loader = yamlLoader(call, ctx);
  if (!loader) {
    ctx.report("sast/insecure-deserialization", call, `${name}() without a Loader uses an unsafe loader in PyYAML < 6; use yaml.safe_load or Loader=yaml.SafeLoader.`);
    return;
  }
  const loaderName = ctx.names.dotted(loader);
  const short = loaderName?.split(".").pop();
  // An unknown name (a custom loader class) is not judged.
  if (!short || SAFE_YAML_LOADERS.has(short) || !/^C?(?:Unsafe|Full)?Loader$/.test(short)) return;
  ctx.report("sast/insecure-deserialization", call, `${name}() with Loader=${short} can construct arbitrary Python objects; use yaml.safe_load or Loader=yaml.SafeLoader.`);
}

/** pickle/marshal/shelve loads, yaml.load without a safe Loader, yaml.unsafe_load/full_load. */
export const pyInsecureDeserializationRule: PyRule = { types: ["call"], check };
