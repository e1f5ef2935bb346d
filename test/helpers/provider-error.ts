import { expect } from "@jest/globals";
import { ProviderError } from "../../src/llm/types.js";

/** Awaits a call that must fail with a ProviderError, and returns the error for further checks. */
export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}
