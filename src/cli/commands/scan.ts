import { writeFile } from "node:fs/promises";
import path from "node:path";
import { analyzeRepository } from "../../analysis/index.js";
import { scanRepository, securityFindings, securityRules, type SecurityReport } from "../../modules/security/index.js";
import type { Finding } from "../../modules/index.js";
import { toSarif } from "../../publish/index.js";
import { VERSION } from "../../version.js";
import { UserError } from "../user-error.js";
import { openCacheOrWarn, phaseProgress } from "./analyze.js";
import { prepareOutputDirectory, requireDirectory } from "./cycle.js";

export interface ScanCommandOptions {
  repo: string;
  sarif?: string;
  /** False with `--offline`: no vulnerability lookup (dependencies reported unknown). */
  osv?: boolean;
  cache?: boolean;
  env?: NodeJS.ProcessEnv;
  progress?: (line: string) => void;
  /** For tests: where OSV is asked. */
  osvEndpoint?: string;
}

export interface ScanCommandResult {
  report: SecurityReport;
  findings: Finding[];
  incomplete: string[];
  sarifPath: string | null;
}

/**
 * `lodestar scan`: the security module on a local directory — secrets, code patterns,
 * vulnerable dependencies — written as SARIF 2.1.0 when `--sarif` is given.
 */
export async function scanCommand(options: ScanCommandOptions): Promise<ScanCommandResult> {
  const repoDir = await requireDirectory(options.repo);
  let sarifPath: string | null = null;
  if (options.sarif !== undefined) {
    if (!options.sarif.trim()) throw new UserError("--sarif: give a file name");
    // Checked before the work, so a typo does not cost a whole scan.
    sarifPath = path.join(await prepareOutputDirectory(path.dirname(path.resolve(options.sarif)), "--sarif"), path.basename(options.sarif));
  }
  const progress = options.progress ?? (() => {});
  const onProgress = phaseProgress(progress);
  const cache = options.cache === false ? null : openCacheOrWarn(repoDir, options.env ?? process.env, progress);
  const analysis = await analyzeRepository(repoDir, { cache, metrics: "none", onProgress });
  const report = await scanRepository(analysis, {
    cache: await cache,
    osv: options.osv !== false,
    onProgress,
    ...(options.osvEndpoint ? { osvEndpoint: options.osvEndpoint } : {}),
  });
  const { findings, incomplete } = securityFindings(report);
  if (sarifPath) {
    const sarif = toSarif(findings, VERSION, securityRules(report));
    try {
      await writeFile(sarifPath, `${JSON.stringify(sarif, null, 2)}\n`);
    } catch (error) {
      throw new UserError(`--sarif ${options.sarif}: cannot write (${(error as NodeJS.ErrnoException).code ?? "error"})`, 1);
    }
  }
  return { report, findings, incomplete, sarifPath };
}

/** What `lodestar scan` prints: one line per finding (secrets masked), then totals. */
export function formatScanText(result: ScanCommandResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    const where = f.location ? `${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ""}` : "(repository)";
    lines.push(`${f.level.padEnd(7)} ${where}  ${f.ruleId}  ${f.message}`);
  }
  const r = result.report;
  const count = (level: Finding["level"]) => result.findings.filter((f) => f.level === level).length;
  lines.push(
    `${r.filesScanned} files scanned: ${r.secrets.length} secrets, ${r.code.length} code patterns, ` +
      `${r.dependencies.vulnerabilities.length} vulnerable dependencies (OSV: ${r.dependencies.status}, ${r.dependencies.checked} checked); ` +
      `${count("error")} errors, ${count("warning")} warnings, ${count("note")} notes`,
  );
  for (const why of result.incomplete) lines.push(`incomplete: ${why}`);
  if (result.sarifPath) lines.push(`SARIF written to ${result.sarifPath}`);
  return `${lines.join("\n")}\n`;
}
