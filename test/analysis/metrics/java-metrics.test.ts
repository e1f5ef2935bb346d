import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: Java", () => {
  it("measures constructors, annotated methods, lambdas, records and interface default methods", async () => {
    const text = fixture("OrderService.java");
    expect(await functionMetrics("Java", text)).toEqual([
      fn(text, "OrderService.OrderService", "constructor", 2, "public OrderService(List<Order> orders)", 3), // ?:
      // starts after @Override
      fn(text, "OrderService.toString", "method", 1, "public String toString()", 3),
      fn(text, "OrderService.total", "method", 4, "public double total(", 9), // for-each, if, &&
      fn(text, "OrderService.status", "method", 4, "public String status(", 11), // three case labels
      fn(text, "OrderService.sorted", "method", 1, "public List<Order> sorted()", 4),
      fn(text, "OrderService.sorted.byAmount", "lambda", 2, "byAmount = (a, b)"), // ?:
      fn(text, "OrderService.parse", "method", 2, "public int parse(", 9), // one catch; finally adds nothing
      fn(text, "OrderService.Order.Order", "constructor", 2, "        Order {", 3), // if
      fn(text, "OrderService.Order.label", "method", 3, "String label()", 7), // `case NEW, PAID` is one label
      // the bodiless interface method is skipped
      fn(text, "OrderService.Listener.accepts", "method", 2, "default boolean accepts(", 3),
    ]);
  });

  it("counts loops, guards and labels of both switch forms", async () => {
    const text = [
      "class Loops {",
      "  int run(Object o, int[] xs) {",
      "    int n = 0;",
      "    for (int i = 0; i < xs.length; i++) n++;", // 1
      "    while (n > 0) n--;", // 1
      "    do { n++; } while (n < 3 || n == 7);", // 2
      "    return switch (o) {",
      "      case Integer i when i > 0 -> i;", // label + guard
      "      case String s -> s.length();", // 1
      "      default -> 0;",
      "    };",
      "  }",
      "  void anonymous() {",
      "    pool.submit(new Runnable() { public void run() { if (ready) go(); } });",
      "  }",
      "}",
    ].join("\n");
    expect(complexities(await functionMetrics("Java", text))).toEqual({
      "Loops.run": 1 + 1 + 1 + 2 + 2 + 1,
      "Loops.anonymous": 1,
      // an anonymous class not assigned to a name adds nothing to the name
      "Loops.anonymous.run": 2,
    });
  });
});
