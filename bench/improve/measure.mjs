// The bench's own yardsticks, kept apart from Lodestar's code so the bar is not checked by the
// code under test: lcov read by hand, cyclomatic complexity counted on TypeScript's syntax tree,
// and the fixture's tests run with plain `node --test` in a fresh copy.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";

const exec = promisify(execFile);

/** Fixed author and dates: every copy of the fixture gets the same commit. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: "plainfmt maintainer",
  GIT_AUTHOR_EMAIL: "maintainer@plainfmt.invalid",
  GIT_COMMITTER_NAME: "plainfmt maintainer",
  GIT_COMMITTER_EMAIL: "maintainer@plainfmt.invalid",
  GIT_AUTHOR_DATE: "2026-10-01T12:00:00Z",
  GIT_COMMITTER_DATE: "2026-10-01T12:00:00Z",
};

/** Runs git in `dir` with no user or system config (no hooks, signing or templates of the host). */
export async function git(dir, ...args) {
  const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", ...GIT_ENV };
  const { stdout } = await exec("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd: dir, env, maxBuffer: 64 << 20 });
  return stdout;
}

/** A fresh git repository holding the fixture, one commit (the fixture itself is not a repository). */
export async function fixtureRepo(fixture, dir) {
  mkdirSync(dir, { recursive: true });
  cpSync(fixture, dir, { recursive: true });
  await git(dir, "init", "-q");
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "-m", "plainfmt 0.4.2");
  return dir;
}

/**
 * Runs node with `args` in `cwd`: a scrubbed environment (no variable of the bench's, so no
 * secret), a time limit, output kept for the report. Never throws for a failing run.
 */
export async function runNode(cwd, args, { timeoutMs = 60_000 } = {}) {
  const env = { PATH: process.env.PATH, HOME: cwd, NODE_ENV: "test", NO_COLOR: "1" };
  try {
    const { stdout, stderr } = await exec(process.execPath, args, { cwd, env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 << 20 });
    return { ok: true, code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    return { ok: false, code: error.code ?? null, output: `${error.stdout ?? ""}${error.stderr ?? ""}` || String(error) };
  }
}

/** Line and branch counts per file of an lcov report (`SF` paths as written, relative to the run's folder). */
export function parseLcov(text) {
  const files = new Map();
  let current = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("SF:")) current = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, path: line.slice(3).trim() };
    else if (!current) continue;
    else if (line.startsWith("LF:")) current.lines.total = Number(line.slice(3));
    else if (line.startsWith("LH:")) current.lines.covered = Number(line.slice(3));
    else if (line.startsWith("BRF:")) current.branches.total = Number(line.slice(4));
    else if (line.startsWith("BRH:")) current.branches.covered = Number(line.slice(4));
    else if (line.startsWith("end_of_record")) {
      files.set(current.path.replace(/\\/g, "/"), current);
      current = null;
    }
  }
  return files;
}

/** Coverage of the whole suite in `repo` with Node's built-in coverage, by file. */
export async function measureCoverage(repo, reportFile) {
  const run = await runNode(repo, ["--test", "--experimental-test-coverage", "--test-reporter=lcov", `--test-reporter-destination=${reportFile}`]);
  if (!run.ok) throw new Error(`the coverage run failed in ${repo}:\n${run.output.slice(-2000)}`);
  return parseLcov(readFileSync(reportFile, "utf8"));
}

const share = (c) => (c && c.total > 0 ? c.covered / c.total : null);

/** Whether `after` covers a higher share of lines or branches than `before` (or anything of a file no test loaded). */
export function coverageRises(before, after) {
  if (!after) return false;
  if (!before) return after.lines.covered > 0;
  const up = (b, a) => share(a) !== null && share(a) > (share(b) ?? 0) + 1e-9;
  return up(before.lines, after.lines) || up(before.branches, after.branches);
}

/** "lines 69.8 % (44/63), branches 100 % (7/7)", or "not loaded by any test". */
export function showCoverage(c) {
  if (!c) return "not loaded by any test";
  const part = (name, x) => (x.total ? `${name} ${Math.round((1000 * x.covered) / x.total) / 10} % (${x.covered}/${x.total})` : null);
  return [part("lines", c.lines), part("branches", c.branches)].filter(Boolean).join(", ");
}

const DECISION_OPERATORS = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

function isDecision(node) {
  switch (node.kind) {
    case ts.SyntaxKind.IfStatement:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.DoStatement:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.CatchClause:
      return true;
    case ts.SyntaxKind.BinaryExpression:
      return DECISION_OPERATORS.has(node.operatorToken.kind);
    default:
      return false;
  }
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  return "<anonymous>";
}

/**
 * McCabe's cyclomatic complexity of every function in a JavaScript source: 1 + its decision
 * points (if, ?:, loops, case, catch, &&, ||, ??), nested functions counted on their own.
 * Returns `{ functions: [{ name, complexity }], total }`.
 */
export function complexityOf(source, fileName = "file.js") {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const functions = [];
  const visit = (node, current) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const entry = { name: nameOf(node), complexity: 1 };
      functions.push(entry);
      ts.forEachChild(node, (child) => visit(child, entry));
      return;
    }
    if (current && isDecision(node)) current.complexity++;
    ts.forEachChild(node, (child) => visit(child, current));
  };
  visit(sf, null);
  return { functions, total: functions.reduce((sum, f) => sum + f.complexity, 0) };
}

/** The complexity of the function named `name` plus the functions nested in it (null when absent). */
export function functionComplexity(source, name) {
  const sf = ts.createSourceFile("file.js", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  let found = null;
  const visit = (node) => {
    if (found === null && ts.isFunctionLike(node) && "body" in node && node.body && nameOf(node) === name) {
      found = complexityOf(node.getText(sf)).total;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Files and paths used by the report: `repo/rel`. */
export const inRepo = (repo, rel) => path.join(repo, ...rel.split("/"));
