/** Probot's default secret, which any sender knows. */
const DEFAULT_SECRET = "development";

/** Raised for a problem the user fixes in their settings: printed as one line, no stack. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/**
 * In production a webhook secret must be set and must not be Probot's default: otherwise
 * anyone could forge events. Throws a StartupError with one clear line.
 */
export function assertSafeWebhookSecret(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== "production") return;
  const secret = env.WEBHOOK_SECRET ?? "";
  if (secret.trim() === "") {
    throw new StartupError("WEBHOOK_SECRET is empty; refusing to start in production (set it to the secret of your GitHub App).");
  }
  if (secret === DEFAULT_SECRET) {
    throw new StartupError('WEBHOOK_SECRET is "development"; refusing to start in production (set it to the secret of your GitHub App).');
  }
}
