import { describe, expect, it } from "@jest/globals";
import { TEST_INSTALLATION_ID, exampleEvent, exampleEventNames, examplePayload } from "../harness/payloads.js";

describe("examplePayload", () => {
  it("returns a real example with the test installation injected", () => {
    const p = examplePayload("pull_request", "opened");
    expect(p.action).toBe("opened");
    expect(p.installation).toEqual({ id: TEST_INSTALLATION_ID, node_id: expect.any(String) });
    expect(typeof p.pull_request.head.sha).toBe("string");
    expect(p.repository.owner.login).toEqual(expect.any(String));
  });

  it("accepts event.action shorthand, pick and patch, and returns independent clones", () => {
    const a = examplePayload("issues.opened", undefined, {
      pick: (p) => p.issue.labels !== undefined,
      patch: (p) => {
        p.issue.title = "patched";
      },
    });
    expect(a.action).toBe("opened");
    expect(a.issue.title).toBe("patched");
    expect(examplePayload("issues.opened").issue.title).not.toBe("patched");
  });

  it("keeps a full installation object (installation events) but overrides its id", () => {
    const p = examplePayload("installation", "created");
    expect(p.installation.id).toBe(TEST_INSTALLATION_ID);
    expect(p.installation.account).toBeDefined();
  });

  it("can leave the installation alone", () => {
    const p = examplePayload("push", undefined, { installationId: null }) as { installation?: unknown };
    expect(p.installation).toBeUndefined();
  });

  it("throws a clear error when nothing matches", () => {
    expect(() => examplePayload("pull_request", "exploded")).toThrow(/no example for "pull_request" with action "exploded".*Actions with examples: .*opened/);
    expect(() => examplePayload("pull_request", "opened", () => false)).toThrow(/accepted by the pick function/);
    expect(() => examplePayload("not_an_event" as "push")).toThrow(/no examples for event "not_an_event"/);
  });

  it("exampleEvent builds a receivable event", () => {
    const e = exampleEvent("check_suite.requested");
    expect(e.name).toBe("check_suite");
    expect(e.payload.action).toBe("requested");
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(exampleEventNames()).toContain("check_suite");
  });
});
