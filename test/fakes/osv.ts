import http from "node:http";
import type { AddressInfo } from "node:net";

/** A vulnerability record shaped like OSV's `GET /v1/vulns/{id}` answer. */
export interface FakeVuln {
  id: string;
  summary: string;
  aliases?: string[];
  affects: { ecosystem: string; name: string; versions: string[]; fixed?: string };
  severity?: "CRITICAL" | "HIGH" | "MODERATE" | "LOW";
}

export interface FakeOsv {
  url: string;
  requests: { method: string; path: string; body: unknown }[];
  /** Makes every later request answer with this HTTP status (e.g. 500), or back to normal with null. */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

/**
 * A small HTTP server speaking the two OSV endpoints Lodestar uses: `POST /v1/querybatch`
 * (ids per query, in order) and `GET /v1/vulns/{id}` (the full record), with the real
 * API's shapes — `affected[].ranges[].events`, `database_specific.severity`, aliases.
 */
export async function startFakeOsv(vulns: readonly FakeVuln[]): Promise<FakeOsv> {
  const requests: FakeOsv["requests"] = [];
  let failure: number | null = null;
  const record = (v: FakeVuln) => ({
    id: v.id,
    summary: v.summary,
    details: `${v.summary}.`,
    aliases: v.aliases ?? [],
    modified: "2026-10-01T00:00:00Z",
    published: "2021-02-15T00:00:00Z",
    database_specific: { severity: v.severity ?? "HIGH", cwe_ids: ["CWE-1321"], github_reviewed: true },
    affected: [
      {
        package: { ecosystem: v.affects.ecosystem, name: v.affects.name, purl: `pkg:${v.affects.ecosystem.toLowerCase()}/${v.affects.name}` },
        ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, ...(v.affects.fixed ? [{ fixed: v.affects.fixed }] : [])] }],
        versions: v.affects.versions,
      },
    ],
    references: [{ type: "ADVISORY", url: `https://nvd.nist.gov/vuln/detail/${v.aliases?.[0] ?? v.id}` }],
  });
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      requests.push({ method: req.method ?? "", path: req.url ?? "", body });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (failure !== null) return send(failure, { code: 13, message: "internal error" });
      if (req.method === "POST" && req.url === "/v1/querybatch") {
        const queries = (body as { queries?: { package?: { name?: string; ecosystem?: string }; version?: string }[] })?.queries;
        if (!Array.isArray(queries)) return send(400, { code: 3, message: "Invalid query." });
        const results = queries.map((q) => {
          const hits = vulns.filter(
            (v) => v.affects.ecosystem === q.package?.ecosystem && v.affects.name === q.package?.name && v.affects.versions.includes(q.version ?? ""),
          );
          return hits.length ? { vulns: hits.map((v) => ({ id: v.id, modified: "2026-10-01T00:00:00Z" })) } : {};
        });
        return send(200, { results });
      }
      const match = /^\/v1\/vulns\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method === "GET" && match) {
        const v = vulns.find((x) => x.id === decodeURIComponent(match[1]!));
        return v ? send(200, record(v)) : send(404, { code: 5, message: "Bug not found." });
      }
      return send(404, { code: 5, message: "Not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failWith: (status) => void (failure = status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
