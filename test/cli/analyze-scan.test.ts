import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startFakeOsv, type FakeOsv } from "../fakes/osv.js";
import { runLodestar, tempDir } from "../helpers/cli.js";
import { commitAll, writeFiles } from "../helpers/git-repo.js";
import { sarifValidator } from "../helpers/sarif-schema.js";

// A private key built at run time, so the repository itself holds no secret.
const keyBody = randomBytes(600).toString("base64").replace(/(.{64})/g, "$1\n").trim();
const PRIVATE_KEY = `-----BEGIN ${"RSA"} PRIVATE KEY-----\n${keyBody}\n-----END ${"RSA"} PRIVATE KEY-----\n`;

const complexTs = `export function grade(score: number, bonus?: number): string {
  // a comment line
  if (score > 90 && (bonus ?? 0) > 0) return "A+";
  if (score > 90) return "A";
  else if (score > 80) return "B";
  for (let i = 0; i < 3; i++) {
    if (i === score) return "odd";
  }
  return score > 50 ? "C" : "F";
}
`;

const packageJson = JSON.stringify({ name: "demo", version: "1.0.0", dependencies: { lodash: "^4.17.20" }, devDependencies: { jest: "^29.0.0" } }, null, 2);
const packageLock = JSON.stringify(
  {
    name: "demo",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "demo", version: "1.0.0", dependencies: { lodash: "^4.17.20" }, devDependencies: { jest: "^29.0.0" } },
      "node_modules/lodash": { version: "4.17.20", resolved: "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz", integrity: "sha512-PlhdFcillOINfeV7Ni6oF1TAEayyZBoZ8bcshTHqOYJYlrqzRK5hagpagky5o4HfCzzd1TRkXPMFq6cKk9rGmA==" },
      "node_modules/jest": { version: "29.7.0", dev: true },
    },
  },
  null,
  2,
);

let repo: { dir: string; cleanup: () => Promise<void> };
let state: { dir: string; cleanup: () => Promise<void> };
let osv: FakeOsv;

beforeAll(async () => {
  repo = await tempDir("lodestar-analyze-");
  state = await tempDir("lodestar-analyze-state-");
  osv = await startFakeOsv([
    {
      id: "GHSA-35jh-r3h4-6jhm",
      aliases: ["CVE-2021-23337"],
      summary: "Command Injection in lodash",
      severity: "HIGH",
      affects: { ecosystem: "npm", name: "lodash", versions: ["4.17.20"], fixed: "4.17.21" },
    },
  ]);
  await commitAll(repo.dir, [
    { "src/grade.ts": complexTs, "package.json": packageJson, "package-lock.json": packageLock, ".gitignore": "build/\ncoverage/\n", "README.md": "# Demo\n\nA demo.\n" },
    { "src/grade.ts": complexTs.replace("A+", "A++"), "app.py": "import os\n\ndef run(cmd):\n    os.system('ls ' + cmd)\n" },
    { "src/grade.ts": complexTs.replace("A+", "A+++"), "src/grade.test.ts": "import { grade } from './grade';\ntest('a', () => expect(grade(95)).toBe('A'));\n" },
  ]);
  await writeFiles(repo.dir, {
    "build/out.js": "ignored();\n",
    "deploy/key.pem": PRIVATE_KEY,
    // Git-ignored, as coverage reports usually are: found at its usual place anyway.
    "coverage/lcov.info": "TN:\nSF:src/grade.ts\nFN:1,grade\nFNDA:2,grade\nDA:1,2\nDA:3,2\nDA:4,0\nLF:3\nLH:2\nend_of_record\n",
  });
}, 60_000);

afterAll(async () => {
  await osv.close();
  await repo.cleanup();
  await state.cleanup();
});

const env = () => ({ LODESTAR_STATE_DIR: state.dir, LODESTAR_OSV_ENDPOINT: osv.url });

describe("lodestar analyze", () => {
  it("prints the DESIGN §3 report as JSON: files, languages with line kinds, dependencies, hotspots", async () => {
    const r = await runLodestar(["analyze", "--repo", repo.dir, "--json"], { env: env() });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(typeof report.files).toBe("number");
    expect(report.languages.TypeScript).toEqual({ files: 2, code: 11, comment: 1, blank: 0, bytes: expect.any(Number) });
    expect(report.languages.Python).toMatchObject({ files: 1, code: 3, comment: 0, blank: 1 });
    expect(Object.keys(report.languages)).not.toContain("JavaScript"); // build/ is git-ignored
    const lodash = report.dependencies.find((d: { name: string }) => d.name === "lodash");
    expect(lodash).toMatchObject({ ecosystem: "npm", version: "4.17.20", direct: true, dev: false });
    expect(report.dependencies.find((d: { name: string }) => d.name === "jest")).toMatchObject({ version: "29.7.0", dev: true });
    expect(report.hotspots[0]).toMatchObject({ path: "src/grade.ts", churn: 3, rank: 1 });
    expect(report.hotspots[0].complexity).toBeGreaterThanOrEqual(7);
    expect(report.metrics.mostComplex[0]).toMatchObject({ path: "src/grade.ts", name: "grade" });
    expect(report.tests.testFiles).toBe(1);
    expect(report.tests.frameworks.map((f: { name: string }) => f.name)).toContain("jest");
    expect(report.tests.coverage.sources).toEqual([{ path: "coverage/lcov.info", format: "lcov", files: 1, problems: [] }]);
    expect(report.tests.coverage.files["src/grade.ts"]).toEqual({ lines: { covered: 2, total: 3 }, functions: 1 });
  });

  it("gives the same answer from its cache, and a readable table without --json", async () => {
    const first = await runLodestar(["analyze", "--repo", repo.dir, "--json"], { env: env() });
    const second = await runLodestar(["analyze", "--repo", repo.dir, "--json"], { env: env() });
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    const text = await runLodestar(["analyze", "--repo", repo.dir], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/TypeScript\s+2\s+0\s+1\s+11/);
    expect(text.stdout).toMatch(/hotspots \(churn × complexity\):\n\s+1\. src\/grade\.ts/);
  });

  it("refuses bad flags and a missing folder with one line", async () => {
    const bad = await runLodestar(["analyze", "--repo", repo.dir, "--metrics", "some"], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('lodestar: --metrics: expected one of hotspots, all, none, got "some"');
    const missing = await runLodestar(["analyze", "--repo", path.join(repo.dir, "nope")], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("lodestar scan", () => {
  it("writes valid SARIF with the secret masked, the code pattern and the vulnerable dependency", async () => {
    const sarifPath = path.join(state.dir, "out", "findings.sarif");
    const r = await runLodestar(["scan", "--repo", repo.dir, "--sarif", sarifPath], { env: env() });
    expect(r.code).toBe(1); // an error-level finding fails the step, like other scanners
    const sarifText = await readFile(sarifPath, "utf8");
    for (const output of [r.stdout, r.stderr, sarifText]) {
      for (const line of keyBody.split("\n")) expect(output).not.toContain(line.slice(0, 24));
    }
    const sarif = JSON.parse(sarifText);
    expect(sarifValidator()(sarif)).toEqual([]);
    const results = sarif.runs[0].results as { ruleId: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
    const at = (rule: RegExp) => results.filter((x) => rule.test(x.ruleId)).map((x) => `${x.locations?.[0]?.physicalLocation.artifactLocation.uri}:${x.locations?.[0]?.physicalLocation.region?.startLine ?? ""}`);
    expect(at(/^secret\//)).toEqual(["deploy/key.pem:1"]);
    expect(at(/^sast\/command-injection$/)).toEqual(["app.py:4"]);
    expect(at(/^dependency\/vulnerable$/)).toHaveLength(1);
    expect(r.stdout).toMatch(/GHSA-35jh-r3h4-6jhm \(CVE-2021-23337\).*Fixed in 4\.17\.21/);
    expect(osv.requests.some((q) => q.method === "POST" && q.path === "/v1/querybatch")).toBe(true);

    // OSV answers are cached in the state folder: a second scan asks nothing.
    const asked = osv.requests.length;
    const again = await runLodestar(["scan", "--repo", repo.dir], { env: env() });
    expect(again.stdout).toMatch(/GHSA-35jh-r3h4-6jhm/);
    expect(osv.requests.length).toBe(asked);
  });

  it("reports dependencies as unknown, never clean, when OSV fails or is switched off", async () => {
    osv.failWith(500);
    const fresh = await tempDir("lodestar-scan-state-");
    try {
      // A fresh state folder: answers cached by the previous scan would (rightly) be reused.
      const r = await runLodestar(["scan", "--repo", repo.dir], { env: { ...env(), LODESTAR_STATE_DIR: fresh.dir } });
      expect(r.stdout).toMatch(/OSV: unknown/);
      expect(r.stdout).toMatch(/incomplete: vulnerable dependencies unknown/);
      expect(r.stdout).not.toMatch(/dependency\/vulnerable/);
    } finally {
      osv.failWith(null);
      await fresh.cleanup();
    }
    const before = osv.requests.length;
    const offline = await runLodestar(["scan", "--repo", repo.dir, "--offline", "--no-cache"], { env: env() });
    expect(offline.stdout).toMatch(/dependencies are unknown, not clean/);
    expect(osv.requests.length).toBe(before);
  });

  it("checks --sarif before scanning", async () => {
    const blocker = path.join(state.dir, "a-file");
    await writeFile(blocker, "x");
    const r = await runLodestar(["scan", "--repo", repo.dir, "--sarif", path.join(blocker, "out.sarif")], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lodestar: --sarif .*is not a directory/);
  });
});
