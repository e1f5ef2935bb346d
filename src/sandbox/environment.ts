import os from "node:os";
import path from "node:path";
import { existsSync } from "node:fs";
import { redactSecrets } from "../modules/security/secrets/index.js";

/** The folders a run's environment points into; all inside the workspace's scratch folder. */
export interface ScratchDirs {
  home: string;
  tmp: string;
  cache: string;
}

/** Set on every sandboxed process (by run-confined.ts, fresh per run) so that strays (daemons that left the process group) can be found and killed. */
export const RUN_MARKER = "LODESTAR_SANDBOX_RUN";

/** Variables passed through from our own environment when set: none of them holds a secret. */
const PASSED_THROUGH = ["LANG", "LC_ALL", "LC_CTYPE", "TZ", "USER", "LOGNAME", "JAVA_HOME", "GOROOT", "VIRTUAL_ENV", "RUSTUP_TOOLCHAIN"];
/** Paths to CA bundles: installs behind a TLS-inspecting proxy need them; paths, not secrets. */
const CA_PATHS = ["SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE"];
const PROXIES = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];
/** Ours to set: an extra may not move HOME back to the user's, or hide the run marker. */
const PROTECTED = new Set([RUN_MARKER, "HOME", "TMPDIR", "TMP", "TEMP", "USERPROFILE"]);

const SECRET_NAME = /TOKEN|SECRET|KEY|PASSW(OR)?D|PASSPHRASE|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|CERT_PASS/i;
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The environment of a sandboxed command: an allow-list, never a copy of ours minus a
 * deny-list, so a secret we did not think of (GITHUB_TOKEN, ANTHROPIC_API_KEY, AWS_*, the
 * runner's ACTIONS_* variables) cannot reach the repo's code (FAULTS 21). HOME and the tool
 * caches point into the scratch folder: `~/.ssh`, `~/.npmrc` or `~/.aws` there are empty.
 */
export function sandboxEnv(
  dirs: ScratchDirs,
  options: { network: boolean; extra?: Record<string, string> },
): { env: Record<string, string>; dropped: string[] } {
  const source = process.env;
  const env: Record<string, string> = {
    PATH: source.PATH || "/usr/local/bin:/usr/bin:/bin",
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
    LANG: "C.UTF-8",
    TERM: "dumb",
    CI: "true",
    NODE_ENV: "test",
    // Plain text for the model to read when a run fails.
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    XDG_CACHE_HOME: dirs.cache,
    XDG_CONFIG_HOME: path.join(dirs.home, ".config"),
    XDG_DATA_HOME: path.join(dirs.home, ".local", "share"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    GOPATH: path.join(dirs.home, "go"),
    GOCACHE: path.join(dirs.cache, "go-build"),
    // Go would otherwise download a newer toolchain named in go.mod.
    GOTOOLCHAIN: "local",
    CARGO_HOME: path.join(dirs.home, ".cargo"),
    GRADLE_USER_HOME: path.join(dirs.home, ".gradle"),
    PYTHONDONTWRITEBYTECODE: "1",
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  if (process.platform === "win32") env.USERPROFILE = dirs.home;
  for (const name of [...PASSED_THROUGH, ...CA_PATHS]) {
    const value = source[name];
    if (value) env[name] = value;
  }
  // rustup's `cargo` proxy finds its toolchains through RUSTUP_HOME (default ~/.rustup): the
  // toolchains are read, never written, so the user's stay usable while HOME moves.
  const rustup = source.RUSTUP_HOME || path.join(os.homedir(), ".rustup");
  if (existsSync(rustup)) env.RUSTUP_HOME = rustup;
  if (options.network) {
    // A proxy URL may carry a password (`http://user:pass@proxy`): only credential-free ones pass.
    for (const name of PROXIES) {
      const value = source[name];
      if (value && !value.includes("@")) env[name] = value;
    }
  }
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (!VALID_NAME.test(name) || typeof value !== "string" || value.includes("\0") || PROTECTED.has(name) || looksSecret(name, value)) {
      dropped.push(name);
      continue;
    }
    env[name] = value;
  }
  return { env, dropped };
}

/** A name that says "secret", or a value the secrets scanner recognises (a token format, a key). */
function looksSecret(name: string, value: string): boolean {
  if (SECRET_NAME.test(name)) return true;
  return redactSecrets(`${name}=${JSON.stringify(value)}\n${value}`).count > 0;
}
