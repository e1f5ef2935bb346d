/**
 * Code-pattern rules (SAST) for JavaScript/TypeScript (TypeScript compiler API, syntax only)
 * and Python (tree-sitter). Rules match syntax-tree shapes, so the same words in strings and
 * comments never match. Deliberate limits, each chosen to keep findings precise:
 *  - Data flow is intra-function: a local variable has the value of its last assignment
 *    earlier in the same function, in source order (branches are not modelled); a value
 *    returned by another function is not followed. Imports and constants are file-wide.
 *  - No type checker: `setTimeout(code)` with a variable is only reported when the argument is
 *    visibly a string; SQL sinks are recognised by method name plus SQL-looking text.
 *  - js-yaml: `load()` is unsafe only in js-yaml < 4, which the source does not reveal, so only
 *    an explicit DEFAULT_FULL_SCHEMA is reported (old versions are the OSV check's job);
 *    serialize-javascript output deserialised with eval("(" + s + ")") is a `sast/eval` finding.
 * See the files under javascript/rules and python/rules for each rule's exact shapes.
 */
export { scanCode, sastLanguages } from "./scan-code.js";
export { SAST_RULES } from "./rules.js";
export type { CodeFinding, SastRule, SastRuleId } from "./types.js";
