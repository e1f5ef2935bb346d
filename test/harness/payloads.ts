/**
 * Real webhook payloads from @octokit/webhooks-examples (community-contributed captures of what
 * GitHub actually sends), so handlers are exercised with the shapes GitHub produces rather than
 * hand-written minimal objects.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";

/** Installation id injected into every example payload (and the default for `mockInstallationToken`). */
export const TEST_INSTALLATION_ID = 12345;
export const TEST_INSTALLATION_NODE_ID = "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMTIzNDU=";

interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Array<Record<string, unknown>>;
}

let definitions: WebhookDefinition[] | undefined;

function loadDefinitions(): WebhookDefinition[] {
  if (!definitions) {
    const require = createRequire(import.meta.url);
    // The package's `main` is api.github.com/index.json: an array of {name, actions, examples[]} per event.
    const file = require.resolve("@octokit/webhooks-examples");
    definitions = JSON.parse(readFileSync(file, "utf8")) as WebhookDefinition[];
  }
  return definitions;
}

/** Payload type for an event name (`"issues"`) or event.action name (`"issues.opened"`). */
export type PayloadOf<E extends EmitterWebhookEventName> = EmitterWebhookEvent<E>["payload"];

/** `("pull_request", "opened")` is typed like `"pull_request.opened"`. */
export type NarrowedPayload<E extends EmitterWebhookEventName, A extends string | undefined> = A extends string
  ? `${E}.${A}` extends EmitterWebhookEventName
    ? PayloadOf<`${E}.${A}`>
    : PayloadOf<E>
  : PayloadOf<E>;

export interface ExampleOptions<P> {
  /** Choose among several matching examples (default: the first). */
  pick?: (payload: P) => boolean;
  /** Edit the (already cloned) payload; may mutate it in place or return a replacement. */
  patch?: (payload: P) => P | void;
  /** Installation id to inject; `null` leaves the example's own `installation` (or none) untouched. */
  installationId?: number | null;
}

/** Event names that have at least one example. */
export function exampleEventNames(): string[] {
  return loadDefinitions().map((d) => d.name);
}

/**
 * A deep clone of a real example payload for `event` (e.g. `"pull_request"`), optionally restricted
 * to `action`, with `installation` set so Probot can authenticate as installation 12345. Accepts
 * `"pull_request.opened"` as shorthand for `("pull_request", "opened")`.
 */
export function examplePayload<E extends EmitterWebhookEventName, A extends string | undefined = undefined>(
  event: E,
  action?: A,
  pickOrOptions?: ((payload: NarrowedPayload<E, A>) => boolean) | ExampleOptions<NarrowedPayload<E, A>>,
): NarrowedPayload<E, A> {
  type P = NarrowedPayload<E, A>;
  const options: ExampleOptions<P> = typeof pickOrOptions === "function" ? { pick: pickOrOptions } : (pickOrOptions ?? {});
  let [name, act] = splitEvent(event);
  if (action !== undefined) {
    if (act !== undefined && act !== action) {
      throw new Error(`examplePayload(${JSON.stringify(event)}, ${JSON.stringify(action)}): conflicting actions`);
    }
    act = action;
  }
  const definition = loadDefinitions().find((d) => d.name === name);
  if (!definition) {
    throw new Error(
      `examplePayload: @octokit/webhooks-examples has no examples for event ${JSON.stringify(name)}. ` +
        `Known events: ${exampleEventNames().join(", ")}`,
    );
  }
  const candidates = definition.examples.filter((p) => act === undefined || p["action"] === act);
  const found = candidates.find((p) => !options.pick || options.pick(p as unknown as P));
  if (!found) {
    const actions = [...new Set(definition.examples.map((p) => String(p["action"] ?? "(none)")))];
    throw new Error(
      `examplePayload: no example for ${JSON.stringify(name)}` +
        (act !== undefined ? ` with action ${JSON.stringify(act)}` : "") +
        (options.pick && candidates.length > 0 ? ` accepted by the pick function (${candidates.length} candidates)` : "") +
        `. Actions with examples: ${actions.join(", ")}`,
    );
  }
  let payload = structuredClone(found) as Record<string, unknown>;
  const installationId = options.installationId === undefined ? TEST_INSTALLATION_ID : options.installationId;
  if (installationId !== null) {
    const existing = payload["installation"];
    // Some examples (e.g. `installation.*`) carry a full installation object: keep it, override the id.
    payload["installation"] =
      existing && typeof existing === "object"
        ? { ...(existing as Record<string, unknown>), id: installationId, node_id: TEST_INSTALLATION_NODE_ID }
        : { id: installationId, node_id: TEST_INSTALLATION_NODE_ID };
  }
  if (options.patch) {
    const replaced = options.patch(payload as unknown as P);
    if (replaced !== undefined) payload = replaced as unknown as Record<string, unknown>;
  }
  return payload as unknown as P;
}

let deliveryCounter = 0;

/**
 * A complete event for `probot.receive()` / `webhooks.receive()`:
 * `{ id, name, payload }` with a real example payload (see `examplePayload`).
 */
export function exampleEvent<E extends EmitterWebhookEventName>(
  event: E,
  options: ExampleOptions<PayloadOf<E>> & { action?: string; id?: string } = {},
): EmitterWebhookEvent<E> {
  const [name] = splitEvent(event);
  const payload: unknown = examplePayload<EmitterWebhookEventName, string | undefined>(
    event,
    options.action,
    options as ExampleOptions<unknown> as ExampleOptions<PayloadOf<EmitterWebhookEventName>>,
  );
  deliveryCounter += 1;
  return {
    id: options.id ?? `00000000-0000-4000-8000-${String(deliveryCounter).padStart(12, "0")}`,
    name,
    payload,
  } as unknown as EmitterWebhookEvent<E>;
}

function splitEvent(event: string): [string, string | undefined] {
  const dot = event.indexOf(".");
  return dot === -1 ? [event, undefined] : [event.slice(0, dot), event.slice(dot + 1)];
}
