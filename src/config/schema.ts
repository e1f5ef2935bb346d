import { z } from "zod";

/**
 * The one schema for `.github/lodestar.yml`. It gives validation (with defaults),
 * the TypeScript type, and the JSON Schema published for editors
 * (`docs/lodestar.schema.json`, kept in sync by a test).
 *
 * Keys are kebab-case, like GitHub's own YAML (dependabot's `open-pull-requests-limit`).
 * Objects are strict so that a typo ("modlues") is an error rather than a silent default.
 * Ranges are bounded so that a config on a branch cannot ask for unbounded spend.
 */

const moduleToggle = (description: string) =>
  z
    .strictObject({
      enabled: z.boolean().default(true).describe(`Run the ${description}.`),
    })
    .prefault({});

const usd = (max: number) => z.number().min(0).max(max);
const tokens = (max: number) => z.number().int().min(0).max(max);
const ratio = z.number().min(0).max(1);
/** A price per million tokens; bounded so a typo cannot make budgets meaningless. */
const perMTok = z.number().min(0).max(1000);

export const modulesSchema = z
  .strictObject({
    facts: moduleToggle("repository facts module (file count, languages)"),
    security: moduleToggle("security module (secrets, vulnerable dependencies, code patterns)"),
    tests: moduleToggle("test-generation module"),
    refactor: moduleToggle("refactor module"),
  })
  .prefault({})
  .describe("Which modules run. Each module can be switched off.");

export const configSchema = z
  .strictObject({
    _extends: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe(
        "Inherit settings from another repository's config (Probot's `_extends`, e.g. `.github` or `org/repo:path.yml`). The app resolves it; the CLI and the action read the local file only.",
      ),
    modules: modulesSchema,
    schedule: z
      .strictObject({
        cron: z
          .string()
          .regex(/^(\S+\s+){4}\S+$/, "must be a five-field cron expression")
          .default("0 3 * * *")
          .describe("When the nightly cycle runs (UTC, five-field cron). Copy it into the workflow file."),
        paused: z.boolean().default(false).describe("Pause scheduled work (same as `/lodestar pause`)."),
      })
      .prefault({}),
    budgets: z
      .strictObject({
        "daily-usd": usd(1000).default(1).describe("Cloud spend cap per repo per day, in US dollars."),
        "monthly-usd": usd(10000).default(20).describe("Cloud spend cap per repo per month, in US dollars."),
        "cycle-usd": usd(1000).default(0.5).describe("Cloud spend cap for one cycle, in US dollars."),
        "daily-tokens": tokens(100_000_000).default(2_000_000).describe("Cloud token cap per repo per day."),
        "monthly-tokens": tokens(1_000_000_000)
          .default(40_000_000)
          .describe("Cloud token cap per repo per month."),
      })
      .prefault({})
      .describe("Hard caps: at a cap the router goes local-only and says so."),
    prices: z
      .record(
        z.string().min(1).max(200).describe("A model id as the API names it, e.g. `claude-sonnet-5-5`."),
        z.strictObject({
          input: perMTok.describe("US dollars per million input tokens."),
          output: perMTok.describe("US dollars per million output tokens."),
          "cached-input": perMTok.optional().describe("US dollars per million input tokens read from the prompt cache (default: the input price)."),
        }),
      )
      .refine((table) => Object.keys(table).length <= 100, "at most 100 models")
      .meta({ maxProperties: 100 })
      .optional()
      .describe(
        "Price overrides per cloud model, in US dollars per million tokens; models not listed use Lodestar's built-in list prices, and unknown models are charged at the most expensive known price.",
      ),
    thresholds: z
      .strictObject({
        confidence: ratio.default(0.7).describe("Escalate to the cloud when local confidence is below this."),
        complexity: ratio.default(0.75).describe("Escalate when task complexity is above this."),
        novelty: ratio.default(0.85).describe("Escalate when task novelty is above this."),
      })
      .prefault({}),
    models: z
      .strictObject({
        local: z
          .string()
          .min(1)
          .max(200)
          .default("qwen2.5-coder:7b")
          .describe("Ollama model used first for every task."),
        "local-context": z
          .number()
          .int()
          .min(2048)
          .max(1_048_576)
          .default(32_768)
          .describe("Context window (tokens) the local model runs with (Ollama num_ctx); bigger tasks go to the cloud."),
        cloud: z
          .enum(["anthropic", "openai", "none"])
          .default("anthropic")
          .describe("Cloud provider used when the local answer is not trusted; `none` keeps everything local."),
        "anthropic-model": z.string().min(1).max(200).default("claude-sonnet-5-5"),
        "openai-model": z.string().min(1).max(200).default("gpt-5-mini"),
      })
      .prefault({}),
    "never-send": z
      .array(z.string().min(1).max(500))
      .max(200)
      .default(["**/.env", "**/.env.*", "**/*.pem", "**/*.key", "**/secrets/**"])
      .describe("Path globs whose content is never sent to a cloud model."),
    "pull-requests": z
      .strictObject({
        "per-hour": z.number().int().min(0).max(20).default(2).describe("At most this many new PRs an hour."),
        "max-open": z.number().int().min(0).max(50).default(5).describe("At most this many Lodestar PRs open at once."),
        "max-changed-lines": z
          .number()
          .int()
          .min(1)
          .max(5000)
          .default(400)
          .describe("A proposal that changes more lines is not opened."),
      })
      .prefault({}),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(2)
      .describe("How many modules run at once in a cycle."),
  })
  .describe("Lodestar configuration (.github/lodestar.yml)");

/** The validated configuration, with every default filled in. */
export type LodestarConfig = z.output<typeof configSchema>;
/** What a user may write in `.github/lodestar.yml`. */
export type LodestarConfigInput = z.input<typeof configSchema>;

/** The configuration a repo gets when it has no `.github/lodestar.yml`. */
export function defaultConfig(): LodestarConfig {
  return configSchema.parse({});
}

/** The JSON Schema (2020-12) for editors, generated from the same schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input" }),
    $id: "https://github.com/lodestar-app/lodestar/blob/main/docs/lodestar.schema.json",
    title: "Lodestar configuration",
  };
}
