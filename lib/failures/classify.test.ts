import { describe, expect, it } from "vitest";
import { classify, orderRules, ruleMatches } from "./classify";
import { BUILTIN_RULES, type Rule } from "./rules";

const rule = (r: Partial<Rule> & Pick<Rule, "name" | "failureClass" | "priority">): Rule => r;
const cls = (message: string, extra: Omit<Parameters<typeof classify>[0], "message"> = {}) =>
  classify({ message, ...extra }).failureClass;

describe("classify with the built-in rules", () => {
  it("calls what no rule matches unknown, with no rule", () => {
    expect(classify({ message: "blorp quux frobnicated the wibble" })).toEqual({
      failureClass: "unknown",
      rule: null,
    });
    expect(classify({ message: "" })).toEqual({ failureClass: "unknown", rule: null });
    expect(classify({ message: "Process exited with code 1", exitCode: 1 }).failureClass).toBe("unknown");
  });

  it("names the rule that matched", () => {
    const r = classify({ message: "read ECONNRESET" });
    expect(r).toEqual({ failureClass: "infra", rule: "network-error" });
    expect(BUILTIN_RULES.some((b) => b.name === r.rule)).toBe(true);
  });

  it("settles overlaps the documented way", () => {
    // A 429 is a rate limit, not a provider error; insufficient_quota (also a 429) is billing.
    expect(cls("API Error: 429 Too Many Requests")).toBe("rate_limit");
    expect(
      cls("Error code: 429 - You exceeded your current quota, please check your plan and billing details."),
    ).toBe("auth");
    // A prompt that is too long is context_overflow even when it came as a 400 invalid_request_error.
    expect(
      cls("prompt is too long: 250001 tokens > 200000 maximum", { type: "invalid_request_error", code: 400 }),
    ).toBe("context_overflow");
    // Killed with 137 is infra, whatever ran.
    expect(cls("Killed", { exitCode: 137, tool: "Bash" })).toBe("infra");
    expect(cls("Credit balance is too low")).toBe("auth");
    expect(cls("Reached maximum number of turns (12)")).toBe("max_turns");
    expect(cls("Reached maximum budget ($2.00)")).toBe("budget_exceeded");
    // git failing for a network reason is git_error; the same network error elsewhere is infra.
    expect(
      cls("fatal: unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com"),
    ).toBe("git_error");
    expect(cls("curl: (6) Could not resolve host: github.com")).toBe("infra");
    // A raw socket timeout is infra; a request or job that timed out is timeout.
    expect(cls("connect ETIMEDOUT 10.1.2.3:443")).toBe("infra");
    expect(cls("Request timed out.")).toBe("timeout");
    // Test output wins over what the tests print.
    expect(
      cls("FAILED tests/test_x.py::test_retry - TimeoutError: timed out\n1 failed, 3 passed in 2.1s"),
    ).toBe("test_failure");
    // A line number that looks like a status code is not one.
    expect(cls("pkg/api/handler.go:429:7: undefined: limiter", { tool: "Bash" })).toBe("build_error");
    // The harness's own node process out of heap is a crash; a build's is infra.
    const heap = "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory";
    expect(cls(heap)).toBe("harness_crash");
    expect(cls(heap, { tool: "Bash" })).toBe("infra");
    // An exception in a tool's output is a tool error; the same from the harness is a crash.
    const te = "TypeError: Cannot read properties of undefined (reading 'map')";
    expect(cls(te, { tool: "Bash" })).toBe("tool_error");
    expect(cls(te)).toBe("harness_crash");
    expect(cls("[Request interrupted by user]")).toBe("cancelled");
    expect(cls("I'm sorry, but I can't assist with that request.")).toBe("refusal");
    expect(cls("Loop detected: the last 5 tool calls were identical")).toBe("looping");
  });

  it("matches a message pattern against the error type too", () => {
    expect(classify({ message: "Request failed", type: "openai.RateLimitError" }).failureClass).toBe(
      "rate_limit",
    );
    expect(classify({ message: "boom", type: "error_max_turns" }).failureClass).toBe("max_turns");
  });
});

describe("classify with custom rules", () => {
  const rules: Rule[] = [
    rule({ name: "b-late", failureClass: "timeout", priority: 30, messagePattern: "boom" }),
    rule({ name: "a-early", failureClass: "infra", priority: 10, messagePattern: "boom" }),
    rule({ name: "c-middle", failureClass: "tool_error", priority: 20, messagePattern: "boom" }),
  ];

  it("tries rules in ascending priority whatever their order in the list", () => {
    expect(classify({ message: "big boom" }, rules)).toEqual({ failureClass: "infra", rule: "a-early" });
    expect(orderRules(rules).map((r) => r.name)).toEqual(["a-early", "c-middle", "b-late"]);
  });

  it("orders equal priorities by name", () => {
    const tie = [
      rule({ name: "zeta", failureClass: "infra", priority: 5, messagePattern: "x" }),
      rule({ name: "alpha", failureClass: "timeout", priority: 5, messagePattern: "x" }),
    ];
    expect(classify({ message: "x" }, tie).rule).toBe("alpha");
  });

  it("skips disabled rules", () => {
    const off = rules.map((r) => (r.name === "a-early" ? { ...r, enabled: false } : r));
    expect(classify({ message: "boom" }, off)).toEqual({ failureClass: "tool_error", rule: "c-middle" });
    expect(
      classify(
        { message: "boom" },
        rules.map((r) => ({ ...r, enabled: false })),
      ),
    ).toEqual({
      failureClass: "unknown",
      rule: null,
    });
  });

  it("lets a user rule placed between built-ins win over the later ones", () => {
    const builtin = BUILTIN_RULES.find((r) => r.name === "network-error");
    expect(builtin).toBeDefined();
    const mine = rule({
      name: "our-db-is-down",
      failureClass: "provider_error",
      priority: (builtin?.priority ?? 0) - 5,
      messagePattern: String.raw`ECONNREFUSED 10\.0\.4\.\d+:5432`,
    });
    const all = [...BUILTIN_RULES, mine];
    expect(classify({ message: "connect ECONNREFUSED 10.0.4.17:5432" }, all).rule).toBe("our-db-is-down");
    expect(classify({ message: "connect ECONNREFUSED 10.9.9.9:6379" }, all).rule).toBe("network-error");
  });

  it("requires every given condition: tool, harness, model, exit code, code, error type", () => {
    const r = rule({
      name: "all",
      failureClass: "tool_error",
      priority: 1,
      tool: "Bash",
      harness: "claude-code",
      model: "claude-*",
      exitCode: 2,
      code: "E42",
      errorType: "ShellError|ExecError",
      messagePattern: "^oops",
    });
    const input = {
      message: "oops it broke",
      tool: "bash",
      harness: "Claude-Code",
      model: "claude-sonnet-4-5",
      exitCode: 2,
      code: "e42",
      type: "ExecError",
    };
    expect(ruleMatches(r, input)).toBe(true);
    expect(ruleMatches(r, { ...input, tool: "Edit" })).toBe(false);
    expect(ruleMatches(r, { ...input, tool: null })).toBe(false);
    expect(ruleMatches(r, { ...input, harness: "codex" })).toBe(false);
    expect(ruleMatches(r, { ...input, model: "gpt-5" })).toBe(false);
    expect(ruleMatches(r, { ...input, model: undefined })).toBe(false);
    expect(ruleMatches(r, { ...input, exitCode: 1 })).toBe(false);
    expect(ruleMatches(r, { ...input, exitCode: null })).toBe(false);
    expect(ruleMatches(r, { ...input, code: "E43" })).toBe(false);
    expect(ruleMatches(r, { ...input, type: "Error" })).toBe(false);
    expect(ruleMatches(r, { ...input, message: "well, oops" })).toBe(false);
  });

  it("compares codes as strings and globs with *", () => {
    const status = rule({ name: "5xx", failureClass: "provider_error", priority: 1, code: "5*" });
    expect(ruleMatches(status, { message: "", code: 503 })).toBe(true);
    expect(ruleMatches(status, { message: "", code: "529" })).toBe(true);
    expect(ruleMatches(status, { message: "", code: 429 })).toBe(false);
    const anyTool = rule({ name: "any", failureClass: "tool_error", priority: 1, tool: "*" });
    expect(ruleMatches(anyTool, { message: "x", tool: "mcp__github__create_pr" })).toBe(true);
    expect(ruleMatches(anyTool, { message: "x" })).toBe(false);
    const mcp = rule({ name: "mcp", failureClass: "tool_error", priority: 1, tool: "mcp__*" });
    expect(ruleMatches(mcp, { message: "x", tool: "mcp__linear__search" })).toBe(true);
    expect(ruleMatches(mcp, { message: "x", tool: "Bash" })).toBe(false);
  });

  it("matches exit code 0 and treats empty conditions as absent", () => {
    const zero = rule({ name: "zero", failureClass: "unknown", priority: 1, exitCode: 0, tool: "" });
    expect(ruleMatches(zero, { message: "", exitCode: 0 })).toBe(true);
    expect(ruleMatches(zero, { message: "" })).toBe(false);
  });

  it("never matches with a rule that has no condition, and skips a broken regex without throwing", () => {
    const none = rule({ name: "none", failureClass: "infra", priority: 1 });
    const broken = rule({ name: "broken", failureClass: "infra", priority: 2, messagePattern: "(unclosed" });
    const fallback = rule({ name: "ok", failureClass: "timeout", priority: 3, messagePattern: "unclosed" });
    expect(classify({ message: "(unclosed" }, [none, broken, fallback])).toEqual({
      failureClass: "timeout",
      rule: "ok",
    });
  });

  it("matches message patterns case-insensitively, with ^ and $ at line breaks", () => {
    const r = rule({
      name: "line",
      failureClass: "build_error",
      priority: 1,
      messagePattern: "^error TS\\d+$",
    });
    expect(ruleMatches(r, { message: "src/a.ts(1,2): x\nERROR TS2322\nmore" })).toBe(true);
  });

  it("looks at both ends of a very long message", () => {
    const tail = "x".repeat(50_000).concat("\nCONFLICT (content): Merge conflict in a.ts");
    expect(cls(tail)).toBe("git_error");
  });
});
