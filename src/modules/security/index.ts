import type { LodestarModule, ModuleResult } from "../types.js";
import { scanRepository } from "./scan-repository.js";
import { securityFindings, securityRules } from "./to-findings.js";

export { scanRepository, SECURITY_RULES_VERSION, type ScanOptions, type SecurityReport } from "./scan-repository.js";
export { securityFindings, securityRules, VULNERABLE_DEPENDENCY_RULE, DEPENDENCIES_UNKNOWN_RULE } from "./to-findings.js";
export { maskSecret, redactSecrets, scanTextForSecrets, type SecretFinding } from "./secrets/index.js";
export { SAST_RULES, sastLanguages, scanCode, type CodeFinding } from "./sast/index.js";
export { queryOsv, type OsvCache, type OsvResult } from "./osv.js";

/**
 * The security module: committed secrets (masked in every output), code patterns on the
 * syntax tree, and dependencies with known vulnerabilities (OSV). Deterministic, no model,
 * and it never runs repository code, so it also runs on untrusted refs.
 */
export const securityModule: LodestarModule = {
  name: "security",
  description: "Secrets, code patterns (SAST) and vulnerable dependencies (OSV)",
  executesRepoCode: false,
  async run({ analysis, signal, cache }): Promise<ModuleResult> {
    if (analysis.depth !== "content") {
      // The webhook server has only a listing; the quick changed-files scan reads through the API.
      return { findings: [], proposals: [], incomplete: ["no file contents to scan (listing only)"] };
    }
    // An OSV mirror, for air-gapped installs (and the tests' fake OSV).
    const osvEndpoint = process.env["LODESTAR_OSV_ENDPOINT"];
    const report = await scanRepository(analysis, { signal, cache, ...(osvEndpoint ? { osvEndpoint } : {}) });
    const { findings, incomplete } = securityFindings(report);
    return { findings, proposals: [], incomplete, rules: securityRules(report) };
  },
};
