/**
 * Errors the state module throws. They are classes so callers (the CLI, the app's
 * startup) can tell "your state file is from a newer Lodestar" apart from I/O trouble.
 */

/** A file's bytes are not a document we can use (bad JSON, or JSON of the wrong shape). */
export class CorruptFileError extends Error {
  override readonly name = "CorruptFileError";
  constructor(
    /** The file that failed to parse or validate. */
    readonly path: string,
    /** Why it was rejected, in words suitable for a warning. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/**
 * The state file was written by a newer Lodestar whose schema this code does not know.
 * We refuse to load it and never write over it: downgrading would silently drop data.
 */
export class StateVersionError extends Error {
  override readonly name = "StateVersionError";
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `state file ${path} has schema version ${fileVersion}, but this Lodestar only knows ` +
        `versions up to ${supportedVersion}. Upgrade Lodestar, or point LODESTAR_STATE_DIR ` +
        `elsewhere; the file was left untouched.`,
    );
  }
}

/** The cross-process lock could not be taken, or was lost while we held it. */
export class StateLockError extends Error {
  override readonly name = "StateLockError";
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
