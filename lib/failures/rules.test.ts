import { describe, expect, it } from "vitest";
import { BUILTIN_RULES, type Rule, validateRule } from "./rules";
import { FAILURE_CLASS_INFO, FAILURE_CLASSES } from "./taxonomy";

const base: Rule = { name: "r", failureClass: "infra", priority: 100, messagePattern: "ENOSPC" };

describe("taxonomy", () => {
  it("has exactly the classes of the design, each with a label, a description and a distinct colour", () => {
    expect([...FAILURE_CLASSES]).toEqual([
      "rate_limit",
      "provider_error",
      "auth",
      "context_overflow",
      "max_turns",
      "budget_exceeded",
      "timeout",
      "tool_error",
      "test_failure",
      "build_error",
      "git_error",
      "infra",
      "harness_crash",
      "refusal",
      "looping",
      "cancelled",
      "unknown",
    ]);
    const colors = FAILURE_CLASSES.map((c) => FAILURE_CLASS_INFO[c].color.toLowerCase());
    for (const c of colors) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(colors).size).toBe(colors.length);
    for (const c of FAILURE_CLASSES) {
      expect(FAILURE_CLASS_INFO[c].label.length).toBeGreaterThan(0);
      expect(FAILURE_CLASS_INFO[c].description.length).toBeGreaterThan(10);
    }
  });
});

describe("built-in rules", () => {
  it("are all valid, uniquely named, spaced by 10 in the order they are listed", () => {
    for (const r of BUILTIN_RULES) expect(validateRule(r), r.name).toBeNull();
    expect(new Set(BUILTIN_RULES.map((r) => r.name)).size).toBe(BUILTIN_RULES.length);
    expect(BUILTIN_RULES.map((r) => r.priority)).toEqual(BUILTIN_RULES.map((_, i) => (i + 1) * 10));
  });

  it("cover every class but unknown, which is what no rule matched", () => {
    const covered = new Set(BUILTIN_RULES.map((r) => r.failureClass));
    for (const c of FAILURE_CLASSES.filter((c) => c !== "unknown")) expect(covered.has(c), c).toBe(true);
    expect(covered.has("unknown")).toBe(false);
  });
});

describe("validateRule", () => {
  it("accepts a rule with at least one condition", () => {
    expect(validateRule(base)).toBeNull();
    expect(validateRule({ name: "t", failureClass: "tool_error", priority: 5, tool: "mcp__*" })).toBeNull();
    expect(validateRule({ name: "x", failureClass: "infra", priority: -10, exitCode: 0 })).toBeNull();
  });

  it("rejects a rule without any condition", () => {
    expect(validateRule({ name: "empty", failureClass: "infra", priority: 1 })).toMatch(
      /at least one condition/,
    );
    expect(
      validateRule({
        name: "blank",
        failureClass: "infra",
        priority: 1,
        messagePattern: " ",
        tool: "",
        code: null,
      }),
    ).toMatch(/at least one condition/);
  });

  it("rejects an invalid regular expression", () => {
    expect(validateRule({ ...base, messagePattern: "(unclosed" })).toMatch(/Invalid message pattern/);
    expect(validateRule({ ...base, messagePattern: "a{2,1}" })).toMatch(/Invalid message pattern/);
  });

  it("rejects a missing name, an unknown class, a bad priority or exit code, an overlong pattern", () => {
    expect(validateRule({ ...base, name: " " })).toMatch(/name/);
    expect(validateRule({ ...base, failureClass: "nope" as Rule["failureClass"] })).toMatch(
      /Unknown failure class/,
    );
    expect(validateRule({ ...base, priority: 1.5 })).toMatch(/Priority/);
    expect(validateRule({ ...base, priority: Number.NaN })).toMatch(/Priority/);
    expect(validateRule({ ...base, exitCode: 1.2 })).toMatch(/Exit code/);
    expect(validateRule({ ...base, messagePattern: "a".repeat(5000) })).toMatch(/too long/);
  });
});
