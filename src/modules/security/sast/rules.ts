import type { SastRule, SastRuleId } from "./types.js";

/** Every code-pattern rule, in the order they are documented. */
export const SAST_RULES: readonly SastRule[] = [
  {
    id: "sast/eval",
    title: "Code evaluated from a dynamic string",
    level: "error",
    cwe: "CWE-95",
    help:
      "eval, new Function, string arguments to setTimeout/setInterval, the vm module (JavaScript) and eval/exec/compile " +
      "(Python) run text as code; text that is not a constant can carry an attacker's code. Parse data instead " +
      "(JSON.parse, ast.literal_eval) or dispatch on a fixed set of functions.",
  },
  {
    id: "sast/command-injection",
    title: "Shell command built from strings",
    level: "error",
    cwe: "CWE-78",
    help:
      "A command line assembled from strings and run through a shell (child_process.exec, spawn with shell: true, " +
      "os.system, os.popen, subprocess with shell=True) lets shell metacharacters in the data run other commands. " +
      "Pass the program and its arguments as an array without a shell (execFile/spawn, subprocess.run([...])).",
  },
  {
    id: "sast/sql-injection",
    title: "SQL built from strings",
    level: "error",
    cwe: "CWE-89",
    help:
      "SQL text built by concatenation, template literals, f-strings, % or .format() and passed to a query method " +
      "lets quotes in the data change the statement. Use placeholders and pass the values separately " +
      "(query('... $1', [x]), cursor.execute('... %s', (x,)), tagged sql`...` templates).",
  },
  {
    id: "sast/path-traversal",
    title: "File path taken from request input",
    level: "error",
    cwe: "CWE-22",
    help:
      "A file-system call (read, write, delete, send) whose path comes from request parameters, query, body or " +
      "headers can be pointed outside the intended folder with ../ segments or an absolute path. Keep only the " +
      "file name (path.basename, werkzeug's secure_filename) or resolve against a root and check the result stays " +
      "inside it; express's res.sendFile with a root option and Flask's send_from_directory do that check.",
  },
  {
    id: "sast/tls-verification-disabled",
    title: "TLS certificate verification disabled",
    level: "error",
    cwe: "CWE-295",
    help:
      "Turning off certificate or host-name checks (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0, " +
      "strictSSL: false, verify=False, ssl._create_unverified_context, CERT_NONE, check_hostname = False) lets anyone " +
      "on the network read and change the traffic. Trust the right CA instead (the ca option, REQUESTS_CA_BUNDLE, " +
      "verify='/path/to/ca.pem').",
  },
  {
    id: "sast/weak-password-hash",
    title: "Fast hash used for passwords",
    level: "warning",
    cwe: "CWE-916",
    help:
      "MD5 and SHA-1 are fast and unsalted here, so stolen password hashes are cracked in bulk. Hash passwords with " +
      "a slow, salted function: bcrypt, scrypt, Argon2 or PBKDF2 (crypto.scrypt, hashlib.scrypt, passlib, argon2-cffi). " +
      "Only uses whose input or surrounding names mention a password are reported.",
  },
  {
    id: "sast/insecure-deserialization",
    title: "Unsafe deserialisation",
    level: "warning",
    cwe: "CWE-502",
    help:
      "pickle, marshal, shelve, yaml.load with an unsafe loader (Python), node-serialize and js-yaml's full schema " +
      "(JavaScript) can run code chosen by whoever wrote the data. Use JSON or yaml.safe_load / SafeLoader, and " +
      "never unpickle data that crossed a trust boundary.",
  },
];

const BY_ID = new Map<SastRuleId, SastRule>(SAST_RULES.map((r) => [r.id, r]));

/** The rule with this id (every id in {@link SastRuleId} has one). */
export function sastRule(id: SastRuleId): SastRule {
  return BY_ID.get(id)!;
}
