import type { Finding } from "../modules/index.js";
import type { Conclusion, ModuleRun } from "./types.js";

/**
 * The check-run conclusion of a cycle. Never a silent green: a module that failed or a
 * partial file listing makes it `neutral` with the reason; error-level findings make it
 * `failure`. Modules skipped by design (not in this build, untrusted ref) do not count
 * against the run, but the summary lists them.
 */
export function concludeCycle(runs: readonly ModuleRun[], findings: readonly Finding[], truncated: boolean): {
  conclusion: Conclusion;
  reason: string;
} {
  const errors = findings.filter((f) => f.level === "error").length;
  const failed = runs.filter((r) => r.status === "failed");
  const ran = runs.filter((r) => r.status === "ok");
  if (errors > 0) return { conclusion: "failure", reason: `${errors} error-level finding${errors === 1 ? "" : "s"}` };
  if (failed.length > 0) {
    return {
      conclusion: "neutral",
      reason: `could not complete: ${failed.map((r) => `${r.module} (${r.reason ?? "failed"})`).join("; ")}`,
    };
  }
  if (ran.length === 0) return { conclusion: "neutral", reason: "no module ran" };
  const incomplete = ran.flatMap((r) => (r.incomplete ?? []).map((why) => `${r.module}: ${why}`));
  if (incomplete.length > 0) return { conclusion: "neutral", reason: `incomplete: ${incomplete.join("; ")}` };
  if (truncated) return { conclusion: "neutral", reason: "the file listing was truncated; results are partial" };
  const warnings = findings.filter((f) => f.level === "warning").length;
  const skipped = runs.filter((r) => r.status === "skipped").map((r) => r.module);
  return {
    conclusion: "success",
    reason:
      `${ran.length} module${ran.length === 1 ? "" : "s"} ran` +
      (warnings ? `; ${warnings} warning${warnings === 1 ? "" : "s"}` : "; no problems found") +
      (skipped.length ? `; not run: ${skipped.join(", ")}` : ""),
  };
}
