import type { Finding, RuleInfo } from "../types.js";
import type { OsvResult } from "./osv.js";
import { SAST_RULES } from "./sast/index.js";
import type { SecurityReport } from "./scan-repository.js";

const MODULE = "security";

/** Rule ids for what is not a per-pattern rule. */
export const VULNERABLE_DEPENDENCY_RULE = "dependency/vulnerable";
export const DEPENDENCIES_UNKNOWN_RULE = "dependency/unknown";

const SEVERITY_LEVEL: Record<OsvResult["vulnerabilities"][number]["severity"], Finding["level"]> = {
  critical: "error",
  high: "error",
  moderate: "warning",
  low: "note",
  unknown: "warning",
};

/** Rule metadata for everything {@link securityFindings} can report. */
export function securityRules(report: SecurityReport): RuleInfo[] {
  const rules = new Map<string, RuleInfo>();
  for (const s of report.secrets) {
    if (!rules.has(s.ruleId)) {
      rules.set(s.ruleId, {
        id: s.ruleId,
        title: s.title,
        help: `A ${s.provider} credential committed to the repository. Revoke it at the provider, then remove it from the history; in-repo suppression comments are not honoured.`,
        tags: ["security", "secret", "CWE-798"],
      });
    }
  }
  for (const r of SAST_RULES) rules.set(r.id, { id: r.id, title: r.title, help: r.help, tags: ["security", r.cwe] });
  rules.set(VULNERABLE_DEPENDENCY_RULE, {
    id: VULNERABLE_DEPENDENCY_RULE,
    title: "Dependency with a known vulnerability",
    help: "OSV lists a vulnerability affecting this version. Upgrade to a fixed version.",
    tags: ["security", "dependency"],
  });
  rules.set(DEPENDENCIES_UNKNOWN_RULE, {
    id: DEPENDENCIES_UNKNOWN_RULE,
    title: "Dependencies not checked for vulnerabilities",
    help: "The vulnerability database could not be asked (network failure or no resolved version); these dependencies are unknown, not clean.",
    tags: ["security", "dependency"],
  });
  return [...rules.values()];
}

/**
 * The security report as cycle findings. Secrets appear only masked; an OSV lookup that did
 * not complete becomes a warning, so "no vulnerabilities" is never claimed without an answer.
 */
export function securityFindings(report: SecurityReport): { findings: Finding[]; incomplete: string[] } {
  const findings: Finding[] = [];
  for (const s of report.secrets) {
    findings.push({
      module: MODULE,
      ruleId: s.ruleId,
      level: s.confidence === "high" ? "error" : "warning",
      title: s.title,
      message: `${s.title} (${s.masked}). Revoke it and remove it from the repository history.`,
      location: { path: s.path, startLine: s.line, endLine: s.endLine, startColumn: s.column, endColumn: s.endColumn },
      evidence: [{ kind: "scan", description: `matched the ${s.provider} detector`, data: { masked: s.masked, confidence: s.confidence } }],
      fingerprint: s.fingerprint,
    });
  }
  for (const c of report.code) {
    findings.push({
      module: MODULE,
      ruleId: c.ruleId,
      level: c.level,
      title: c.title,
      message: c.message,
      location: { path: c.path, startLine: c.line, endLine: c.endLine, startColumn: c.column, endColumn: c.endColumn },
      evidence: [{ kind: "scan", description: `syntax-tree rule ${c.ruleId} (${c.cwe})`, ...(c.snippet ? { data: { snippet: c.snippet } } : {}) }],
    });
  }
  const osv = report.dependencies;
  for (const v of osv.vulnerabilities) {
    const { dep } = v;
    const aliases = v.aliases.length ? ` (${v.aliases.join(", ")})` : "";
    const fixed = v.fixedIn.length ? ` Fixed in ${v.fixedIn.join(", ")}.` : " No fixed version is listed.";
    findings.push({
      module: MODULE,
      ruleId: VULNERABLE_DEPENDENCY_RULE,
      level: SEVERITY_LEVEL[v.severity],
      title: `${dep.name} ${dep.version ?? ""}: ${v.id}`.trim(),
      message: `${dep.name} ${dep.version ?? ""} (${dep.ecosystem}) is affected by ${v.id}${aliases}: ${v.summary || "no summary"}.${fixed} ${v.url}`,
      location: { path: dep.manifest },
      evidence: [{ kind: "scan", description: "OSV querybatch", data: { id: v.id, severity: v.severity, fixedIn: v.fixedIn } }],
      fingerprint: `${dep.ecosystem}/${dep.name}@${dep.version ?? "?"}/${v.id}`,
    });
  }
  const incomplete: string[] = [];
  const networkUnknown = osv.status !== "ok";
  if (osv.unchecked.length > 0) {
    const withoutVersion = osv.unchecked.filter((u) => u.dep.version === null).length;
    const message =
      `${osv.unchecked.length} of ${osv.checked + osv.unchecked.length} dependencies are unknown, not clean` +
      (osv.error ? `: ${osv.error}` : "") +
      (withoutVersion ? ` (${withoutVersion} have no resolved version; add a lockfile)` : "");
    findings.push({
      module: MODULE,
      ruleId: DEPENDENCIES_UNKNOWN_RULE,
      level: networkUnknown ? "warning" : "note",
      title: "Dependencies not checked for vulnerabilities",
      message,
      evidence: [{ kind: "scan", description: "OSV querybatch", data: { status: osv.status, unchecked: osv.unchecked.length } }],
    });
    if (networkUnknown) incomplete.push(`vulnerable dependencies unknown (${osv.error ?? "OSV did not answer"})`);
  }
  if (report.unreadable.length) {
    incomplete.push(`${report.unreadable.length} file${report.unreadable.length === 1 ? "" : "s"} could not be read and were not scanned`);
  }
  return { findings, incomplete };
}
