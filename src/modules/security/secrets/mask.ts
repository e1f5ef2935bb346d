import { createHash } from "node:crypto";

/**
 * Prefixes that name a token's type and carry no secret, so masking may show them (at most four
 * characters). Longest first so "sk-ant-" is preferred to "sk-".
 */
const PUBLIC_PREFIXES = [
  "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "gldt-", "glrt-", "glptt-", "glcbt-",
  "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxe-", "xoxs-", "xapp-", "sk_live_", "sk_test_", "rk_live_", "rk_test_",
  "whsec_", "sk-ant-", "sk-proj-", "sk-", "AKIA", "ASIA", "AIza", "SG.", "hf_", "gsk_", "r8_", "npm_", "pypi-",
  "dckr_pat_", "dop_v1_", "doo_v1_", "dor_v1_", "lin_api_", "ntn_", "dp.pt.", "dp.st.", "hvs.", "hvb.", "dapi",
  "shpat_", "shpss_", "shpca_", "shppa_", "sq0atp-", "sq0csp-", "NRAK-", "NRII-", "sntrys_", "sntryu_",
  "GOCSPX-", "HRKU-", "PMAK-", "pul-", "sbp_", "glc_", "glsa_", "tskey-", "figd_", "ops_", "cfk_", "cfut_",
  "cfat_", "ATATT", "ATBB", "eyJ",
].sort((a, b) => b.length - a.length);

/**
 * A display form of a secret that never reveals it: an optional public type prefix (≤ 4 chars),
 * an ellipsis, and the last 4 characters — fewer for short secrets, none below 12 characters.
 * Example: "ghp_…abcd".
 */
export function maskSecret(secret: string): string {
  const value = typeof secret === "string" ? secret.trim() : "";
  const n = value.length;
  const tail = n >= 20 ? 4 : n >= 12 ? 2 : 0;
  let prefix = "";
  if (n >= 20) {
    const known = PUBLIC_PREFIXES.find((p) => value.startsWith(p));
    if (known) prefix = known.slice(0, 4);
  }
  return `${prefix}…${tail ? value.slice(n - tail) : ""}`;
}

/** sha256 (hex) of ruleId + secret: stable across runs, reveals nothing. */
export function fingerprintSecret(ruleId: string, secret: string): string {
  return createHash("sha256").update(ruleId + secret).digest("hex");
}
