import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { formatAnalysisText, toAnalysisReport } from "../analysis/index.js";
import { analyzeCommand } from "./commands/analyze.js";
import { askCommand, formatAskJson, formatAskText } from "./commands/ask.js";
import { cycleCommand } from "./commands/cycle.js";
import { formatScanText, scanCommand } from "./commands/scan.js";
import { doctorCommand } from "./commands/doctor.js";
import { describeExport, learnExportCommand } from "./commands/learn.js";
import { usageCommand } from "./commands/usage.js";
import { UserError } from "./user-error.js";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Builds the `lodestar` program. Commands translate flags into calls to the core. */
export function buildProgram(io: CliIo, outcome: { exitCode: number } = { exitCode: 0 }): Command {
  const program = new Command("lodestar")
    .description("Lodestar keeps improving a repository on its own, local-first.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} })
    .showHelpAfterError(false);

  program
    .command("cycle")
    .description("run a full cycle on a local directory (no GitHub needed): writes summary.md, findings.sarif, decisions.jsonl")
    .requiredOption("--repo <dir>", "the repository to work on")
    .option("--out <dir>", "where to write the results", ".lodestar/out")
    .option("--modules <list>", "comma-separated modules to run (default: those enabled in config)")
    .action(async (opts: { repo: string; out: string; modules?: string }) => {
      const { result, files } = await cycleCommand({ ...opts, env: io.env, progress: (line) => io.err(`${line}\n`) });
      io.out(`${result.conclusion}: ${result.conclusionReason}\n`);
      for (const f of files) io.out(`  ${f}\n`);
    });

  program
    .command("analyze")
    .description("print the repository analysis (files, languages, dependencies, hotspots)")
    .requiredOption("--repo <dir>", "the repository to analyse")
    .option("--json", "print JSON")
    .option("--metrics <scope>", "which files get function metrics: hotspots (changed in the last 12 months), all, none", "hotspots")
    .option("--no-cache", "read every file again instead of reusing results for unchanged files")
    .action(async (opts: { repo: string; json?: boolean; metrics: string; cache: boolean }) => {
      const analysis = await analyzeCommand({ ...opts, env: io.env, progress: (line) => io.err(`${line}\n`) });
      io.out(opts.json ? `${JSON.stringify(toAnalysisReport(analysis), null, 2)}\n` : formatAnalysisText(analysis));
    });

  program
    .command("scan")
    .description("security findings as SARIF 2.1.0")
    .requiredOption("--repo <dir>", "the repository to scan")
    .option("--sarif <file>", "where to write the SARIF file")
    .option("--offline", "do not ask OSV about dependencies (they are reported unknown, not clean)")
    .option("--no-cache", "scan every file again instead of reusing results for unchanged files")
    .addHelpText("after", "\nExit status: 0 when no error-level finding, 1 when there is one (or on failure), 2 on bad usage.")
    .action(async (opts: { repo: string; sarif?: string; offline?: boolean; cache: boolean }) => {
      const result = await scanCommand({
        repo: opts.repo,
        ...(opts.sarif !== undefined ? { sarif: opts.sarif } : {}),
        osv: !opts.offline,
        cache: opts.cache,
        env: io.env,
        progress: (line) => io.err(`${line}\n`),
        ...(io.env["LODESTAR_OSV_ENDPOINT"] ? { osvEndpoint: io.env["LODESTAR_OSV_ENDPOINT"] } : {}),
      });
      io.out(formatScanText(result));
      // Like other scanners: a CI step can fail on committed secrets or error-level patterns.
      if (result.findings.some((f) => f.level === "error")) outcome.exitCode = 1;
    });

  program
    .command("doctor")
    .description("check config, Ollama reachability and models, keys, budgets and the state file")
    .option("--repo <dir>", "also validate this repository's .github/lodestar.yml")
    .action(async (opts: { repo?: string }) => {
      await doctorCommand({ ...(opts.repo ? { repoDir: opts.repo } : {}), env: io.env }, io);
    });

  program
    .command("usage")
    .description("the usage ledger and budget status")
    .option("--repo <dir>", "limit the report to this repository and use its config's budget caps")
    .option("--json", "print JSON")
    .option("--csv", "print CSV (one row per day, model and task kind)")
    .option("--out <file>", "write the report to this file instead of printing it")
    .action(async (opts: { repo?: string; json?: boolean; csv?: boolean; out?: string }) => {
      const result = await usageCommand({ ...opts, env: io.env });
      if (result.outPath) io.err(`usage report written to ${result.outPath}\n`);
      else io.out(result.text);
    });

  program
    .command("ask")
    .description("ask one question about a repository through the model router (local first)")
    .requiredOption("--repo <dir>", "the repository the question is about")
    .option("--json", "print JSON")
    .argument("<question>", "the question")
    .addHelpText("after", "\nPrints the answer, which model answered (and why it escalated, if it did), tokens and cost.")
    .action(async (question: string, opts: { repo: string; json?: boolean }) => {
      const result = await askCommand({ repo: opts.repo, question, env: io.env });
      io.out(opts.json ? formatAskJson(result) : formatAskText(result));
    });

  const learn = program.command("learn").description("the learning memory");
  learn
    .command("export")
    .description("verified question/answer pairs as a JSONL fine-tuning set")
    .option("--out <file>", "where to write the JSONL (default: standard output)")
    .option("--kind <kinds>", "only these task kinds (comma-separated)")
    .action(async (opts: { out?: string; kind?: string }) => {
      const result = await learnExportCommand({ ...(opts.out !== undefined ? { out: opts.out } : {}), ...(opts.kind !== undefined ? { kinds: opts.kind } : {}), env: io.env });
      if (!result.outPath) io.out(result.jsonl);
      io.err(`${describeExport(result)}\n`);
    });

  program
    .command("serve")
    .description("start the Probot webhook server (same as npm start)")
    .action(async () => {
      const { serve } = await import("../app/serve.js");
      await serve(io.env);
    });

  return program;
}

/**
 * Runs the CLI and returns the exit code. User errors and bad flags print one line;
 * anything else prints its message, and the stack only with LODESTAR_DEBUG=1.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const outcome = { exitCode: 0 };
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return 0;
      io.err(`lodestar: ${error.message.replace(/^error: /, "")}\n`);
      return 2;
    }
    if (error instanceof UserError || (error as Error)?.name === "StartupError") {
      io.err(`lodestar: ${(error as Error).message}\n`);
      return error instanceof UserError ? error.exitCode : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`lodestar: ${message}\n`);
    if (io.env.LODESTAR_DEBUG === "1" && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 1;
  }
}
