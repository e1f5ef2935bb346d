/**
 * Our own check of a structured answer against the task's JSON Schema. The APIs constrain
 * decoding to the schema, but a provider may ignore it (older Ollama, a proxy), a truncated
 * answer is not JSON at all, and a cloud model can still break `minimum`/`pattern`-style rules
 * that constrained decoding does not enforce: so every structured answer is validated here.
 *
 * Ajv (JSON Schema 2020-12, the dialect `z.toJSONSchema` emits) rather than a hand-written
 * checker: schemas built with zod carry `$defs`/`$ref`, `anyOf` and formats-free keywords that
 * a subset checker would have to reject or, worse, silently ignore.
 */
// The named export: Ajv is CommonJS, and its default export is not the class under Node's ESM loader.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";

/** The schema itself is unusable (a bug in the caller, not a bad model answer). */
export class SchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchemaError";
  }
}

/** The result of checking one answer: the problems found, empty when it conforms. */
export interface SchemaCheck {
  valid: boolean;
  /** e.g. `/items/0/line must be integer`; at most a few, for the decision log. */
  problems: string[];
}

const MAX_PROBLEMS = 5;

// allErrors: a log line naming every problem helps more than the first one alone.
// strict false: vendor keywords (`x-…`, `title`, zod's `~standard`-free extras) are not errors.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * The compiled validator of `schema`, cached per schema object. `$schema` is dropped first:
 * the subset the providers accept reads the same in draft-07 and 2020-12, and Ajv's 2020
 * build would refuse to load a draft-07 meta-schema reference.
 * @throws SchemaError when the schema does not compile.
 */
export function schemaValidator(schema: Record<string, unknown>): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const { $schema: _dialect, $id: _id, ...body } = schema;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(body);
  } catch (error) {
    throw new SchemaError(`the task's JSON schema is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  compiled.set(schema, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || "(root)";
  if (error.keyword === "additionalProperties") return `${where} has unexpected property "${String((error.params as { additionalProperty?: unknown }).additionalProperty)}"`;
  return `${where} ${error.message ?? "is invalid"}`;
}

/** Validates a parsed answer against `schema`. */
export function checkAgainstSchema(value: unknown, schema: Record<string, unknown>): SchemaCheck {
  const validate = schemaValidator(schema);
  if (validate(value)) return { valid: true, problems: [] };
  const problems = (validate.errors ?? []).slice(0, MAX_PROBLEMS).map(describe);
  return { valid: false, problems: problems.length ? problems : ["does not match the schema"] };
}

/**
 * Reads a model's text as JSON: as is, else the content of a single ```json fence (some
 * models wrap JSON even when told not to). Returns undefined when neither parses.
 */
export function parseJsonAnswer(text: string): { value: unknown } | undefined {
  const attempts = [text.trim()];
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n```\s*$/i.exec(text.trim());
  if (fenced?.[1] !== undefined) attempts.push(fenced[1]);
  for (const candidate of attempts) {
    if (!candidate) continue;
    try {
      return { value: JSON.parse(candidate) as unknown };
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
