/**
 * Contract check of outgoing GitHub REST requests against GitHub's own OpenAPI description
 * (@octokit/openapi → generated/api.github.com.json, OpenAPI 3.0.3).
 *
 * For each request: the method + path must match an operation in the description (GHE `/api/v3`
 * prefix stripped, path segments URL-decoded, `x-multi-segment` path parameters such as `{path}`
 * or `{ref}` may span several segments), and a JSON body must satisfy the operation's
 * `requestBody` schema (required fields, `type`, `enum`, `maxLength`, `maxItems`, formats, …) as
 * compiled by ajv. Top-level and nested properties the description does not know are reported too:
 * GitHub ignores them silently, which hides typos.
 *
 * Cost: the description is 13 MB of JSON. It is read lazily, at most once per module registry, and
 * a compact derived index (operations + request-body schemas only, ≈0.5 MB) is cached on disk under
 * node_modules/.cache/lodestar-openapi/, keyed by the @octokit/openapi version, the spec file's
 * size/mtime and INDEX_FORMAT. Jest gives each test file its own module registry, so each test file
 * that checks a GitHub request reads the compact index (~7-25 ms) instead of parsing the description
 * (~200-700 ms). Compiling an operation's validator with ajv costs ~20-30 ms the first time per file.
 * Set LODESTAR_OPENAPI_CACHE=0 to bypass the disk cache.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import * as ajvFormatsModule from "ajv-formats";
import type { RecordedRequest } from "./recorder.js";

/** Bump when the shape of the derived index or the schema normalisation changes. */
const INDEX_FORMAT = 3;
const SPEC_FILE = "generated/api.github.com.json";
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

type Segment = { literal: string } | { param: string; multi: boolean };

interface IndexedOperation {
  operationId: string;
  /** Absent when the operation takes no request body. */
  body?: {
    required: boolean;
    contentTypes: string[];
    /** Key into `ContractIndex.schemas` when there is an application/json schema. */
    schema?: string;
  };
}

interface IndexedPath {
  template: string;
  segments: Segment[];
  methods: Record<string, IndexedOperation>;
}

interface ContractIndex {
  key: string;
  openapi: string;
  paths: IndexedPath[];
  /** Request-body schemas, each wrapped as `{ allOf: [schema], components: { schemas: {…used…} } }`. */
  schemas: Record<string, JsonObject>;
}

export interface ContractLoadStats {
  source: "disk-cache" | "description";
  ms: number;
  cacheFile?: string;
}

export interface RequestToCheck {
  method: string;
  /** Path as sent (may be percent-encoded; may include `?query`, which is ignored). */
  path: string;
  body?: unknown;
  /** Base URL of the scope; for GHE (`…/api/v3`) its path prefix is stripped from `path`. */
  baseUrl?: string | undefined;
}

export interface OperationMatch {
  template: string;
  method: string;
  operationId: string;
  params: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Loading

let index: ContractIndex | undefined;
let lastLoad: ContractLoadStats | undefined;

/** How the index was obtained in this module registry (undefined until first use). */
export function contractLoadStats(): ContractLoadStats | undefined {
  return lastLoad;
}

function loadIndex(): ContractIndex {
  if (index) return index;
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const pkgJsonPath = require.resolve("@octokit/openapi/package.json");
  const pkgDir = dirname(pkgJsonPath);
  const version = (JSON.parse(readFileSync(pkgJsonPath, "utf8")) as { version: string }).version;
  const specPath = join(pkgDir, SPEC_FILE);
  const stat = statSync(specPath);
  const key = `f${INDEX_FORMAT}-openapi${version}-${stat.size}-${Math.floor(stat.mtimeMs)}`;
  // pkgDir is <node_modules>/@octokit/openapi
  const cacheDir = join(pkgDir, "..", "..", ".cache", "lodestar-openapi");
  const cacheFile = join(cacheDir, `api.github.com-${key}.json`);
  const useCache = process.env["LODESTAR_OPENAPI_CACHE"] !== "0";

  if (useCache) {
    try {
      const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as ContractIndex;
      if (cached.key === key) {
        index = cached;
        lastLoad = { source: "disk-cache", ms: performance.now() - started, cacheFile };
        return cached;
      }
    } catch {
      // missing or corrupt: rebuild below
    }
  }

  const spec = JSON.parse(readFileSync(specPath, "utf8")) as JsonObject;
  const built = buildIndex(spec, key);
  if (useCache) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      // Atomic publish: parallel Jest workers may build concurrently; last rename wins, readers never see a partial file.
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, JSON.stringify(built));
      renameSync(tmp, cacheFile);
    } catch {
      // read-only node_modules etc.: the in-memory index still works
    }
  }
  index = built;
  lastLoad = { source: "description", ms: performance.now() - started, ...(useCache ? { cacheFile } : {}) };
  return built;
}

function buildIndex(spec: JsonObject, key: string): ContractIndex {
  const paths = asObject(spec["paths"]) ?? {};
  const components = asObject(spec["components"]) ?? {};
  const resolve = (ref: string): Json | undefined => resolvePointer(spec, ref);
  const indexedPaths: IndexedPath[] = [];
  const schemas: Record<string, JsonObject> = {};

  for (const [template, rawItem] of Object.entries(paths)) {
    const item = asObject(rawItem);
    if (!item) continue;
    const pathLevelParams = asArray(item["parameters"]) ?? [];
    const methods: Record<string, IndexedOperation> = {};
    const multiSegment = new Set<string>();

    for (const method of HTTP_METHODS) {
      const op = asObject(item[method]);
      if (!op) continue;
      for (const p of [...pathLevelParams, ...(asArray(op["parameters"]) ?? [])]) {
        const param = derefObject(p, resolve);
        if (param && param["in"] === "path" && param["x-multi-segment"] === true && typeof param["name"] === "string") {
          multiSegment.add(param["name"]);
        }
      }
      const operationId = typeof op["operationId"] === "string" ? op["operationId"] : `${method} ${template}`;
      const indexed: IndexedOperation = { operationId };
      const requestBody = derefObject(op["requestBody"], resolve);
      if (requestBody) {
        const content = asObject(requestBody["content"]) ?? {};
        const contentTypes = Object.keys(content);
        const body: NonNullable<IndexedOperation["body"]> = { required: requestBody["required"] === true, contentTypes };
        const jsonType = contentTypes.find((t) => /^application\/(.+\+)?json/.test(t));
        const schema = jsonType ? asObject(asObject(content[jsonType])?.["schema"]) : undefined;
        if (schema) {
          const schemaKey = `${method.toUpperCase()} ${template}`;
          schemas[schemaKey] = packSchema(schema, components, spec);
          body.schema = schemaKey;
        }
        indexed.body = body;
      }
      methods[method.toUpperCase()] = indexed;
    }

    const segments: Segment[] = template
      .split("/")
      .slice(1)
      .map((s) => {
        const m = /^\{([^}]+)\}$/.exec(s);
        return m?.[1] !== undefined ? { param: m[1], multi: multiSegment.has(m[1]) } : { literal: s };
      });
    indexedPaths.push({ template, segments, methods });
  }
  return { key, openapi: String(spec["openapi"]), paths: indexedPaths, schemas };
}

/**
 * Normalise a request-body schema for ajv and bundle the components it references (transitively),
 * so `#/components/...` pointers resolve inside the packed document.
 */
function packSchema(schema: JsonObject, components: JsonObject, spec: JsonObject): JsonObject {
  const needed = new Map<string, Json>();
  const queue: string[] = [];
  const collect = (node: Json | undefined): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === "object") {
      const ref = node["$ref"];
      if (typeof ref === "string" && ref.startsWith("#/components/") && !needed.has(ref)) {
        needed.set(ref, null);
        queue.push(ref);
      }
      for (const v of Object.values(node)) collect(v);
    }
  };
  const normalisedRoot = normaliseSchema(schema);
  collect(normalisedRoot);
  while (queue.length > 0) {
    const ref = queue.shift()!;
    const target = resolvePointer(spec, ref);
    const normalised = normaliseSchema(target ?? {});
    needed.set(ref, normalised);
    collect(normalised);
  }
  const packedComponents: JsonObject = {};
  for (const [ref, value] of needed) {
    const [, , section, ...rest] = ref.split("/");
    if (!section || rest.length !== 1 || !asObject(components[section])) continue;
    const sectionObj = (asObject(packedComponents[section]) ?? {}) as JsonObject;
    sectionObj[unescapePointer(rest[0]!)] = value;
    packedComponents[section] = sectionObj;
  }
  return { allOf: [normalisedRoot], components: packedComponents };
}

const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);
const SCHEMA_KEYWORDS = new Set(["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "additionalItems", "unevaluatedProperties", "unevaluatedItems"]);
const SCHEMA_ARRAY_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const DROPPED_KEYWORDS = new Set(["description", "example", "examples", "title", "externalDocs", "deprecated", "xml", "discriminator"]);

/**
 * Schema-aware clean-up (keys inside `properties` are property names, never dropped):
 *  - drop documentation keywords and `x-*` extensions (size);
 *  - OpenAPI 3.0 `nullable: true`: ajv supports it next to `type`, but not without `type`, and it
 *    does not add `null` to an `enum`; make both explicit so `null` is accepted as GitHub intends.
 */
function normaliseSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(normaliseSchema);
  if (!node || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(k) || k.startsWith("x-")) continue;
    if (SCHEMA_MAP_KEYWORDS.has(k) && asObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v as JsonObject).map(([name, s]) => [name, normaliseSchema(s)]));
    } else if (SCHEMA_KEYWORDS.has(k)) {
      out[k] = typeof v === "boolean" ? v : normaliseSchema(v);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(k) && Array.isArray(v)) {
      out[k] = v.map(normaliseSchema);
    } else {
      out[k] = v;
    }
  }
  if (out["nullable"] === true) {
    if (Array.isArray(out["enum"]) && !out["enum"].includes(null)) out["enum"] = [...out["enum"], null];
    if (out["type"] === undefined) {
      delete out["nullable"];
      return { anyOf: [{ type: "null" }, out] };
    }
  } else if (out["nullable"] === false) {
    delete out["nullable"];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Matching

function splitRequestPath(req: RequestToCheck): string[] {
  let path = req.path.split("?")[0]!.split("#")[0]!;
  const basePath = req.baseUrl ? safeUrlPath(req.baseUrl) : "";
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length);
  else if (path.startsWith("/api/v3/")) path = path.slice("/api/v3".length);
  if (!path.startsWith("/")) path = `/${path}`;
  return path
    .split("/")
    .slice(1)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function safeUrlPath(baseUrl: string): string {
  try {
    return new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return "";
  }
}

function matchSegments(template: Segment[], actual: string[], ti = 0, ai = 0, params: Record<string, string> = {}): Record<string, string> | undefined {
  if (ti === template.length) return ai === actual.length ? params : undefined;
  const seg = template[ti]!;
  if ("literal" in seg) {
    return actual[ai] === seg.literal ? matchSegments(template, actual, ti + 1, ai + 1, params) : undefined;
  }
  if (ai >= actual.length || actual[ai] === "") return undefined;
  if (!seg.multi) return matchSegments(template, actual, ti + 1, ai + 1, { ...params, [seg.param]: actual[ai]! });
  // multi-segment: take as many segments as possible, backtracking
  for (let end = actual.length; end > ai; end--) {
    const parts = actual.slice(ai, end);
    if (parts.some((p) => p === "")) continue;
    const found = matchSegments(template, actual, ti + 1, end, { ...params, [seg.param]: parts.join("/") });
    if (found) return found;
  }
  return undefined;
}

function specificity(p: IndexedPath): number {
  let score = 0;
  for (const s of p.segments) score += "literal" in s ? 100 : s.multi ? 1 : 10;
  return score;
}

type Resolution =
  | { kind: "ok"; path: IndexedPath; op: IndexedOperation; match: OperationMatch }
  | { kind: "graphql" }
  | { kind: "no-path"; suggestions: string[] }
  | { kind: "no-method"; templates: IndexedPath[] };

function resolve(req: RequestToCheck): Resolution {
  const method = req.method.toUpperCase();
  const actual = splitRequestPath(req);
  const joined = `/${actual.join("/")}`;
  if (joined === "/graphql" || joined === "/api/graphql") return { kind: "graphql" };
  const idx = loadIndex();
  const candidates: Array<{ path: IndexedPath; params: Record<string, string> }> = [];
  for (const p of idx.paths) {
    const params = matchSegments(p.segments, actual);
    if (params) candidates.push({ path: p, params });
  }
  candidates.sort((a, b) => specificity(b.path) - specificity(a.path));
  if (candidates.length === 0) return { kind: "no-path", suggestions: suggest(idx, actual) };
  const withMethod = candidates.find((c) => c.path.methods[method]);
  if (!withMethod) return { kind: "no-method", templates: candidates.map((c) => c.path) };
  const op = withMethod.path.methods[method]!;
  return {
    kind: "ok",
    path: withMethod.path,
    op,
    match: { template: withMethod.path.template, method, operationId: op.operationId, params: withMethod.params },
  };
}

function suggest(idx: ContractIndex, actual: string[]): string[] {
  const scored: Array<[number, string]> = [];
  for (const p of idx.paths) {
    if (p.segments.length !== actual.length) continue;
    let score = 0;
    p.segments.forEach((s, i) => {
      if ("literal" in s) {
        if (s.literal === actual[i]) score += 2;
        else if (editDistanceAtMost2(s.literal, actual[i] ?? "")) score += 1;
        else score -= 3;
      } else score += 1;
    });
    if (score >= actual.length) scored.push([score, p.template]);
  }
  return scored
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, t]) => t);
}

function editDistanceAtMost2(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]! <= 2;
}

/** The operation a request maps to, or undefined when it matches none. */
export function findOperation(req: RequestToCheck): OperationMatch | undefined {
  const r = resolve(req);
  return r.kind === "ok" ? r.match : undefined;
}

// ---------------------------------------------------------------------------------------------
// Body validation

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, allowUnionTypes: true });
    // ajv-formats is CommonJS with `module.exports = plugin` and `exports.default = plugin`.
    const mod = ajvFormatsModule as unknown as { default?: unknown };
    const addFormats = (typeof mod.default === "function" ? mod.default : (mod.default as { default?: unknown } | undefined)?.default ?? mod) as (a: Ajv) => Ajv;
    addFormats(ajv);
    // GitHub-specific formats used in request bodies.
    ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat("binary", true);
  }
  return ajv;
}

function validatorFor(schemaKey: string): ValidateFunction {
  let v = validators.get(schemaKey);
  if (!v) {
    const schema = loadIndex().schemas[schemaKey];
    if (!schema) throw new Error(`openapi-contract: no schema ${schemaKey} in the index`);
    v = getAjv().compile(schema);
    validators.set(schemaKey, v);
  }
  return v;
}

function formatAjvError(e: ErrorObject, body: unknown): string {
  const at = e.instancePath === "" ? "body" : `body${e.instancePath.replace(/\//g, ".")}`;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${at}: missing required property "${String(params["missingProperty"])}"`;
    case "enum":
      return `${at}: ${JSON.stringify(valueAt(body, e.instancePath))} is not one of ${JSON.stringify(params["allowedValues"])}`;
    case "maxLength": {
      const v = valueAt(body, e.instancePath);
      return `${at}: length ${typeof v === "string" ? v.length : "?"} exceeds maxLength ${String(params["limit"])}`;
    }
    case "maxItems": {
      const v = valueAt(body, e.instancePath);
      return `${at}: ${Array.isArray(v) ? v.length : "?"} items exceed maxItems ${String(params["limit"])}`;
    }
    case "oneOf":
      return `${at}: matches ${params["passingSchemas"] ? "more than one" : "none"} of the oneOf alternatives (see the errors above)`;
    case "type":
      return `${at}: ${JSON.stringify(valueAt(body, e.instancePath))?.slice(0, 80)} ${e.message ?? "has the wrong type"}`;
    default:
      return `${at}: ${e.message ?? e.keyword}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""}`;
  }
}

/**
 * One line per distinct problem: errors that differ only in an array index (e.g. the same bad
 * `annotation_level` in 51 annotations) are reported once with a count.
 */
function summariseAjvErrors(errors: ErrorObject[], body: unknown): string[] {
  const groups = new Map<string, { first: string; count: number }>();
  for (const e of errors) {
    if (e.keyword === "if") continue;
    const generic = `${e.keyword}|${e.schemaPath}|${e.instancePath.replace(/\/\d+(?=\/|$)/g, "/*")}`;
    const g = groups.get(generic);
    if (g) g.count += 1;
    else groups.set(generic, { first: formatAjvError(e, body), count: 1 });
  }
  const lines = [...groups.values()].map((g) => (g.count > 1 ? `${g.first} (and ${g.count - 1} more like it at other array indices)` : g.first));
  return lines.length > 25 ? [...lines.slice(0, 25), `… and ${lines.length - 25} more schema errors`] : lines;
}

function valueAt(body: unknown, pointer: string): unknown {
  let cur: unknown = body;
  for (const raw of pointer.split("/").slice(1)) {
    const key = unescapePointer(raw);
    if (cur && typeof cur === "object") cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur;
}

/**
 * Properties sent that the description does not define. Only checked where the schema is a plain
 * object schema (has `properties`, no `additionalProperties`/`patternProperties`, no combinators),
 * so oneOf/anyOf alternatives never produce false positives.
 */
function unknownProperties(schema: Json | undefined, value: unknown, at: string, root: JsonObject, out: string[], depth = 0): void {
  if (depth > 20 || !value || typeof value !== "object") return;
  let s = asObject(schema ?? null);
  for (let i = 0; s && typeof s["$ref"] === "string" && i < 20; i++) s = asObject(resolvePointer(root, s["$ref"]) ?? null);
  if (!s) return;
  const allOf = asArray(s["allOf"]);
  if (allOf && allOf.length === 1 && Object.keys(s).every((k) => k === "allOf" || k === "components")) {
    unknownProperties(allOf[0], value, at, root, out, depth + 1);
    return;
  }
  if (s["oneOf"] !== undefined || s["anyOf"] !== undefined || s["allOf"] !== undefined || s["not"] !== undefined) return;
  if (Array.isArray(value)) {
    const items = s["items"];
    value.forEach((v, i) => unknownProperties(items, v, `${at}[${i}]`, root, out, depth + 1));
    return;
  }
  const props = asObject(s["properties"]);
  if (!props || s["additionalProperties"] !== undefined || s["patternProperties"] !== undefined) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(k in props)) out.push(`${at}.${k}: unknown property (not in GitHub's description; GitHub ignores it silently). Known: ${Object.keys(props).join(", ")}`);
    else unknownProperties(props[k], v, `${at}.${k}`, root, out, depth + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Violations of GitHub's REST description by one request (empty when it conforms). */
export function checkRequest(req: RequestToCheck): string[] {
  const method = req.method.toUpperCase();
  const label = `${method} ${req.path}`;
  const r = resolve(req);
  if (r.kind === "graphql") {
    const body = req.body as { query?: unknown } | undefined;
    if (method !== "POST") return [`${label}: GraphQL requests must be POST`];
    if (!body || typeof body !== "object" || typeof body.query !== "string") return [`${label}: GraphQL body must be JSON with a string "query"`];
    return [];
  }
  if (r.kind === "no-path") {
    return [
      `${label}: no path in GitHub's REST description matches` +
        (r.suggestions.length ? ` (did you mean ${r.suggestions.join(" or ")}?)` : ""),
    ];
  }
  if (r.kind === "no-method") {
    const allowed = r.templates.map((t) => `${t.template} allows ${Object.keys(t.methods).join(", ")}`).join("; ");
    return [`${label}: method ${method} is not defined for this path (${allowed})`];
  }

  const { op, match } = r;
  const where = `${label} [${match.operationId}: ${method} ${match.template}]`;
  const violations: string[] = [];
  const body = req.body;
  const hasBody = body !== undefined && body !== "";
  if (!op.body) return violations;
  if (!hasBody) {
    if (op.body.required) violations.push(`${where}: request body is required but none was sent`);
    return violations;
  }
  if (!op.body.schema) return violations; // non-JSON content (e.g. text/plain, octet-stream)
  if (typeof body === "string") {
    violations.push(`${where}: body is not JSON (expected ${op.body.contentTypes.join(" or ")}): ${body.slice(0, 120)}`);
    return violations;
  }
  const validate = validatorFor(op.body.schema);
  if (!validate(body)) {
    for (const line of summariseAjvErrors(validate.errors ?? [], body)) violations.push(`${where}: ${line}`);
  }
  const unknown: string[] = [];
  const packed = loadIndex().schemas[op.body.schema]!;
  unknownProperties(packed, body, "body", packed, unknown);
  for (const u of unknown) violations.push(`${where}: ${u}`);
  return violations;
}

/**
 * Compile every request-body validator in the description (self-test of the normalisation: a
 * schema that ajv cannot compile would otherwise only surface when a test first hits it).
 * Returns `operations` compiled and any `failures`.
 */
export function compileAllBodySchemas(): { operations: number; failures: string[] } {
  const failures: string[] = [];
  const keys = Object.keys(loadIndex().schemas);
  for (const key of keys) {
    try {
      validatorFor(key);
    } catch (e) {
      failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { operations: keys.length, failures };
}

/** Violations of all recorded requests, each prefixed by the request's position. */
export function checkRecorded(records: ReadonlyArray<Pick<RecordedRequest, "method" | "path" | "body" | "baseUrl">>): string[] {
  const out: string[] = [];
  records.forEach((r, i) => {
    for (const v of checkRequest(r)) out.push(`#${i + 1} ${v}`);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers

function asObject(v: Json | undefined): JsonObject | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

function asArray(v: Json | undefined): Json[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

function resolvePointer(root: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let cur: Json | undefined = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = unescapePointer(decodeURIComponent(raw));
    const obj = asObject(cur);
    if (!obj) return undefined;
    cur = obj[key];
  }
  return cur;
}

function derefObject(v: Json | undefined, resolveRef: (ref: string) => Json | undefined): JsonObject | undefined {
  let cur = asObject(v);
  for (let i = 0; cur && typeof cur["$ref"] === "string" && i < 20; i++) cur = asObject(resolveRef(cur["$ref"]));
  return cur;
}
