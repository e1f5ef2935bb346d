/**
 * A problem the user can fix (a wrong path, an invalid config, a bad flag). The CLI prints
 * it as one line and exits with `exitCode`; no stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "UserError";
  }
}
