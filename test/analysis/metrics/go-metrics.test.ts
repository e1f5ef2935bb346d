import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: Go", () => {
  it("measures functions, methods with pointer and value receivers, and func literals", async () => {
    const text = fixture("server.go");
    expect(await functionMetrics("Go", text)).toEqual([
      // if with &&, if with ||
      fn(text, "Server.ServeHTTP", "method", 5, "func (s *Server) ServeHTTP", 12),
      // range for
      fn(text, "Server.Routes", "method", 2, "func (s Server) Routes", 7),
      // two cases; default adds nothing
      fn(text, "classify", "function", 3, "func classify(", 11),
      // bare for, two select cases, if; the literal is its own function
      fn(text, "drain", "function", 5, "func drain(", 19),
      fn(text, "drain.logf", "lambda", 2, "logf := func", 5),
      // two type-switch cases (`case int, int64` is one label)
      fn(text, "kind", "function", 3, "func kind(", 9),
    ]);
  });

  it("names literals by the variable, field or key they are assigned to", async () => {
    const text = [
      "package p",
      "var onError = func(err error) bool { return err != nil && !quiet }",
      "func (c *Client[T]) Do() {",
      "	c.retry = func() {}",
      "	opts := Options{Check: func(v int) bool { return v > 0 || v < -10 }}",
      "	go func() { for range c.ch {} }()",
      "}",
    ].join("\n");
    expect(complexities(await functionMetrics("Go", text))).toEqual({
      onError: 2,
      "Client.Do": 1,
      "Client.Do.c.retry": 1,
      "Client.Do.Check": 2,
      "Client.Do.<anonymous>": 2,
    });
  });
});
