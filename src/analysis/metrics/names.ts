/** The name of a function or container that has none and is not assigned to one. */
export const ANONYMOUS = "<anonymous>";

/** Names can be arbitrarily long expressions (computed keys, receivers); keep reports readable. */
export function shortName(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
