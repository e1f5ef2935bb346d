import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { memoryOsvCache, queryOsv, type OsvDependency } from "../../../src/modules/security/osv.js";
import { cvss3BaseScore } from "../../../src/modules/security/osv-severity.js";

const OSV = "https://api.osv.dev";

/*
 * Records as OSV serves them (GET /v1/vulns/{id}), copied from the advisory databases OSV
 * imports: github/advisory-database (GHSA), pypa/advisory-database (PYSEC) and rustsec's OSV
 * export (RUSTSEC). Long `details` and reference lists are shortened; the shape is untouched.
 */
const GHSA_35JH = {
  schema_version: "1.3.0",
  id: "GHSA-35jh-r3h4-6jhm",
  modified: "2022-02-08T21:35:09Z",
  published: "2021-05-06T16:05:51Z",
  aliases: ["CVE-2021-23337"],
  summary: "Command Injection in lodash",
  details: "`lodash` versions prior to 4.17.21 are vulnerable to Command Injection via the template function.",
  severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H" }],
  affected: [
    {
      package: { ecosystem: "npm", name: "lodash" },
      ecosystem_specific: { affected_functions: ["lodash.template"] },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }],
    },
    {
      package: { ecosystem: "npm", name: "lodash-es" },
      ecosystem_specific: { affected_functions: ["lodash.template"] },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }],
    },
  ],
  references: [
    { type: "ADVISORY", url: "https://nvd.nist.gov/vuln/detail/CVE-2021-23337" },
    { type: "WEB", url: "https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c" },
    { type: "PACKAGE", url: "https://github.com/lodash/lodash" },
  ],
  database_specific: {
    cwe_ids: ["CWE-77", "CWE-94"],
    severity: "HIGH",
    github_reviewed: true,
    github_reviewed_at: "2021-03-31T23:59:26Z",
    nvd_published_at: "2021-02-15T13:15:00Z",
  },
};

const GHSA_29MW = {
  schema_version: "1.4.0",
  id: "GHSA-29mw-wpgm-hmr9",
  modified: "2023-09-05T22:58:25Z",
  published: "2022-01-06T20:30:46Z",
  aliases: ["CVE-2020-28500"],
  summary: "Regular Expression Denial of Service (ReDoS) in lodash",
  details: "All versions of package lodash prior to 4.17.21 are vulnerable to Regular Expression Denial of Service (ReDoS) via the `toNumber`, `trim` and `trimEnd` functions.",
  severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L" }],
  affected: [
    {
      package: { ecosystem: "npm", name: "lodash" },
      ecosystem_specific: { affected_functions: [""] },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }],
    },
    {
      package: { ecosystem: "npm", name: "lodash-es" },
      ecosystem_specific: { affected_functions: [""] },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }],
    },
    {
      package: { ecosystem: "npm", name: "lodash.trimend" },
      ecosystem_specific: { affected_functions: [""] },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: "4.5.1" }] }],
    },
  ],
  references: [
    { type: "ADVISORY", url: "https://nvd.nist.gov/vuln/detail/CVE-2020-28500" },
    { type: "WEB", url: "https://github.com/lodash/lodash/pull/5065" },
  ],
  database_specific: {
    cwe_ids: ["CWE-1333", "CWE-400"],
    severity: "MODERATE",
    github_reviewed: true,
    github_reviewed_at: "2021-03-19T22:45:28Z",
    nvd_published_at: "2021-02-15T11:15:00Z",
  },
};

/** PYSEC records carry no severity at all, and name the package in PEP 503 form ("pyyaml"). */
const PYSEC_2021_142 = {
  id: "PYSEC-2021-142",
  details:
    "A vulnerability was discovered in the PyYAML library in versions before 5.4, where it is susceptible to arbitrary code execution when it processes untrusted YAML files through the full_load method or with the FullLoader loader.",
  affected: [
    {
      package: { name: "pyyaml", ecosystem: "PyPI", purl: "pkg:pypi/pyyaml" },
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "5.4" }] }],
      versions: ["5.1", "5.1.1", "5.1.2", "5.2", "5.3", "5.3.1", "5.4b1", "5.4b2"],
    },
  ],
  references: [
    { type: "REPORT", url: "https://bugzilla.redhat.com/show_bug.cgi?id=1860466" },
    { type: "ADVISORY", url: "https://github.com/advisories/GHSA-8q59-q68h-6hv4" },
  ],
  aliases: ["CVE-2020-14343", "GHSA-8q59-q68h-6hv4"],
  modified: "2021-08-27T03:22:18.913334Z",
  published: "2021-02-09T21:15:00Z",
};

/** RustSec: a CVSS vector but no severity label, so the rating comes from the vector (7.5). */
const RUSTSEC_2022_0013 = {
  modified: "2023-06-13T13:10:24Z",
  published: "2022-03-08T12:00:00Z",
  schema_version: "1.4.0",
  id: "RUSTSEC-2022-0013",
  aliases: ["CVE-2022-24713", "GHSA-m5pq-gvj9-9vr8"],
  summary: "Regexes with large repetitions on empty sub-expressions take a very long time to parse",
  details: "The Rust Security Response WG was notified that the `regex` crate did not\nproperly limit the complexity of the regular expressions (regex) it parses.",
  affected: [
    {
      package: { ecosystem: "crates.io", name: "regex", purl: "pkg:cargo/regex" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "0.0.0-0" }, { fixed: "1.5.5" }] }],
      database_specific: {
        categories: ["denial-of-service"],
        cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
        informational: null,
        source: "https://github.com/rustsec/advisory-db/blob/osv/crates/RUSTSEC-2022-0013.json",
      },
      ecosystem_specific: { affects: { arch: [], functions: [], os: [] } },
    },
  ],
  severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
  references: [
    { type: "PACKAGE", url: "https://crates.io/crates/regex" },
    { type: "ADVISORY", url: "https://rustsec.org/advisories/RUSTSEC-2022-0013.html" },
  ],
};

type Dep = OsvDependency & { manifest: string };
const dep = (name: string, version: string | null, ecosystem: string, manifest = "package-lock.json"): Dep => ({ name, version, ecosystem, manifest });

interface BatchBody {
  queries: { package: { name: string; ecosystem: string }; version: string; page_token?: string }[];
}

/** Mocks one querybatch call; the returned array receives the request body when it is made. */
function mockBatch(reply: (body: BatchBody) => unknown, bodies: BatchBody[] = []): BatchBody[] {
  nock(OSV)
    .post("/v1/querybatch", (body: BatchBody) => {
      bodies.push(body);
      return true;
    })
    .reply(200, (_uri, body) => reply(body as BatchBody));
  return bodies;
}

const FAST = { retryDelayMs: 0 };

describe("queryOsv", () => {
  it("reports vulnerable dependencies with severity, aliases and fixed versions, and clean ones as checked", async () => {
    const deps = [
      dep("lodash", "4.17.20", "npm"),
      dep("express", "4.21.2", "npm"),
      dep("PyYAML", "5.3.1", "pip", "requirements.txt"),
      dep("regex", "1.5.4", "cargo", "Cargo.lock"),
      dep("left-pad", null, "npm", "package.json"),
    ];
    const bodies = mockBatch(() => ({
      results: [
        {
          vulns: [
            { id: "GHSA-29mw-wpgm-hmr9", modified: "2023-09-05T22:58:25Z" },
            { id: "GHSA-35jh-r3h4-6jhm", modified: "2022-02-08T21:35:09Z" },
          ],
        },
        {},
        { vulns: [{ id: "PYSEC-2021-142", modified: "2021-08-27T03:22:18.913334Z" }] },
        { vulns: [{ id: "RUSTSEC-2022-0013", modified: "2023-06-13T13:10:24Z" }] },
      ],
    }));
    for (const record of [GHSA_29MW, GHSA_35JH, PYSEC_2021_142, RUSTSEC_2022_0013]) nock(OSV).get(`/v1/vulns/${record.id}`).reply(200, record);

    const result = await queryOsv(deps, FAST);

    expect(bodies).toEqual([
      {
        queries: [
          { package: { name: "lodash", ecosystem: "npm" }, version: "4.17.20" },
          { package: { name: "express", ecosystem: "npm" }, version: "4.21.2" },
          { package: { name: "PyYAML", ecosystem: "PyPI" }, version: "5.3.1" },
          { package: { name: "regex", ecosystem: "crates.io" }, version: "1.5.4" },
        ],
      },
    ]);
    expect(result).toEqual({
      status: "ok",
      checked: 4,
      unchecked: [{ dep: deps[4], reason: "no resolved version (OSV needs one; a lockfile gives it)" }],
      vulnerabilities: [
        {
          dep: deps[0],
          id: "GHSA-29mw-wpgm-hmr9",
          aliases: ["CVE-2020-28500"],
          summary: "Regular Expression Denial of Service (ReDoS) in lodash",
          severity: "moderate",
          fixedIn: ["4.17.21"],
          url: "https://osv.dev/vulnerability/GHSA-29mw-wpgm-hmr9",
        },
        {
          dep: deps[0],
          id: "GHSA-35jh-r3h4-6jhm",
          aliases: ["CVE-2021-23337"],
          summary: "Command Injection in lodash",
          severity: "high",
          fixedIn: ["4.17.21"],
          url: "https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm",
        },
        {
          dep: deps[2],
          id: "PYSEC-2021-142",
          aliases: ["CVE-2020-14343", "GHSA-8q59-q68h-6hv4"],
          summary: "A vulnerability was discovered in the PyYAML library in versions before 5.4, where it is susceptible to arbitrary code execution when it processes untrusted YAML files through the full_load method or with the FullLoader loader.",
          severity: "unknown",
          fixedIn: ["5.4"],
          url: "https://osv.dev/vulnerability/PYSEC-2021-142",
        },
        {
          dep: deps[3],
          id: "RUSTSEC-2022-0013",
          aliases: ["CVE-2022-24713", "GHSA-m5pq-gvj9-9vr8"],
          summary: "Regexes with large repetitions on empty sub-expressions take a very long time to parse",
          severity: "high",
          fixedIn: ["1.5.5"],
          url: "https://osv.dev/vulnerability/RUSTSEC-2022-0013",
        },
      ],
    });
    // The dependency objects are the caller's own (extra fields such as the manifest survive).
    expect(result.vulnerabilities[2]!.dep.manifest).toBe("requirements.txt");
  });

  it("asks once per distinct package@version and reports every dependency that shares it", async () => {
    const deps = [dep("lodash", "4.17.20", "npm", "a/package-lock.json"), dep("lodash", "4.17.20", "yarn", "b/yarn.lock")];
    const bodies = mockBatch(() => ({ results: [{ vulns: [{ id: "GHSA-35jh-r3h4-6jhm", modified: "2022-02-08T21:35:09Z" }] }] }));
    nock(OSV).get("/v1/vulns/GHSA-35jh-r3h4-6jhm").reply(200, GHSA_35JH);
    const result = await queryOsv(deps, FAST);
    expect(bodies[0]!.queries).toHaveLength(1);
    expect(result.checked).toBe(2);
    expect(result.vulnerabilities.map((v) => `${v.dep.manifest} ${v.id}`)).toEqual(["a/package-lock.json GHSA-35jh-r3h4-6jhm", "b/yarn.lock GHSA-35jh-r3h4-6jhm"]);
  });

  it("sends Go versions without their v, and leaves ecosystems OSV does not cover unchecked without asking", async () => {
    const bodies = mockBatch(() => ({ results: [{}] }));
    const deps = [dep("github.com/gin-gonic/gin", "v1.9.1", "gomod", "go.sum"), dep("left-pad", "1.3.0", "bower", "bower.json")];
    const result = await queryOsv(deps, FAST);
    expect(bodies[0]!.queries).toEqual([{ package: { name: "github.com/gin-gonic/gin", ecosystem: "Go" }, version: "1.9.1" }]);
    expect(result).toEqual({ status: "ok", checked: 1, unchecked: [{ dep: deps[1], reason: 'ecosystem "bower" is not covered by OSV' }], vulnerabilities: [] });
  });

  it("makes no request when no dependency can be asked", async () => {
    const deps = [dep("a", null, "npm"), dep("b", "", "npm")];
    const result = await queryOsv(deps, FAST);
    expect(result.status).toBe("ok");
    expect(result.checked).toBe(0);
    expect(result.unchecked.map((u) => u.dep.name)).toEqual(["a", "b"]);
  });
});

describe("queryOsv when OSV fails", () => {
  const deps = [dep("lodash", "4.17.20", "npm"), dep("express", "4.21.2", "npm")];

  it("reports a DNS failure as unknown, never clean", async () => {
    nock(OSV).post("/v1/querybatch").replyWithError({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND api.osv.dev" });
    const result = await queryOsv(deps, { retries: 0 });
    expect(result).toEqual({
      status: "unknown",
      checked: 0,
      unchecked: deps.map((d) => ({ dep: d, reason: "OSV did not answer: querybatch network error (ENOTFOUND)" })),
      vulnerabilities: [],
      error: "querybatch network error (ENOTFOUND)",
    });
  });

  it("retries a 500 once, then reports unknown", async () => {
    nock(OSV).post("/v1/querybatch").times(2).reply(500, { code: 13, message: "internal error" });
    const result = await queryOsv(deps, FAST);
    expect(result.status).toBe("unknown");
    expect(result.checked).toBe(0);
    expect(result.error).toBe("querybatch HTTP 500");
    expect(result.unchecked).toHaveLength(2);
  });

  it("succeeds when the retry after a 503 is answered", async () => {
    nock(OSV).post("/v1/querybatch").reply(503, "Service Unavailable");
    mockBatch(() => ({ results: [{}, {}] }));
    const result = await queryOsv(deps, FAST);
    expect(result).toEqual({ status: "ok", checked: 2, unchecked: [], vulnerabilities: [] });
  });

  it("gives up on a request that exceeds the time limit", async () => {
    nock(OSV).post("/v1/querybatch").delay(2_000).reply(200, { results: [{}, {}] });
    const result = await queryOsv(deps, { timeoutMs: 50, retries: 0 });
    expect(result.status).toBe("unknown");
    expect(result.error).toBe("querybatch timed out");
    expect(result.unchecked.map((u) => u.reason)).toEqual(["OSV did not answer: querybatch timed out", "OSV did not answer: querybatch timed out"]);
  });

  it("treats a body that is not JSON, or not the querybatch shape, as no answer", async () => {
    nock(OSV).post("/v1/querybatch").reply(200, "<html><body>Gateway</body></html>", { "content-type": "text/html" });
    expect((await queryOsv(deps, FAST)).error).toBe("querybatch invalid JSON in the response");
    nock(OSV).post("/v1/querybatch").reply(200, { results: [{}] });
    const short = await queryOsv(deps, FAST);
    expect(short.status).toBe("unknown");
    expect(short.error).toBe("querybatch answered 1 of 2 queries");
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await queryOsv(deps, { signal: controller.signal });
    expect(result.status).toBe("unknown");
    expect(result.error).toBe("querybatch aborted");
  });

  it("still reports a vulnerability whose details could not be fetched, and says the answer is partial", async () => {
    mockBatch(() => ({ results: [{ vulns: [{ id: "GHSA-35jh-r3h4-6jhm", modified: "2022-02-08T21:35:09Z" }] }, {}] }));
    nock(OSV).get("/v1/vulns/GHSA-35jh-r3h4-6jhm").times(2).reply(502, "Bad Gateway");
    const result = await queryOsv(deps, FAST);
    expect(result.status).toBe("partial");
    expect(result.checked).toBe(2);
    expect(result.error).toBe("details of GHSA-35jh-r3h4-6jhm: HTTP 502");
    expect(result.vulnerabilities).toEqual([
      { dep: deps[0], id: "GHSA-35jh-r3h4-6jhm", aliases: [], summary: "", severity: "unknown", fixedIn: [], url: "https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm" },
    ]);
  });
});

describe("queryOsv batching", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => dep(`pkg-${i}`, "1.0.0", "npm"));

  it("splits more than 1000 queries into requests of at most 1000", async () => {
    const deps = many(2_345);
    const bodies: BatchBody[] = [];
    for (let i = 0; i < 3; i++) mockBatch((b) => ({ results: b.queries.map(() => ({})) }), bodies);
    const result = await queryOsv(deps, FAST);
    expect(bodies.map((b) => b.queries.length)).toEqual([1000, 1000, 345]);
    expect(bodies.flatMap((b) => b.queries.map((q) => q.package.name))).toEqual(deps.map((d) => d.name));
    expect(result).toEqual({ status: "ok", checked: 2_345, unchecked: [], vulnerabilities: [] });
  });

  it("is partial when one of the requests fails: only its dependencies are unknown", async () => {
    const deps = many(1_200);
    mockBatch((b) => ({ results: b.queries.map(() => ({})) }));
    nock(OSV).post("/v1/querybatch").times(2).reply(503, "unavailable");
    const result = await queryOsv(deps, FAST);
    expect(result.status).toBe("partial");
    expect(result.checked).toBe(1_000);
    expect(result.unchecked.map((u) => u.dep.name)).toEqual(deps.slice(1_000).map((d) => d.name));
  });

  it("follows next_page_token for the queries that have more results", async () => {
    const deps = [dep("lodash", "4.17.20", "npm"), dep("express", "4.21.2", "npm")];
    const bodies = mockBatch(() => ({
      results: [{ vulns: [{ id: "GHSA-29mw-wpgm-hmr9", modified: "2023-09-05T22:58:25Z" }], next_page_token: "CiQKIkdIU0EtMjltdy13cGdtLWhtcjk" }, {}],
    }));
    mockBatch(() => ({ results: [{ vulns: [{ id: "GHSA-35jh-r3h4-6jhm", modified: "2022-02-08T21:35:09Z" }] }] }), bodies);
    nock(OSV).get("/v1/vulns/GHSA-29mw-wpgm-hmr9").reply(200, GHSA_29MW);
    nock(OSV).get("/v1/vulns/GHSA-35jh-r3h4-6jhm").reply(200, GHSA_35JH);
    const result = await queryOsv(deps, FAST);
    expect(bodies[1]).toEqual({
      queries: [{ package: { name: "lodash", ecosystem: "npm" }, version: "4.17.20", page_token: "CiQKIkdIU0EtMjltdy13cGdtLWhtcjk" }],
    });
    expect(result.status).toBe("ok");
    expect(result.vulnerabilities.map((v) => `${v.dep.name} ${v.id} ${v.severity}`)).toEqual([
      "lodash GHSA-29mw-wpgm-hmr9 moderate",
      "lodash GHSA-35jh-r3h4-6jhm high",
    ]);
  });
});

describe("queryOsv cache", () => {
  const deps = [dep("lodash", "4.17.20", "npm"), dep("express", "4.21.2", "npm")];
  const answer = () => {
    mockBatch(() => ({ results: [{ vulns: [{ id: "GHSA-35jh-r3h4-6jhm", modified: "2022-02-08T21:35:09Z" }] }, {}] }));
    nock(OSV).get("/v1/vulns/GHSA-35jh-r3h4-6jhm").reply(200, GHSA_35JH);
  };

  it("answers from the cache without any request while entries are younger than the TTL, and asks again after", async () => {
    let clock = new Date("2026-03-01T08:00:00Z");
    const now = () => clock;
    const cache = memoryOsvCache(now);
    answer();
    const first = await queryOsv(deps, { cache, now, ...FAST });
    expect(nock.pendingMocks()).toEqual([]);
    expect(cache.size()).toBe(3);

    // No mock is set up: any request here would fail the test (the nock guard forbids the network).
    clock = new Date("2026-03-02T07:59:00Z");
    const second = await queryOsv(deps, { cache, now, ...FAST });
    expect(second).toEqual(first);
    expect(second.vulnerabilities.map((v) => `${v.id} ${v.severity} ${v.fixedIn.join()}`)).toEqual(["GHSA-35jh-r3h4-6jhm high 4.17.21"]);

    clock = new Date("2026-03-02T08:01:00Z");
    answer();
    const third = await queryOsv(deps, { cache, now, ...FAST });
    expect(third).toEqual(first);
  });

  it("does not cache failures", async () => {
    const clock = new Date("2026-03-01T08:00:00Z");
    const cache = memoryOsvCache(() => clock);
    nock(OSV).post("/v1/querybatch").reply(500, "boom");
    expect((await queryOsv(deps, { cache, now: () => clock, retries: 0 })).status).toBe("unknown");
    expect(cache.size()).toBe(0);
  });

  it("refetches a cached record when the batch says it was modified since", async () => {
    const clock = new Date("2026-03-01T08:00:00Z");
    const cache = memoryOsvCache(() => clock);
    cache.set("osv/v1/vuln/GHSA-35jh-r3h4-6jhm", {
      id: "GHSA-35jh-r3h4-6jhm",
      modified: "2021-05-06T16:05:51Z",
      withdrawn: false,
      summary: "older text",
      aliases: [],
      severity: "moderate",
      affected: [],
    });
    answer();
    const result = await queryOsv(deps, { cache, now: () => clock, ...FAST });
    expect(result.vulnerabilities.map((v) => `${v.summary} / ${v.severity}`)).toEqual(["Command Injection in lodash / high"]);
  });

  it("ignores cache entries of the wrong shape and caches that throw", async () => {
    const clock = new Date("2026-03-01T08:00:00Z");
    const broken = { get: () => ({ value: { not: "ids" }, storedAt: clock.toISOString() }), set: () => {} };
    answer();
    expect((await queryOsv(deps, { cache: broken, now: () => clock, ...FAST })).vulnerabilities).toHaveLength(1);
    const throwing = {
      get: (): never => {
        throw new Error("disk gone");
      },
      set: (): never => {
        throw new Error("disk gone");
      },
    };
    answer();
    expect((await queryOsv(deps, { cache: throwing, now: () => clock, ...FAST })).status).toBe("ok");
  });
});

describe("CVSS v3 base scores", () => {
  it("matches the scores the advisories publish", () => {
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H")).toBe(7.2);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")).toBe(5.3);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe(9.8);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")).toBe(9.9);
    expect(cvss3BaseScore("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).toBe(6.1);
    expect(cvss3BaseScore("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N")).toBe(0);
  });

  it("rejects other versions and incomplete vectors", () => {
    expect(cvss3BaseScore("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).toBeUndefined();
    expect(cvss3BaseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P")).toBeUndefined();
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H")).toBeUndefined();
  });
});
