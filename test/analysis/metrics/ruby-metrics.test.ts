import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: Ruby", () => {
  it("keeps plain blocks in their method and measures lambdas and define_method apart", async () => {
    const text = fixture("cart.rb");
    expect(await functionMetrics("Ruby", text)).toEqual([
      fn(text, "Shop.Cart.initialize", "method", 1, "def initialize(", 3),
      // the `sum do … end` block belongs to the method: its modifier if and || count here
      fn(text, "Shop.Cart.total", "method", 3, "def total", 6),
      // two `when`s (`when "TENTH", "WELCOME"` is one); else adds nothing
      fn(text, "Shop.Cart.discount", "method", 3, "def discount(", 7),
      // modifier if, modifier unless inside an `each` block, rescue
      fn(text, "Shop.Cart.checkout!", "method", 4, "def checkout!", 7),
      // rescue modifier; `def self.` is qualified by the class
      fn(text, "Shop.Cart.from_json", "method", 2, "def self.from_json(", 4),
      fn(text, "Shop.Cart.VALID", "lambda", 2, "VALID = ->"), // &&
      fn(text, "Shop.Cart.empty?", "method", 2, "define_method(:empty?)"), // ||
      // top-level: modifier if, `or`
      fn(text, "format_price", "function", 3, "def format_price(", 4),
    ]);
  });

  it("counts unless, until, loops, pattern matching and logical assignment", async () => {
    const text = [
      "class Worker",
      "  class << self",
      "    def run(queue)",
      "      until queue.empty?", // 1
      "        job = queue.pop",
      "        next unless job", // 1
      "        for attempt in 1..3 do", // 1
      "          break if job.call", // 1
      "        end",
      "      end",
      "      @last ||= Time.now", // 1
      "      @count &&= @count + 1", // 1
      "      case queue",
      "      in [] then :empty", // 1
      "      in [first, *] if first then :busy", // 1 + guard
      "      end",
      "    end",
      "  end",
      "  HANDLER = lambda do |event|",
      "    event.ok? ? :ok : :retry", // 1
      "  end",
      "  RETRY = proc { |e| e.retry! while e.retryable? }", // 1
      "end",
    ].join("\n");
    expect(complexities(await functionMetrics("Ruby", text))).toEqual({
      // `class << self` adds no name of its own
      "Worker.run": 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2,
      "Worker.HANDLER": 2,
      "Worker.RETRY": 2,
    });
  });
});
