import { describe, expect, it } from "@jest/globals";
import { functionMetrics } from "../../../src/analysis/metrics/index.js";
import { complexities, fixture, fn } from "./helpers.js";

describe("functionMetrics: C#", () => {
  it("measures properties, constructors, local functions, lambdas and switch expressions", async () => {
    const text = fixture("Account.cs");
    expect(await functionMetrics("C#", text)).toEqual([
      // auto-properties (`{ get; init; }`) have no body and are skipped
      fn(text, "Account.Balance.get", "accessor", 2, "            get", 6), // foreach
      fn(text, "Account.IsOverdrawn", "accessor", 2, "public bool IsOverdrawn"), // &&
      fn(text, "Account.Account", "constructor", 2, "public Account(string owner)", 4), // ??
      // starts after its attribute
      fn(text, "Account.Deposit", "method", 2, "public void Deposit(", 6), // if
      // three tested arms, one `when`; `_` is the catch-all
      fn(text, "Account.Classify", "method", 5, "public string Classify()", 10),
      // do-while, if, catch, catch filter; the local function and lambda are their own
      fn(text, "Account.Withdraw", "method", 5, "public int Withdraw(", 20),
      fn(text, "Account.Withdraw.Valid", "function", 3, "bool Valid("), // &&, ||
      fn(text, "Account.Withdraw.fee", "lambda", 2, "Func<decimal, decimal> fee"), // ?:
    ]);
  });

  it("counts case labels, guards, ??= and loops; names operators, indexers and destructors", async () => {
    const text = [
      "struct Money {",
      "  public static Money operator +(Money a, Money b) => a.Cents > 0 ? a : b;",
      "  public static implicit operator long(Money m) => m.Cents;",
      "  public long this[int i] { get { return i > 0 ? 1 : 0; } }",
      "  ~Money() { }",
      "  string Kind(object o) {",
      "    _cache ??= new();", // 1
      "    for (var i = 0; i < 3; i++) { }", // 1
      "    while (o == null) { }", // 1
      "    switch (o) {",
      "      case 1: case 2: return \"small\";", // 2
      "      case int n when n > 100: return \"big\";", // 1 + guard
      "      default: return \"other\";",
      "    }",
      "  }",
      "  abstract void Later();",
      "}",
    ].join("\n");
    expect(complexities(await functionMetrics("C#", text))).toEqual({
      "Money.operator +": 2,
      "Money.implicit operator long": 1,
      "Money.this.get": 2,
      "Money.~Money": 1,
      "Money.Kind": 1 + 1 + 1 + 1 + 2 + 2,
    });
  });
});
