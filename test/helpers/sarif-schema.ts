import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvModule from "ajv-draft-04";
import * as ajvFormatsModule from "ajv-formats";
import type { ErrorObject } from "ajv";

// A CommonJS package: under Node's ESM loader its class is the default export's `default`.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
};

const require = createRequire(import.meta.url);

/**
 * A validator for SARIF 2.1.0 logs built from the schema Microsoft publishes on npm
 * (`@microsoft/sarif-matcher-utils`, `sarif-2.1.0-rtm.5.json`, JSON Schema draft-04).
 * Returns the list of problems, empty when the log is valid.
 */
export function sarifValidator(): (log: unknown) => string[] {
  const schemaPath = require.resolve("@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
  // unicodeRegExp off: the published schema's `language` pattern has a stray `]` that is an error under the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The schema uses `format: "uri"` and "date-time": checked, not warned about and ignored.
  const mod = ajvFormatsModule as unknown as { default?: unknown };
  const addFormats = (typeof mod.default === "function" ? mod.default : ((mod.default as { default?: unknown } | undefined)?.default ?? mod)) as (a: unknown) => unknown;
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? "invalid"}`));
}
