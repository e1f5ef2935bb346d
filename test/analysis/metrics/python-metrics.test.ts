import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: Python", () => {
  it("measures decorated functions, nested functions, methods, lambdas and match statements", async () => {
    const text = fixture("inventory.py");
    expect(await functionMetrics("Python", text)).toEqual([
      // Nested functions are their own entries: nothing of decorator/wrapper counts here.
      fn(text, "retry", "function", 1, "def retry(times):", "    return decorator"),
      fn(text, "retry.decorator", "function", 1, "def decorator(fn):", "        return wrapper"),
      // for, except, if; the function starts at `def`, after its decorator
      fn(text, "retry.decorator.wrapper", "function", 4, "def wrapper(*args", 7),
      // and (`not` is no decision)
      fn(text, "Item.in_stock", "method", 2, "def in_stock(self):", 2),
      // the comprehension's for and if, and `or`
      fn(text, "Inventory.__init__", "method", 4, "def __init__(self", 2),
      // if, elif, while
      fn(text, "Inventory.restock", "method", 4, "async def restock", "return True"),
      // three tested cases and one guard; `case _` is the catch-all
      fn(text, "Inventory.describe", "method", 5, "def describe(self, sku):", 'return "available"'),
      // conditional expression; the lambda is its own function
      fn(text, "Inventory.cheapest", "method", 2, "def cheapest(self, prices):", 3),
      fn(text, "Inventory.cheapest.key", "lambda", 2, "key = lambda sku"),
    ]);
  });

  it("counts each comprehension clause and each boolean operator", async () => {
    const text = [
      "def pairs(xs, ys):",
      "    return [(x, y) for x in xs if x for y in ys if y if x != y]", // 2 for + 3 if
      "",
      "def chained(a, b, c):",
      "    return a and b and c or not a", // and, and, or
      "",
      "def loops(items):",
      "    for item in items:",
      "        pass",
      "    else:",
      "        pass", // for-else: the else adds nothing
      "    with open('f') as handle:",
      "        assert handle",
      "    try:",
      "        pass",
      "    except (KeyError, ValueError):",
      "        pass",
      "    except Exception:",
      "        pass",
      "    finally:",
      "        pass",
      "",
      "sort = sorted(range(3), key=lambda v: -v if v else v)",
    ].join("\n");
    expect(complexities(await functionMetrics("Python", text))).toEqual({
      pairs: 6,
      chained: 4,
      loops: 1 + 1 + 2,
      "<anonymous>": 2,
    });
  });

  it("does not count a match arm that only catches everything", async () => {
    const text = "def http(status):\n    match status:\n        case 200 | 201:\n            return 'ok'\n        case _ if status > 500:\n            return 'down'\n        case _:\n            return 'other'\n";
    // one tested case, one guard (on a catch-all arm), and the bare catch-all
    expect(complexities(await functionMetrics("Python", text))).toEqual({ http: 3 });
  });
});
