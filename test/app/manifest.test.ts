import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { parse } from "yaml";

const manifest = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8"));

describe("app.yml", () => {
  it("asks for the least privilege Lodestar needs, and never for workflows", () => {
    expect(manifest.default_permissions).toEqual({ checks: "write", contents: "write", pull_requests: "write", issues: "write", metadata: "read", actions: "read" });
    expect(Object.keys(manifest.default_permissions)).not.toContain("workflows");
  });

  it("subscribes to the events the app handles", () => {
    expect(manifest.default_events).toEqual(["push", "pull_request", "issues", "issue_comment"]);
  });
});
