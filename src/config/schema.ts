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

/**
 * A command as an argument list, never a shell string (FAULTS 13): the first item is the
 * program. Bounded so a config cannot smuggle in megabytes.
 */
const argv = z.array(z.string().min(1).max(1000)).min(1).max(100);

/** A path inside the repository: relative, no `..`, not in `.git`, no NUL. */
const repoPath = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (p) => !p.includes("\0") && !/^([\\/]|[A-Za-z]:)/.test(p) && !p.split(/[\\/]/).some((part) => part === ".." || part.toLowerCase() === ".git"),
    "must be a relative path inside the repository",
  );

const usd = (max: number) => z.number().min(0).max(max);
const tokens = (max: number) => z.number().int().min(0).max(max);
const ratio = z.number().min(0).max(1);
/** A price per million tokens; bounded so a typo cannot make budgets meaningless. */
const perMTok = z.number().min(0).max(1000);

export const modulesSchema = z
  .strictObject({
    facts: moduleToggle("repository facts module (file count, languages)"),
    security: moduleToggle("security module (secrets, vulnerable dependencies, code patterns)"),
    tests: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Run the test-generation module."),
        "max-targets": z.number().int().min(1).max(20).default(3).describe("At most this many files or functions get new tests per cycle."),
        candidates: z.number().int().min(1).max(10).default(4).describe("Test candidates asked of the model per target."),
        reruns: z.number().int().min(2).max(20).default(5).describe("A candidate must pass this many runs out of as many (flakiness filter)."),
      })
      .prefault({}),
    refactor: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Run the refactor module."),
        "max-targets": z.number().int().min(1).max(10).default(2).describe("At most this many hotspots are refactored per cycle."),
        variants: z.number().int().min(1).max(8).default(4).describe("Variants asked of the model per generation (k)."),
        generations: z.number().int().min(1).max(6).default(3).describe("At most this many rounds of improvement on the best variant (g)."),
        benchmark: argv
          .optional()
          .describe("A command (argument list) whose run time scores the variants instead of complexity and length, e.g. `[npm, run, bench]`."),
      })
      .prefault({}),
    fix: moduleToggle("issue-to-PR module (`/lodestar fix` and issues labelled `lodestar`; never part of the nightly cycle)"),
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
    commands: z
      .strictObject({
        install: argv.optional().describe("Installs dependencies, e.g. `[npm, ci]`. The only step that may use the network."),
        build: argv.optional().describe("Builds the project, e.g. `[npm, run, build]`."),
        test: argv.optional().describe("Runs the whole test suite, e.g. `[npm, test]`. Without it, commands are detected (npm, yarn, pnpm, pytest, go, cargo, maven, gradle)."),
        coverage: z
          .strictObject({
            command: argv.describe("Runs the tests with coverage, e.g. `[npm, run, coverage]`."),
            report: repoPath.describe("Where the command writes its report, relative to the repository root."),
            format: z.enum(["lcov", "istanbul", "cobertura"]).describe("The report's format."),
          })
          .optional(),
      })
      .prefault({})
      .describe("The repository's own commands, as argument lists (never shell strings). Detected when absent."),
    sandbox: z
      .strictObject({
        "timeout-minutes": z.number().int().min(1).max(60).default(10).describe("Each sandboxed command is killed after this many minutes."),
        "memory-mb": z.number().int().min(256).max(16384).default(2048).describe("Memory limit per sandboxed command, in MiB (Linux only)."),
        "output-kb": z.number().int().min(64).max(65536).default(1024).describe("Output kept per stream of a sandboxed command, in KiB; beyond it the command is stopped."),
      })
      .prefault({})
      .describe("Limits for running the repository's commands (tests, builds) in a scratch copy."),
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
