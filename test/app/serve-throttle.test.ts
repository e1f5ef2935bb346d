/**
 * Writes are throttled per installation (GitHub's secondary limits are per token): Probot's
 * event octokit has no throttle id, so without this every installation would share one queue.
 */
import { expect, it } from "@jest/globals";
import { PerInstallationOctokit, withInstallationThrottle } from "../../src/app/serve.js";

it("gives each installation its own throttle id, and leaves app-level or unthrottled clients alone", () => {
  expect(withInstallationThrottle({ auth: { installationId: 42 }, throttle: { enabled: true } }).throttle).toEqual({ enabled: true, id: "installation-42" });
  expect(withInstallationThrottle({ auth: { appId: 1 }, throttle: { enabled: true } }).throttle).toEqual({ enabled: true });
  expect(withInstallationThrottle({ auth: { installationId: 42 }, throttle: { enabled: false } }).throttle).toEqual({ enabled: false });
});

it("reaches octokit's throttling plugin through Probot's own defaults", () => {
  const seen: unknown[] = [];
  const Spy = PerInstallationOctokit.plugin((_octokit, options) => void seen.push((options as { throttle?: unknown }).throttle));
  const authStrategy = () => Object.assign(async () => ({ type: "token", token: "t" }), { hook: (request: (r: string, p: object) => unknown, route: string, parameters: object) => request(route, parameters) });
  new Spy({ auth: { installationId: 7 }, authStrategy });
  new Spy({ auth: { installationId: 8 }, authStrategy });
  expect(seen).toEqual([expect.objectContaining({ enabled: true, id: "installation-7" }), expect.objectContaining({ enabled: true, id: "installation-8" })]);
});
