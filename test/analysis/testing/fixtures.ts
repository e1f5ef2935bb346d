import { readFileSync } from "node:fs";

/** Text of a file under test/analysis/testing/fixtures. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

/** The CI folders the fixture reports were written in (see fixtures/README.md). */
export const CART_ROOT = "/home/runner/work/cart/cart";
export const SHOP_ROOT = "/home/runner/work/shop/shop";
export const CALC_ROOT = "/home/runner/work/calc/calc";
